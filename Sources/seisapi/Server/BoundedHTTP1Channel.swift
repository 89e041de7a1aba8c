import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// Hummingbird's HTTP/1 child channel with every wait bounded, a connection cap and a cap
/// per client address, and WebSocket upgrades (`/live`) decided by ``webSockets``: accepted,
/// or refused with the route's own HTTP error (``WebSocketDecision``).
///
/// What Hummingbird offers is used as it is: the idle keep-alive timeout
/// (`HTTP1Channel.Configuration.idleTimeout`) and a handler slot behind the HTTP decoder
/// (`additionalChannelHandlers`, where ``RequestDeadlineHandler`` enforces the header and body
/// timeouts). Two things it cannot do are added in front of its pipeline: seeing raw bytes
/// arrive (``ReceivedBytesHandler``, for the header timeout of kept-alive connections) and
/// answering connections past the cap (``OverCapacityHandler``). Hummingbird's own cap
/// (`availableConnectionsDelegate`) stops accepting instead, which leaves new clients waiting
/// unanswered in the kernel's queue behind whoever holds the slots.
struct BoundedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    /// A connection once its first request head decided what it is.
    enum Connection: Sendable {
        /// Plain HTTP, served by the router.
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// A WebSocket request refused before the upgrade (answered, then closed).
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, APIError)
        /// An accepted WebSocket and its session.
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, WebSocketSession)
    }

    struct Value: ServerChildChannelValue {
        let connection: EventLoopFuture<Connection>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let http1: HTTP1Channel.Configuration
    let webSockets: WebSocketRoutes
    let limits: ServerLimits
    let slots: ConnectionSlots
    /// Whether connections are counted per peer address (no trusted proxy in front: behind
    /// one, every connection is the proxy's and clients are told apart per request).
    let limitsPeers: Bool
    let logger: Logger

    /// The largest WebSocket frame a client may send (it sends none but control frames).
    static let maximumWebSocketFrame = 1 << 14

    init(
        responder: @escaping HTTPChannelHandler.Responder, webSockets: @escaping WebSocketRoutes, limits: ServerLimits,
        limitsPeers: Bool, logger: Logger
    ) {
        let deadlineLogger = logger
        let slots = ConnectionSlots(limits: limits)
        self.responder = responder
        http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadlineHandler(limits: limits, slots: slots, logger: deadlineLogger)],
            idleTimeout: TimeAmount(limits.idleTimeout))
        self.webSockets = webSockets
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
        return channel.eventLoop.makeCompletedFuture { try upgradablePipeline(channel, logger: logger) }
    }

    /// Hummingbird's HTTP/1 pipeline behind NIO's upgrade handler (as hummingbird-websocket
    /// builds it), deciding WebSocket requests with ``webSockets``.
    private func upgradablePipeline(_ channel: any Channel, logger: Logger) throws -> Value {
        let box = WebSocketDecisionBox()
        let (routes, http1) = (webSockets, http1)
        let upgrader = NIOTypedWebSocketServerUpgrader<Connection>(
            maxFrameSize: Self.maximumWebSocketFrame,
            shouldUpgrade: { channel, head in
                let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                promise.completeWithTask {
                    let decision = await routes(head, channel)
                    box.decision = decision
                    if case .accept = decision { return HTTPHeaders() }
                    return nil
                }
                return promise.futureResult
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    guard case .accept(let session) = box.decision else { throw ChannelError.inappropriateOperationForState }
                    let frames = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                    return .webSocket(frames, session)
                }
            })
        let upgrade = NIOTypedHTTPServerUpgradeConfiguration<Connection>(
            upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                    try pipeline.addHandlers(http1.additionalChannelHandlers())
                    try pipeline.addHandler(
                        HTTPConnectionStateHandler(idleTimeout: http1.idleTimeout.map { .init($0) }, logger: logger))
                    let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                    if case .refuse(let error) = box.decision { return .refused(http, error) }
                    return .http(http)
                }
            })
        var configuration = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: upgrade)
        configuration.enablePipelining = false  // HTTP is pipelined by NIOAsyncChannel
        configuration.enableErrorHandling = false  // Hummingbird handles errors
        configuration.enableResponseHeaderValidation = false  // HTTPTypes validates
        configuration.decoderConfiguration.maxHeaderFieldSize = http1.httpDecoder.maxHeaderFieldSize
        configuration.decoderConfiguration.maxHeaderListSize = http1.httpDecoder.maxHeaderListSize
        configuration.decoderConfiguration.maxHeaderFieldCount = http1.httpDecoder.maxHeaderFieldCount
        let pipeline = channel.pipeline.syncOperations
        let connection = try pipeline.configureUpgradableHTTPServerPipeline(configuration: configuration)
        let upgradeHandler = try pipeline.handler(type: NIOTypedHTTPServerUpgradeHandler<Connection>.self)
        try pipeline.addHandler(
            FirstHeadDeadlineHandler(timeout: limits.headerTimeout, logger: self.logger), position: .before(upgradeHandler))
        return Value(connection: connection, channel: channel)
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.connection.get() {
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http, let error):
                await http.answer(error, logger: logger)
            case .webSocket(let frames, let session):
                await session(frames, logger)
            }
        } catch {
            // The connection closed before its first request decided what it is.
            logger.trace("connection ended before its first request", metadata: ["error": "\(error)"])
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the API's timeouts and connection caps (``BoundedHTTP1Channel``).
    /// - Parameter limitsPeers: count connections per peer address (no trusted proxy in front).
    /// - Parameter webSockets: decides requests that ask for a WebSocket.
    static func bounded(
        _ limits: ServerLimits, limitsPeers: Bool, webSockets: @escaping WebSocketRoutes, logger: Logger
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            BoundedHTTP1Channel(
                responder: responder, webSockets: webSockets, limits: limits, limitsPeers: limitsPeers, logger: logger)
        }
    }
}
