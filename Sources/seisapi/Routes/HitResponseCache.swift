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
    /// Identical requests: the values of the parameters `/data` reads (others, such as a
    /// cache-busting `_=...`, do not make another entry) and the newest data there can be (it
    /// clips the range and ends a `duration`-only request).
    struct Key: Hashable, Sendable {
        /// The values of ``parameterNames``, in that order.
        var values: [String?]
        var availableEnd: Int64

        /// The query parameters a `/data` answer depends on (``CacheServices/DataQuery``).
        static let parameterNames = ["network", "volcano", "station", "location", "channel", "start", "end", "duration"]

        /// The key of a request's query parameters.
        init(parameters: some Collection<(key: Substring, value: Substring)>, availableEnd: Int64) {
            var values = [String?](repeating: nil, count: Self.parameterNames.count)
            for (name, value) in parameters {
                if let index = Self.parameterNames.firstIndex(where: { $0 == name }) { values[index] = String(value) }
            }
            self.values = values
            self.availableEnd = availableEnd
        }

        /// Bytes the key holds, counted toward the cache's cap with its entry.
        var bytes: Int { values.reduce(64) { $0 + 16 + ($1?.utf8.count ?? 0) } }
    }

    private struct Entry {
        var keyBytes: Int
        var headers: HTTPFields
        var body: ByteBuffer
        var expires: ContinuousClock.Instant
        var generation: UInt64
        /// Key, body and the header that can be long (`X-Chunks-Manifest`, at most 8 KiB).
        var bytes: Int { keyBytes + body.readableBytes + DataRoutes.manifestHeaderLimit }
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

    /// Entries held now.
    var count: Int { entries.withLock { $0.byKey.count } }

    /// Bytes held now (keys, bodies, long headers).
    var bytes: Int { entries.withLock { $0.bytes } }

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
        let entry = Entry(keyBytes: key.bytes, headers: headers, body: body, expires: expires, generation: generation)
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
