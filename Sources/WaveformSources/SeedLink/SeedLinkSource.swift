public import Logging
public import SeedCore

/// A SeedLink server as a live waveform source: ``SeedLinkClient`` following the channels
/// asked for, each record handed over with the ``SeedLinkPosition`` that resumes after it.
public struct SeedLinkSource: LiveWaveformSource {
    /// The server and the client's timeouts.
    public var configuration: SeedLinkClient.Configuration
    /// Paces reconnect delays and keepalives.
    public var clock: any Clock<Duration>

    /// A source reading the server in `configuration`.
    public init(configuration: SeedLinkClient.Configuration, clock: any Clock<Duration> = ContinuousClock()) {
        self.configuration = configuration
        self.clock = clock
    }

    /// `seedlink HOST:PORT`.
    public var displayName: String { "seedlink \(configuration.host):\(configuration.port)" }

    /// No sequence numbers yet: each station starts at the server's newest data.
    public var start: SeedLinkPosition { SeedLinkPosition() }

    public func records(
        of channels: [SourceID], from position: SeedLinkPosition, logger: Logger
    ) -> LiveRecords<SeedLinkPosition> {
        let client = SeedLinkClient(
            configuration: configuration, selection: SeedLinkSelection(channels: channels), logger: logger, clock: clock)
        return LiveRecords { send in
            try await client.follow(from: position) { record, position in
                await send(
                    LiveSourceRecord(channel: record.channel, bytes: record.bytes, trace: record.trace, position: position))
            }
        }
    }
}
