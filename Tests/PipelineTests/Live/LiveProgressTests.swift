import SeedCore
import Testing

@testable import Pipeline

/// The resume point: before the oldest record still needed, never after it; the newest when
/// nothing is needed; a silent channel stops holding it back.
struct LiveProgressTests {
    static let uwe = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")
    static let obl = SourceID(network: "HV", station: "OBL", location: "", channel: "HHZ")
    static func at(_ seconds: Int64) -> UTCTime { UTCTime(seconds: 1_762_300_000 + seconds) }

    @Test func resumesBeforeTheOldestRecordStillNeeded() {
        // Positions are the count of records received; a snapshot at least every 4 records.
        let progress = LiveProgress(from: 0, snapshotInterval: .seconds(3600), snapshotRecords: 4)
        for index in 0..<10 {
            #expect(progress.received(endingAt: Self.at(Int64(index)), movingTo: index + 1) == index)
            progress.settled()
        }
        #expect(progress.resumePosition == 10, "nothing held: the newest")
        for index in 10..<20 {
            _ = progress.received(endingAt: Self.at(Int64(index)), movingTo: index + 1)
            #expect(progress.resumePosition <= index, "a record being handled is needed")
            if index == 12 { progress.hold(Self.uwe, oldest: 12, windowEnd: Self.at(600)) }
            progress.settled()
        }
        // Snapshots before the records numbered 10, 14 and 18: the newest at or before 12.
        #expect(progress.resumePosition == 10)
        let ticket = progress.storing(oldest: 11)
        progress.hold(Self.uwe, oldest: nil, windowEnd: nil)
        #expect(progress.resumePosition == 10, "a window being stored holds it too")
        progress.stored(ticket)
        #expect(progress.resumePosition == 20)
    }

    @Test func aSilentChannelStopsHoldingTheResumePointBack() {
        let progress = LiveProgress(from: 0, snapshotInterval: .seconds(3600), snapshotRecords: 1, staleAfter: .seconds(1200))
        _ = progress.received(endingAt: Self.at(0), movingTo: 1)
        progress.hold(Self.obl, oldest: 0, windowEnd: Self.at(600))
        progress.settled()
        for index in 1..<5 {
            _ = progress.received(endingAt: Self.at(Int64(index) * 100), movingTo: index + 1)
            progress.settled()
        }
        #expect(progress.resumePosition == 0)
        _ = progress.received(endingAt: Self.at(600 + 1200), movingTo: 6)
        progress.settled()
        #expect(progress.resumePosition == 6, "OBL's window ended 20 minutes before the newest record")
    }
}
