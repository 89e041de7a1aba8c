@testable import CacheServices
import Testing

/// The cap and queue of on-demand generations.
@Suite("generation slots")
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
        try await Task.sleep(for: .milliseconds(50))
        let third = Task { await slots.acquire(); await order.append(3) }
        try await Task.sleep(for: .milliseconds(50))
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
