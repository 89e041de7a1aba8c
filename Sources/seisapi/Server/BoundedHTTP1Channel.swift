import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 child channel with every wait bounded, a connection cap and a cap
/// per client address.
///
/// What Hummingbird offers is used as it is: the idle keep-alive timeout
/// (`HTTP1Channel.Configuration.idleTimeout`) and a handler slot behind the HTTP decoder
/// (`additionalChannelHandlers`, where ``RequestDeadlineHandler`` enforces the header and body
/// timeouts). Two things it cannot do are added in front of its pipeline: seeing raw bytes
/// arrive (``ReceivedBytesHandler``, for the header timeout of kept-alive connections) and
/// answering connections past the cap (``OverCapacityHandler``). Hummingbird's own cap
/// (`availableConnectionsDelegate`) stops accepting instead, which leaves new clients waiting
/// unanswered in the kernel's queue behind whoever holds the slots.
struct BoundedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let limits: ServerLimits
    let slots: ConnectionSlots
    /// Whether connections are counted per peer address (no trusted proxy in front: behind
    /// one, every connection is the proxy's and clients are told apart per request).
    let limitsPeers: Bool
    let logger: Logger

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ServerLimits, limitsPeers: Bool, logger: Logger) {
        let deadlineLogger = logger
        let slots = ConnectionSlots(limits: limits)
        http1 = HTTP1Channel(
            responder: responder,
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [RequestDeadlineHandler(limits: limits, slots: slots, logger: deadlineLogger)],
                idleTimeout: TimeAmount(limits.idleTimeout)))
        self.limits = limits
        self.slots = slots
        self.limitsPeers = limitsPeers
        self.logger = logger
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let client = limitsPeers ? (channel.remoteAddress?.ipAddress ?? "unknown") : nil
        let refusal = slots.acquire(client: client)
        if refusal == nil {
            let slots = slots
            channel.closeFuture.whenComplete { _ in slots.release(client: client) }
        }
        do {
            switch refusal {
            case nil:
                try channel.pipeline.syncOperations.addHandler(ReceivedBytesHandler())
            case .serverFull:
                try channel.pipeline.syncOperations.addHandler(
                    OverCapacityHandler(.serverFull(maximum: limits.maximumConnections), logger: self.logger))
            case .clientFull:
                try channel.pipeline.syncOperations.addHandler(
                    OverCapacityHandler(.clientFull(maximum: limits.maximumConnectionsPerClient), logger: self.logger))
            }
        } catch {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the API's timeouts and connection caps (``BoundedHTTP1Channel``).
    /// - Parameter limitsPeers: count connections per peer address (no trusted proxy in front).
    static func bounded(_ limits: ServerLimits, limitsPeers: Bool, logger: Logger) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            BoundedHTTP1Channel(responder: responder, limits: limits, limitsPeers: limitsPeers, logger: logger)
        }
    }
}
