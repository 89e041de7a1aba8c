import Foundation
import NIOCore

/// Who a request comes from, for per-client limits: the connection's peer address, or behind
/// `trustedProxyHops` proxies (`TRUSTED_PROXY_HOPS`; Railway's edge is 1) the address the
/// outermost trusted proxy appended to `X-Forwarded-For`.
///
/// Entries left of that one are whatever the client sent and are ignored: trusting the
/// first entry would let a caller pick a fresh identity per request and escape its limit.
struct ClientIdentity {
    /// Proxies in front of the API that append to `X-Forwarded-For`; 0 trusts none.
    var trustedProxyHops: Int

    /// The client's address as text (`unknown` when neither is available).
    func client(forwardedFor: String?, peer: SocketAddress?) -> String {
        if trustedProxyHops > 0, let forwardedFor {
            let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !hops.isEmpty {
                return hops[max(0, hops.count - trustedProxyHops)]
            }
        }
        return peer?.ipAddress ?? "unknown"
    }
}
