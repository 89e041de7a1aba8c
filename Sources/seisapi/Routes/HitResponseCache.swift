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
        /// Body and the header that can be long (`X-Chunks-Manifest`, at most 8 KiB).
        var bytes: Int { body.readableBytes + DataRoutes.manifestHeaderLimit }
    }

    private struct Entries {
        var byKey: [Key: Entry] = [:]
        var bytes = 0
    }

    private let entries = Mutex(Entries())
    /// Entries kept at most, and their bytes at most (a week of 10-minute chunks is a 400 KB
    /// manifest: distinct week-long requests must not fill the memory). Past either, expired
    /// entries are dropped, then all.
    let capacity: Int
    let maximumBytes: Int

    init(capacity: Int = 4096, maximumBytes: Int = 64 << 20) {
        self.capacity = capacity
        self.maximumBytes = maximumBytes
    }

    /// The stored response for `key`, when it is still fresh and made at `generation`.
    func response(_ key: Key, generation: UInt64, now: ContinuousClock.Instant = .now) -> Response? {
        guard let entry = entries.withLock({ $0.byKey[key] }), entry.generation == generation, entry.expires > now else {
            return nil
        }
        return Response(status: .ok, headers: entry.headers, body: ResponseBody(byteBuffer: entry.body))
    }

    /// Keeps a hit response until `expires`, for requests while the metadata is at `generation`.
    func store(
        _ key: Key, headers: HTTPFields, body: ByteBuffer, expires: ContinuousClock.Instant, generation: UInt64,
        now: ContinuousClock.Instant = .now
    ) {
        let entry = Entry(headers: headers, body: body, expires: expires, generation: generation)
        guard expires > now, entry.bytes <= maximumBytes / 4 else { return }
        entries.withLock { entries in
            if let replaced = entries.byKey.removeValue(forKey: key) { entries.bytes -= replaced.bytes }
            if entries.byKey.count >= capacity || entries.bytes + entry.bytes > maximumBytes {
                entries.byKey = entries.byKey.filter { $0.value.expires > now }
                entries.bytes = entries.byKey.values.reduce(0) { $0 + $1.bytes }
                if entries.byKey.count >= capacity || entries.bytes + entry.bytes > maximumBytes {
                    entries = Entries()
                }
            }
            entries.byKey[key] = entry
            entries.bytes += entry.bytes
        }
    }
}
