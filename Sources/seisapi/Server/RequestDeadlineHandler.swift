import Logging
import Metrics
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head or body does not arrive in time (slowloris).
///
/// Sits behind the HTTP decoder (Hummingbird's `additionalChannelHandlers`), so it sees whole
/// heads, body parts and ends, and learns from ``RequestBytesReceived`` that bytes arrived:
///
/// - **Header timeout**: runs from the connection's start, and on a kept-alive connection from
///   the first byte of the next request, until the head is decoded. Trickling a header one
///   byte at a time does not extend it.
/// - **Body timeout**: runs from the head until the request's end. A request pipelined
///   behind another one's response is not cut off while the server is busy with that
///   response (its body is not being read then).
///
/// - **Idle under load**: while more than ``ServerLimits/busyFraction`` of the connections
///   are open, a kept-alive connection with no request for ``ServerLimits/busyIdleTimeout``
///   is closed, so idle connections do not keep new clients out.
///
/// The idle keep-alive timeout otherwise is Hummingbird's own (`HTTP1Channel.Configuration.idleTimeout`).
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ServerLimits
    private let slots: ConnectionSlots
    private let logger: Logger
    /// When a request byte, part or response end last passed.
    private var lastActivity = NIODeadline.now()
    private var busyIdleCheck: RepeatedTask?
    /// A head was read and its end not yet.
    private var readingRequest = false
    /// Heads read whose response has not ended.
    private var requestsInProgress = 0
    private var headerDeadline: Scheduled<Void>?
    private var bodyDeadline: Scheduled<Void>?

    init(limits: ServerLimits, slots: ConnectionSlots, logger: Logger) {
        self.limits = limits
        self.slots = slots
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        startHeaderDeadline(context)
        guard busyIdleCheck == nil else { return }
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let period = TimeAmount(limits.busyIdleTimeout)
        busyIdleCheck = context.eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in
            let (handler, context) = loopBound.value
            handler.closeIfIdleWhileBusy(context)
        }
    }

    private func closeIfIdleWhileBusy(_ context: ChannelHandlerContext) {
        guard !readingRequest, requestsInProgress == 0, slots.isBusy,
            NIODeadline.now() - lastActivity >= TimeAmount(limits.busyIdleTimeout)
        else { return }
        close(context, phase: "idle", after: limits.busyIdleTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadlines()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadlines()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is RequestBytesReceived else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        lastActivity = .now()
        // Bytes between requests start the next request's head.
        if !readingRequest { startHeaderDeadline(context) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        switch unwrapInboundIn(data) {
        case .head:
            headerDeadline?.cancel()
            headerDeadline = nil
            readingRequest = true
            requestsInProgress += 1
            scheduleBodyDeadline(context, in: limits.bodyTimeout)
        case .body:
            break
        case .end:
            readingRequest = false
            bodyDeadline?.cancel()
            bodyDeadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            requestsInProgress = max(0, requestsInProgress - 1)
            lastActivity = .now()
        }
        context.write(data, promise: promise)
    }

    private func startHeaderDeadline(_ context: ChannelHandlerContext) {
        guard headerDeadline == nil else { return }
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        headerDeadline = context.eventLoop.scheduleTask(in: TimeAmount(limits.headerTimeout)) {
            let (handler, context) = loopBound.value
            handler.headerDeadline = nil
            handler.close(context, phase: "header", after: handler.limits.headerTimeout)
        }
    }

    private func scheduleBodyDeadline(_ context: ChannelHandlerContext, in delay: Duration) {
        bodyDeadline?.cancel()
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        bodyDeadline = context.eventLoop.scheduleTask(in: TimeAmount(delay)) {
            let (handler, context) = loopBound.value
            handler.bodyDeadline = nil
            guard handler.readingRequest else { return }
            if handler.requestsInProgress > 1 {
                // Pipelined behind a response still being written: its body is not being read yet.
                handler.scheduleBodyDeadline(context, in: handler.limits.bodyTimeout)
                return
            }
            handler.close(context, phase: "body", after: handler.limits.bodyTimeout)
        }
    }

    private func close(_ context: ChannelHandlerContext, phase: String, after timeout: Duration) {
        Self.close(context, phase: phase, after: timeout, logger: logger)
    }

    /// Closes the connection of `context` as timed out in `phase` (logged, counted).
    static func close(_ context: ChannelHandlerContext, phase: String, after timeout: Duration, logger: Logger) {
        // Per connection, so a flood of slow clients is not a flood of lines: debug (the
        // counter below and the per-minute request summary show them at the default level).
        logger.debug(
            "connection closed: \(phase) timeout",
            metadata: [
                "http.timeout.phase": "\(phase)", "http.timeout.seconds": "\(timeout.components.seconds)",
                "http.client": "\(context.remoteAddress?.description ?? "-")",
            ])
        Counter(label: "seisapi_connection_timeouts_total", dimensions: [("phase", phase)]).increment()
        context.close(promise: nil)
    }

    private func cancelDeadlines() {
        busyIdleCheck?.cancel()
        busyIdleCheck = nil
        headerDeadline?.cancel()
        headerDeadline = nil
        bodyDeadline?.cancel()
        bodyDeadline = nil
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
