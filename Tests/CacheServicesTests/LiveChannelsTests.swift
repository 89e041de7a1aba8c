@testable import CacheServices
import SeedCore
import Testing

/// The live channels' ring, fan-out and bounds, and the `/live` frame's bytes.
@Suite("Live channels", .timeLimit(.minutes(1)))
struct LiveChannelsTests {
    static let uwe = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")
    static let obl = SourceID(network: "HV", station: "OBL", location: "", channel: "HHZ")

    /// A 10-second record at 100 Hz starting `second` seconds after 2025-11-04T00:00:00Z.
    static func record(_ channel: SourceID = uwe, at second: Int64) -> LiveRecord {
        LiveRecord(
            channel: channel, start: (1_762_214_400 + second) * 1_000_000_000, sampleRate: 100,
            samples: (0..<1000).map { Int32(truncatingIfNeeded: second &* 1000 &+ Int64($0)) })
    }

    static func limits(
        minutes: Int64 = 1, perChannel: Int = 3, all: Int = 4, queued: Int = 100
    ) -> LiveChannels.Limits {
        .init(bufferDuration: .seconds(minutes * 60), listenersPerChannel: perChannel, listeners: all, queuedRecords: queued)
    }

    @Test("the frame: little-endian int64 start (ns), uint32 count, int32 samples")
    func frame() {
        let record = LiveRecord(channel: Self.uwe, start: 0x0102_0304_0506_0708, sampleRate: 100, samples: [1, -2])
        #expect(
            record.frame == [
                0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,  // start
                0x02, 0x00, 0x00, 0x00,  // count
                0x01, 0x00, 0x00, 0x00,  // 1
                0xFE, 0xFF, 0xFF, 0xFF,  // -2
            ])
    }

    @Test("a channel keeps the newest buffer's worth of records and drops repeats")
    func ring() async {
        let channels = LiveChannels(limits: Self.limits(minutes: 1))
        for second in stride(from: Int64(0), to: 200, by: 10) { await channels.add(Self.record(at: second)) }
        await channels.add(Self.record(at: 150))  // a repeat (a kept record starts then)
        // Newest record ends at 200 s: kept are those ending after 140 s.
        #expect(await channels.kept(Self.uwe).map { $0.start / 1_000_000_000 - 1_762_214_400 } == [140, 150, 160, 170, 180, 190])
        await channels.add(Self.record(at: 185))  // overlaps the newest, starts earlier: data
        #expect(await channels.kept(Self.uwe).map { $0.start / 1_000_000_000 - 1_762_214_400 } == [140, 150, 160, 170, 180, 190, 185])
    }

    @Test("a listener gets what is kept, then each new record, of its channel only")
    func listener() async throws {
        let channels = LiveChannels(limits: Self.limits())
        await channels.add(Self.record(at: 0))
        await channels.add(Self.record(at: 10))
        let listener = try await channels.listen(to: Self.uwe)
        #expect(await channels.listenedChannels == [Self.uwe])
        await channels.add(Self.record(Self.obl, at: 20))
        await channels.add(Self.record(at: 20))
        var iterator = listener.makeAsyncIterator()
        var got: [LiveRecord] = []
        for _ in 0..<3 { if let record = await iterator.next() { got.append(record) } }
        #expect(got == [Self.record(at: 0), Self.record(at: 10), Self.record(at: 20)])
        await listener.stop()
        #expect(await iterator.next() == nil)
        #expect(await channels.listenedChannels.isEmpty)
    }

    @Test("listener limits: per channel and in all (then 503)")
    func limits() async throws {
        let channels = LiveChannels(limits: Self.limits(perChannel: 2, all: 3))
        let first = try await channels.listen(to: Self.uwe)
        _ = try await channels.listen(to: Self.uwe)
        await #expect(throws: LiveChannelsError.tooManyListeners("2 listeners of HV.UWE..HHZ")) {
            try await channels.listen(to: Self.uwe)
        }
        _ = try await channels.listen(to: Self.obl)
        await #expect(throws: LiveChannelsError.tooManyListeners("3 listeners in all")) { try await channels.listen(to: Self.obl) }
        await first.stop()
        _ = try await channels.listen(to: Self.obl)
        #expect(await channels.listenerCount == 3)
    }

    @Test("a listener that does not take its records is ended past the queue limit; others go on")
    func slowListener() async throws {
        let channels = LiveChannels(limits: Self.limits(minutes: 60, queued: 5))
        for second in stride(from: Int64(0), to: 100, by: 10) { await channels.add(Self.record(at: second)) }
        let slow = try await channels.listen(to: Self.uwe)  // 10 kept records: a backlog, not counted
        let fast = try await channels.listen(to: Self.uwe)
        var fastRecords = fast.makeAsyncIterator()
        for _ in 0..<10 { _ = await fastRecords.next() }
        for second in stride(from: Int64(100), to: 170, by: 10) {
            await channels.add(Self.record(at: second))
            _ = await fastRecords.next()
        }
        #expect(await channels.listenerCount == 1, "the slow one was ended at its 6th new record")
        var slowRecords = slow.makeAsyncIterator()
        var delivered = 0
        while await slowRecords.next() != nil { delivered += 1 }
        #expect(delivered == 10 + 5, "its backlog and the 5 queued, then the end")
    }
}
