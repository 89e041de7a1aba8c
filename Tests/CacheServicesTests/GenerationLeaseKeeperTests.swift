import ChunkStore
import Foundation
import Logging
import ObjectStoreConformance
import Synchronization
import TestSupport
import Testing
@testable import CacheServices

/// The lease keeper renews every third of the lease's duration, counted on its clock: on a
/// manual clock the test sees no renewal just before the third and one just after it, however
/// slowly a loaded machine runs the loop.
@Suite("generation lease keeper", .timeLimit(.minutes(1)))
struct GenerationLeaseKeeperTests {
    @Test func renewsEveryThirdOfTheLeaseOnItsClock() async throws {
        let store = PutCountingStore(FileSystemStore(root: try TestSupport.temporaryFolder().path))
        let lease = StoreLease(store: store, key: "leases/test.json", owner: "test", duration: .seconds(30))
        guard case .acquired(let held, _) = try await lease.acquire() else {
            Issue.record("the lease was not acquired")
            return
        }
        let acquiredWith = store.puts
        let clock = ManualClock()
        let keeper = GenerationLeaseKeeper(lease: lease, held: held, logger: Logger.quiet("lease-keeper"), clock: clock)
        let renewing = Task { await keeper.keepRenewing() }

        try await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(9_900))
        try await clock.waitForSleepers(1)
        #expect(store.puts == acquiredWith, "no renewal before a third of the 30 s lease")
        clock.advance(by: .milliseconds(100))
        try await waitUntil("the first renewal") { store.puts == acquiredWith + 1 }
        try await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(9_900))
        try await clock.waitForSleepers(1)
        #expect(store.puts == acquiredWith + 1, "the next one a third later, not sooner")
        clock.advance(by: .milliseconds(100))
        try await waitUntil("the second renewal") { store.puts == acquiredWith + 2 }

        renewing.cancel()
        await renewing.value
        await keeper.release()
        #expect(try await store.getIfPresent("leases/test.json") == nil, "released")
    }
}

/// A store that counts its writes.
final class PutCountingStore: ForwardingStore {
    let inner: any ObjectStore
    private let count = Mutex(0)

    init(_ inner: any ObjectStore) { self.inner = inner }

    /// Writes made so far.
    var puts: Int { count.withLock { $0 } }
    var displayName: String { "counting \(inner.displayName)" }

    func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        let etag = try await inner.put(key, body: body, options: options)
        count.withLock { $0 += 1 }
        return etag
    }
}
