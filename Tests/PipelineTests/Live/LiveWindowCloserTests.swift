import Foundation
import Pipeline
import SeedCore
import TestSupport
import Testing

/// Windows close when their last sample arrives, with exactly the traces that overlap them,
/// on the shipped sample's records (2025-11-04 21:58:00 – 22:11:59.98, 50 Hz AV.GSTD..BHZ).
@Suite("Live window closer")
struct LiveWindowCloserTests {
    static func records() throws -> [Trace] {
        let bytes = try [UInt8](
            Data(contentsOf: TestSupport.repository.appendingPathComponent("Samples/sds/2025/AV/GSTD/BHZ.D/AV.GSTD..BHZ.D.2025.308")))
        return try stride(from: 0, to: bytes.count, by: 512).map { offset in
            try #require(try MiniSEEDReader().read(Array(bytes[offset..<(offset + 512)])).traces.first)
        }
    }

    @Test("each window closes with the record that brings its last sample, and gets every overlapping trace")
    func closesOnTheLastSample() throws {
        let traces = try Self.records()
        var closer = LiveWindowCloser(windowSeconds: 600)
        var closedAt: [(index: Int, closed: LiveWindowCloser.Closed)] = []
        for (index, trace) in traces.enumerated() {
            for closed in closer.add(trace) { closedAt.append((index, closed)) }
        }
        // The records start at 21:58:00: windows 21:50 (joined mid-way) and 22:00 close; 22:10 stays open.
        let t2150 = UTCTime(year: 2025, month: 11, day: 4, hour: 21, minute: 50)
        let t2200 = t2150.adding(seconds: 600)
        #expect(closedAt.map(\.closed.window) == [TimeWindow(start: t2150, end: t2200), TimeWindow(start: t2200, end: t2200.adding(seconds: 600))])
        for (index, closed) in closedAt {
            let last = closed.window.end.adding(nanoseconds: -20_000_000)  // 50 Hz: the window's last sample
            // Closed by the first record holding (or passing) the last sample, not before.
            #expect(traces[index].endTime >= last)
            #expect(index == 0 || traces[index - 1].endTime < last)
            // Exactly the traces that overlap the window, as the tick's storer selects them.
            let overlapping = traces.prefix(index + 1).filter { $0.startTime < closed.window.end && $0.endTime >= closed.window.start }
            #expect(closed.traces == Array(overlapping))
        }
        #expect(closer.openWindowStart == t2200.adding(seconds: 600))
        #expect(closer.heldTraces == traces.filter { $0.endTime >= t2200.adding(seconds: 600) }.count, "older traces let go")
    }

    @Test("a record that jumps past several windows closes each of them")
    func jumps() throws {
        let traces = try Self.records()
        var closer = LiveWindowCloser(windowSeconds: 60)
        _ = closer.add(traces[0])
        let closed = closer.add(traces[traces.count - 1])
        #expect(closed.count >= 13)
        #expect(zip(closed, closed.dropFirst()).allSatisfy { $0.window.end == $1.window.start })
    }
}
