package import Crypto
import Synchronization

/// Caches the SigV4 signing key for one (date, region, service) scope.
///
/// The key is four chained HMACs of the secret and changes once a day, so every request of the
/// day can reuse it. One entry is enough: a new day replaces it.
package final class SigningKeyCache: Sendable {
    private struct Entry {
        var scope: String
        var key: SymmetricKey
    }

    private let entry = Mutex<Entry?>(nil)

    package init() {}

    /// The cached key for `scope`, or the one `make` derives (then cached).
    package func key(for scope: String, make: () -> SymmetricKey) -> SymmetricKey {
        if let cached = entry.withLock({ $0 }), cached.scope == scope {
            return cached.key
        }
        let key = make()
        entry.withLock { $0 = Entry(scope: scope, key: key) }
        return key
    }
}
