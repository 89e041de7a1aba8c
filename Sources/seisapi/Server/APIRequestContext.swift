import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basics plus the peer's address, which
/// the per-client limits need (``ClientIdentity``), and the connection's event loop.
struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection's peer (the proxy's address behind a proxy); `nil` in router tests.
    let remoteAddress: SocketAddress?
    /// The connection's event loop: a streamed body waits for it between pieces
    /// (``FileRoutes/streamed(_:size:eventLoop:)``).
    let eventLoop: any EventLoop

    init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.eventLoop = source.channel.eventLoop
    }
}
