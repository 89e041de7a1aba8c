import CacheServices
import ChunkStore
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
@_spi(WSInternal) import WSCore

/// One `/live` listener's WebSocket (Docs/api.md): first a text message, the JSON
/// ``Hello``; then one binary message per record, ``LiveRecord/frame`` — the kept records
/// first, then each new one. The client's frames are read only for pings and its close. A
/// listener ``LiveChannels`` ended as too slow is closed with ``tooSlowCode`` and a reason
/// saying so; the listener is removed whenever the socket ends.
///
/// The WebSocket protocol itself (pings every ``pingInterval``, answering pings, the closing
/// handshake) is hummingbird-websocket's (`WSCore`'s handler, which its own upgrade uses; our
/// upgrade is ``BoundedHTTP1Channel``'s, so that refusals keep their HTTP status).
struct LiveSession: Sendable {
    /// The first message.
    struct Hello: Encodable, Sendable {
        /// `NET.STA.LOC.CHA`.
        var channel: String
        /// The volcano it is filed under.
        var volcano: String
        /// Samples per second: the newest kept record's, else the catalog's (`null` when neither).
        var sampleRate: Double?
        /// How much of the channel the server keeps (`LIVE_BUFFER_MINUTES`).
        var bufferMinutes: Int
        /// How many of the binary messages that follow are kept records (the rest arrive live).
        var backlogRecords: Int

        enum CodingKeys: String, CodingKey {
            case channel, volcano
            case sampleRate = "sample_rate"
            case bufferMinutes = "buffer_minutes"
            case backlogRecords = "backlog_records"
        }
    }

    /// A listener too slow to take its records (1008, policy violation).
    static let tooSlowCode = WebSocketErrorCode.policyViolation
    /// How often the server pings a listener (a listener that does not answer is closed).
    static let pingInterval: Duration = .seconds(30)
    /// How long the server waits for the listener's answer to its close.
    static let closeTimeout: Duration = .seconds(10)

    let listener: LiveListener
    let hello: Hello
    let queuedRecords: Int

    /// Runs the socket until either side ends it, then removes the listener.
    func run(_ frames: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, logger: Logger) async {
        do {
            _ = try await WebSocketHandler.handle(
                type: .server,
                configuration: .init(
                    extensions: [], autoPing: .enabled(timePeriod: Self.pingInterval), closeTimeout: Self.closeTimeout,
                    validateUTF8: false, maxFrameSize: BoundedHTTP1Channel.maximumWebSocketFrame),
                asyncChannel: frames, context: Context(logger: logger),
                handler: { inbound, outbound, _ in try await stream(inbound, outbound) })
        } catch {
            logger.debug("live: socket ended", metadata: ["error": "\(error)", "channel": "\(listener.channel)"])
        }
        await listener.stop()
    }

    private func stream(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async throws {
        let text = String(decoding: try JSONResponse.encoder.encode(hello), as: UTF8.self)
        let (listener, queued) = (listener, queuedRecords)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The listener's frames: pings are answered while reading; it ends when the listener closes.
            group.addTask { for try await _ in inbound {} }
            group.addTask {
                try await outbound.write(.text(text))
                for await record in listener {
                    try await outbound.writeBinaryMessage(ByteBuffer(bytes: record.frame))
                }
                // Not cancelled: LiveChannels ended the listener.
                guard !Task.isCancelled else { return }
                try await outbound.close(
                    Self.tooSlowCode,
                    reason: "too slow: \(queued) records were waiting to be sent; reconnect to start from the buffer")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private struct Context: WebSocketContext {
        let logger: Logger
    }
}
