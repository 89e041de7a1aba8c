import Logging
import Metrics
import NIOCore

/// Answers a connection past ``ServerLimits/maximumConnections`` (`503 Service Unavailable`)
/// or past its client's ``ServerLimits/maximumConnectionsPerClient`` (`429 Too Many
/// Requests`), with `Retry-After: 1` and `Connection: close`, written at once without
/// reading the request, then the connection is closed.
///
/// The answer costs one write, so a flood of connections cannot make the server work for
/// them, and a client (or the proxy in front) learns at once that it should retry, rather than
/// waiting unanswered in the accept queue. After the answer the write side is shut and what
/// the client still sends is read and dropped for up to a second, so the client reads the
/// 503 instead of a reset.
final class OverCapacityHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Which limit was reached.
    enum Limit: Sendable {
        /// ``ServerLimits/maximumConnections``.
        case serverFull(maximum: Int)
        /// ``ServerLimits/maximumConnectionsPerClient``.
        case clientFull(maximum: Int)
    }

    private let limit: Limit
    private let logger: Logger
    private var closing: Scheduled<Void>?

    init(_ limit: Limit, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// The whole answer.
    static func response(_ limit: Limit) -> String {
        let status: String
        let body: String
        switch limit {
        case .serverFull(let maximum):
            status = "503 Service Unavailable"
            body = #"{"error":"the server is at its connection limit (\#(maximum)); retry in a second"}"#
        case .clientFull(let maximum):
            status = "429 Too Many Requests"
            body = #"{"error":"this client has \#(maximum) connections open, its limit; reuse them or retry in a second"}"#
        }
        return "HTTP/1.1 \(status)\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { answer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        answer(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Dropped: the request is not read.
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing?.cancel()
        context.fireChannelInactive()
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard closing == nil else { return }
        let client = context.remoteAddress?.description ?? "-"
        switch limit {
        case .serverFull(let maximum):
            logger.warning(
                "connection refused: connection limit reached",
                metadata: ["http.max_connections": "\(maximum)", "http.client": "\(client)"])
            Counter(label: "seisapi_connections_rejected_total", dimensions: [("reason", "server")]).increment()
        case .clientFull(let maximum):
            // One line per refused connection of a flood would be the flood again: debug.
            logger.debug(
                "connection refused: client connection limit reached",
                metadata: ["http.max_connections_per_client": "\(maximum)", "http.client": "\(client)"])
            Counter(label: "seisapi_connections_rejected_total", dimensions: [("reason", "client")]).increment()
        }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        closing = context.eventLoop.scheduleTask(in: .seconds(1)) { loopBound.value.close(promise: nil) }
        let buffer = context.channel.allocator.buffer(string: Self.response(limit))
        context.writeAndFlush(wrapOutboundOut(buffer)).whenSuccess {
            loopBound.value.close(mode: .output, promise: nil)
        }
    }
}

@available(*, unavailable)
extension OverCapacityHandler: Sendable {}
