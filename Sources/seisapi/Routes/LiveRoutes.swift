import CacheServices
import ChunkStore
import HTTPTypes
import HummingbirdCore
import Hummingbird
import NIOCore
import NIOHTTP1

/// `GET /live?network&volcano&station&location&channel` (Docs/api.md): a WebSocket that sends
/// one JSON text message, then one binary message per record of the channel — the newest
/// `LIVE_BUFFER_MINUTES` the replica holds, then each record as its SeedLink feed delivers it.
///
/// Every refusal is an HTTP answer before the upgrade, JSON as `/data`'s: 404 without `--live`,
/// 400 for a missing or malformed parameter, 404 for a volcano or channel this replica does
/// not follow, 503 with `Retry-After` past a listener limit. A plain `GET` (no upgrade) gets
/// the same refusals, else 426: a player can learn why its WebSocket was refused (a browser's
/// WebSocket never sees the status).
struct LiveRoutes {
    var services: APIServices

    static let path = "/live"

    func add(to router: Router<APIRequestContext>) {
        router.get(RouterPath(stringLiteral: Self.path)) { request, _ -> Response in
            _ = try channel(request.uri.parameters)
            var error = APIError(
                .upgradeRequired,
                "/live is a WebSocket: open it with a WebSocket client (new WebSocket(\"ws://…/live?…\")) on a new connection")
            error.headers[.upgrade] = "websocket"
            throw error
        }
    }

    /// The followed channel a query names.
    /// - Throws: ``APIError`` 404 when live listening is off, else ``LiveListening/channel(_:known:)``'s.
    private func channel(_ parameters: [String: String]) throws(APIError) -> (LiveListening, ChannelHome) {
        guard let live = services.live else {
            throw APIError(
                .notFound, "live listening is not configured on this server (seisapi serve --live seedlink:HOST:PORT)")
        }
        return (live, try live.channel(parameters, known: services.data.known))
    }

    /// Decides a request asking for a WebSocket: `/live` takes a listener and upgrades, or
    /// refuses with its HTTP error; other paths are served as plain HTTP.
    func decide(_ head: HTTPRequestHead, _ connection: any Channel) async -> WebSocketDecision {
        let uri = URI(head.uri)
        guard head.method == .GET, uri.path == Self.path else { return .notWebSocket }
        do throws(APIError) {
            let (live, home) = try channel(uri.parameters)
            let listener = try await live.listen(to: home)
            let kept = await live.channels.kept(home.sourceID)
            let hello = LiveSession.Hello(
                channel: "\(home.sourceID)", volcano: home.volcano, sampleRate: kept.last?.sampleRate ?? home.sampleRate,
                bufferMinutes: Int(live.channels.limits.bufferDuration.components.seconds / 60),
                backlogRecords: listener.backlog)
            let session = LiveSession(listener: listener, hello: hello, queuedRecords: live.channels.limits.queuedRecords)
            return .accept { frames, logger in await session.run(frames, logger: logger) }
        } catch {
            return .refuse(error)
        }
    }
}
