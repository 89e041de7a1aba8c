import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basics plus the peer's address, which
/// the per-client limits need (``ClientIdentity``).
struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection's peer (the proxy's address behind a proxy); `nil` in router tests.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
