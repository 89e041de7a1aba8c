import ChunkStore
import Synchronization

/// The API's store, counting the writes that failed in a row, so `/health` reports a store
/// that fails every chunk write ("No space left on device") as degraded even while its own
/// small probe write still succeeds.
///
/// A lost conditional write (`preconditionFailed`) is an answer, not a failure; any other
/// failed `put` counts, and a successful one starts the count again.
struct WriteTrackingStore: ObjectStore {
    let base: any ObjectStore
    let writes: WriteFailures

    init(_ base: any ObjectStore, writes: WriteFailures = WriteFailures()) {
        self.base = base
        self.writes = writes
    }

    var displayName: String { base.displayName }

    func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        try await base.get(key, range: range)
    }

    func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo {
        try await base.head(key)
    }

    func openForReading(_ key: String) async throws(ObjectStoreError) -> any ObjectReader {
        try await base.openForReading(key)
    }

    func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        do {
            let etag = try await base.put(key, body: body, options: options)
            writes.succeeded()
            return etag
        } catch {
            if error.code != .preconditionFailed { writes.failed(error) }
            throw error
        }
    }

    func delete(_ key: String) async throws(ObjectStoreError) {
        try await base.delete(key)
    }

    func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        try await base.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
    }
}

/// Writes that failed in a row, and the last failure.
final class WriteFailures: Sendable {
    private struct State {
        var inARow = 0
        var last: ObjectStoreError?
    }

    private let state = Mutex(State())

    func succeeded() { state.withLock { $0 = State() } }

    func failed(_ error: ObjectStoreError) {
        state.withLock {
            $0.inARow += 1
            $0.last = error
        }
    }

    /// Failed writes since the last success, and the last one's error.
    var current: (inARow: Int, last: ObjectStoreError?) { state.withLock { ($0.inARow, $0.last) } }
}
