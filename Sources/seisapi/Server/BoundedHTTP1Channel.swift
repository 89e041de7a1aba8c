import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 child channel with every wait bounded and a connection cap.
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
    let logger: Logger

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ServerLimits, logger: Logger) {
        let deadlineLogger = logger
        http1 = HTTP1Channel(
            responder: responder,
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [RequestDeadlineHandler(limits: limits, logger: deadlineLogger)],
                idleTimeout: TimeAmount(limits.idleTimeout)))
        self.limits = limits
        slots = ConnectionSlots(maximum: limits.maximumConnections)
        self.logger = logger
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let admitted = slots.acquire()
        if admitted {
            let slots = slots
            channel.closeFuture.whenComplete { _ in slots.release() }
        }
        do {
            if admitted {
                try channel.pipeline.syncOperations.addHandler(ReceivedBytesHandler())
            } else {
                try channel.pipeline.syncOperations.addHandler(
                    OverCapacityHandler(maximum: limits.maximumConnections, logger: self.logger))
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
    /// HTTP/1 with the API's timeouts and connection cap (``BoundedHTTP1Channel``).
    static func bounded(_ limits: ServerLimits, logger: Logger) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in BoundedHTTP1Channel(responder: responder, limits: limits, logger: logger) }
    }
}
