@testable import CacheServices
import TestSupport
import Testing

/// The cap and queue of on-demand generations. Turns are ordered by arrival, which the test
/// observes (``GenerationSlots/queued``) instead of sleeping and hoping the task got there.
@Suite("generation slots", .timeLimit(.minutes(1)))
struct GenerationSlotsTests {
    @Test func placesAreTheCapPlusTheQueueAndTurnsGoInOrder() async throws {
        let slots = GenerationSlots(concurrency: 1, queueLength: 2)
        #expect(slots.reserve())
        #expect(slots.reserve())
        #expect(slots.reserve())
        #expect(!slots.reserve())
        await slots.acquire()
        #expect(slots.load.running == 1 && slots.load.waiting == 2)
        let order = OrderLog()
        let second = Task { await slots.acquire(); await order.append(2) }
        try await waitUntil("the second in the queue") { slots.queued == 1 }
        let third = Task { await slots.acquire(); await order.append(3) }
        try await waitUntil("the third in the queue") { slots.queued == 2 }
        #expect(await order.entries.isEmpty)
        slots.release()
        await second.value
        #expect(await order.entries == [2])
        slots.release()
        await third.value
        #expect(await order.entries == [2, 3])
        slots.release()
        #expect(slots.load.running == 0 && slots.load.waiting == 0)
        #expect(slots.reserve())
        slots.cancelReservation()
        #expect(slots.load.waiting == 0)
    }

    actor OrderLog {
        var entries: [Int] = []
        func append(_ value: Int) { entries.append(value) }
    }
}
