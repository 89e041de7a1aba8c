import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A tiny in-process HTTP server that records each request exactly as received (request line,
/// headers, body) and answers from a queue of canned responses.
///
/// SeaweedFS collapses `//` in stored keys and does not verify `x-amz-content-sha256`, so what the
/// client really puts on the wire is checked here; it also scripts failures for the retry tests.
final class FakeS3Server: Sendable {
    struct Recorded: Sendable {
        var method: String
        /// The request target exactly as on the request line.
        var uri: String
        var headers: HTTPHeaders
        var body: [UInt8]
        var version: HTTPVersion
    }

    struct Canned: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: String = ""
        /// Wait this long before answering (timeout tests).
        var delay: TimeAmount? = nil
        /// Close the connection instead of answering (connection-reset tests).
        var dropConnection = false
    }

    private struct State {
        var queue: [Canned]
        var recorded: [Recorded] = []
    }

    private let state: Mutex<State>
    private let fallback: Canned
    private let channel: Mutex<(any Channel)?> = Mutex(nil)
    private let boundPort = Mutex(0)

    /// The port it listens on (127.0.0.1).
    var port: Int { boundPort.withLock { $0 } }
    /// `http://127.0.0.1:<port>`.
    var endpoint: String { "http://127.0.0.1:\(port)" }
    /// Requests received so far.
    var requests: [Recorded] { state.withLock { $0.recorded } }

    /// Starts a server answering `responses` in order, then `fallback` forever.
    static func start(_ responses: [Canned], fallback: Canned = Canned(status: 500, body: "no canned response left")) async throws -> FakeS3Server {
        let server = FakeS3Server(queue: responses, fallback: fallback)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        server.channel.withLock { $0 = channel }
        server.boundPort.withLock { $0 = channel.localAddress?.port ?? 0 }
        return server
    }

    private init(queue: [Canned], fallback: Canned) {
        self.state = Mutex(State(queue: queue))
        self.fallback = fallback
    }

    /// Stops listening.
    func shutdown() async throws {
        let channel = self.channel.withLock { $0 }
        try await channel?.close()
    }

    fileprivate func record(_ request: Recorded) -> Canned {
        state.withLock { state in
            state.recorded.append(request)
            return state.queue.isEmpty ? fallback : state.queue.removeFirst()
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let server: FakeS3Server
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(server: FakeS3Server) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                guard let head else { return }
                let canned = server.record(
                    Recorded(method: head.method.rawValue, uri: head.uri, headers: head.headers, body: body, version: head.version)
                )
                let isHead = head.method == .HEAD
                if let delay = canned.delay {
                    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    context.eventLoop.scheduleTask(in: delay) {
                        let (handler, context) = loopBound.value
                        handler.respond(canned, isHead: isHead, context: context)
                    }
                } else {
                    respond(canned, isHead: isHead, context: context)
                }
            }
        }

        private func respond(_ canned: Canned, isHead: Bool, context: ChannelHandlerContext) {
            if canned.dropConnection {
                context.close(promise: nil)
                return
            }
            var headers = HTTPHeaders(canned.headers)
            let bytes = Array(canned.body.utf8)
            if !headers.contains(name: "content-length") {
                headers.add(name: "content-length", value: String(bytes.count))
            }
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: canned.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !isHead && !bytes.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
