import CacheServices
import HTTPTypes
import ChunkStore
import Logging
import Pipeline
import SeedCore
import WaveformSources

/// `/live`'s parts on a replica started with `--live` (``APIServices/live``): the one upstream
/// SeedLink connection (``LiveFeed``, a service beside the HTTP server) feeding the channels'
/// rings and listeners (``LiveChannels``), for the station config's channels.
struct LiveListening: Sendable {
    /// The SeedLink server followed.
    let source: LiveSourceChoice
    /// The rings and listeners.
    let channels: LiveChannels
    /// The upstream connection.
    let feed: LiveFeed
    /// The channels followed (the station config's), with their volcano and nominal rate.
    let followed: [SourceID: ChannelHome]

    /// The `Retry-After` of a refusal past a listener limit, in seconds.
    static let retryAfterSeconds = 10

    /// Wires the feed of `channels` from `source` with `config`'s limits.
    init(source: LiveSourceChoice, channels: [ChannelHome], config: APIConfig, logger: Logger) {
        self.source = source
        self.channels = LiveChannels(
            limits: LiveChannels.Limits(
                bufferDuration: config.liveBuffer, listenersPerChannel: config.liveListenersPerChannel,
                listeners: config.liveListeners, queuedRecords: config.liveQueuedRecords))
        self.followed = Dictionary(channels.map { ($0.sourceID, $0) }, uniquingKeysWith: { first, _ in first })
        self.feed = LiveFeed(
            source: source.source, followed: channels.map(\.sourceID), into: self.channels, logger: logger)
    }

    /// The followed channel a `/live` query asks for, validated as `/data` validates its
    /// channel (``DataQuery/channel(_:)``).
    /// - Throws: ``APIError`` 400 naming a missing or malformed parameter, 404 naming
    ///   `volcano` or `channel` when this server does not follow it live.
    func channel(_ parameters: [String: String], known: KnownChannels) throws(APIError) -> ChannelHome {
        let asked: ChannelHome
        do {
            asked = try DataQuery.channel(parameters)
        } catch {
            throw APIError(.badRequest, error.message, field: error.field)
        }
        guard known.knowsVolcano(asked.volcano) else {
            throw APIError(
                .notFound, "unknown volcano \"\(asked.volcano)\"; GET /api/stations lists the volcanoes this API serves",
                field: "volcano")
        }
        guard let home = followed[asked.sourceID], home.volcano == asked.volcano else {
            throw APIError(
                .notFound,
                "\(asked.sourceID) is not a channel of \(asked.volcano) this API follows live (the station config's channels); GET /api/stations lists them",
                field: "channel")
        }
        return home
    }

    /// A new listener of `home`'s channel.
    /// - Throws: ``APIError`` 503 with `Retry-After` past a listener limit.
    func listen(to home: ChannelHome) async throws(APIError) -> LiveListener {
        do {
            return try await channels.listen(to: home.sourceID)
        } catch {
            guard case .tooManyListeners(let limit) = error else { throw APIError.internalFailure(error) }
            var answer = APIError(.serviceUnavailable, "this server has \(limit) already; try again shortly")
            answer.headers[.retryAfter] = "\(Self.retryAfterSeconds)"
            throw answer
        }
    }
}
