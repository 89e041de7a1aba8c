import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOWebSocket
import Synchronization

/// What the server does with a request that asks for a WebSocket (`Upgrade: websocket`),
/// decided before anything is answered (``BoundedHTTP1Channel``).
enum WebSocketDecision: Sendable {
    /// Not a WebSocket route: the request is served as plain HTTP by the router.
    case notWebSocket
    /// A WebSocket route refusing this request: the error is answered as HTTP (status,
    /// `Retry-After`, JSON body) and the connection closed, as Hummingbird's own upgrade cannot
    /// (it answers every refusal with an empty 400).
    case refuse(APIError)
    /// Upgrade, then run the session on the WebSocket until it ends.
    case accept(WebSocketSession)
}

/// The work of one accepted WebSocket: runs on its frames until it ends (the connection is
/// closed after).
typealias WebSocketSession = @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, Logger) async -> Void

/// Decides a WebSocket request from its head (path, query, headers) and its connection.
typealias WebSocketRoutes = @Sendable (HTTPRequestHead, any Channel) async -> WebSocketDecision

/// The decision of one connection's upgrade request, kept from `shouldUpgrade` for the
/// pipeline that follows it (the upgraded WebSocket or the refused HTTP connection).
final class WebSocketDecisionBox: Sendable {
    private let value = Mutex<WebSocketDecision?>(nil)

    var decision: WebSocketDecision? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// Closes a connection whose first request head does not arrive within the header timeout.
///
/// The upgradable pipeline adds ``RequestDeadlineHandler`` only once the first head is read
/// (whether it upgrades decides which handlers follow), so this one bounds the wait for that
/// head: it sits between the HTTP decoder and the upgrade handler and removes itself when the
/// head passes.
final class FirstHeadDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let timeout: Duration
    private let logger: Logger
    private var deadline: Scheduled<Void>?

    init(timeout: Duration, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let (timeout, logger) = (timeout, logger)
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            RequestDeadlineHandler.close(loopBound.value, phase: "header", after: timeout, logger: logger)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            deadline?.cancel()
            deadline = nil
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension FirstHeadDeadlineHandler: Sendable {}

extension NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart> {
    /// Answers `error` (its status, headers and JSON body, `Connection: close`) and closes.
    func answer(_ error: APIError, logger: Logger) async {
        var headers = error.headers
        let body = error.body
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = "\(body.readableBytes)"
        headers[.connection] = "close"
        do {
            try await executeThenClose { _, outbound in
                try await outbound.write(
                    contentsOf: [.head(HTTPResponse(status: error.status, headerFields: headers)), .body(body), .end(nil)])
            }
        } catch {
            logger.trace("websocket refusal not written", metadata: ["error": "\(error)"])
        }
    }
}
