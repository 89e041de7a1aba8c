import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Finished `/data` hit responses (headers and JSON body), reused for identical requests.
///
/// Many browsers behind the proxy ask for the same manifests; making one costs metadata
/// lookups, the coverage, chunk URLs and JSON encoding, serving a stored one costs a
/// dictionary lookup. An entry is used only while the day metadata it was made from may be
/// (``CacheServices/DataLookup/freshUntil``, the metadata cache's lifetime, 5 s) and no
/// generation has invalidated metadata since, so a newly stored chunk shows as soon as it
/// would without this cache.
final class HitResponseCache: Sendable {
    /// Identical requests: the raw query string (parsed once, when the entry is made) and the
    /// newest data there can be (it clips the range and ends a `duration`-only request).
    struct Key: Hashable, Sendable {
        var query: String
        var availableEnd: Int64
    }

    private struct Entry {
        var headers: HTTPFields
        var body: ByteBuffer
        var expires: ContinuousClock.Instant
        var generation: UInt64
    }

    private let entries = Mutex<[Key: Entry]>([:])
    /// Entries kept at most; past it expired ones are dropped, then all.
    let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    /// The stored response for `key`, when it is still fresh and made at `generation`.
    func response(_ key: Key, generation: UInt64, now: ContinuousClock.Instant = .now) -> Response? {
        guard let entry = entries.withLock({ $0[key] }), entry.generation == generation, entry.expires > now else {
            return nil
        }
        return Response(status: .ok, headers: entry.headers, body: ResponseBody(byteBuffer: entry.body))
    }

    /// Keeps a hit response until `expires`, for requests while the metadata is at `generation`.
    func store(
        _ key: Key, headers: HTTPFields, body: ByteBuffer, expires: ContinuousClock.Instant, generation: UInt64,
        now: ContinuousClock.Instant = .now
    ) {
        guard expires > now else { return }
        let entry = Entry(headers: headers, body: body, expires: expires, generation: generation)
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = entry
        }
    }
}
