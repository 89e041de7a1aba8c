import ChunkStore
import Pipeline
import SeedCore
import Testing

@Suite struct TickPlanTests {
    static func plan(_ at: String, _ configuration: TickConfiguration = TickConfiguration()) -> TickPlan {
        TickPlan(at: UTCTime(iso8601: at)!, configuration: configuration)
    }

    @Test(arguments: [
        ("2025-11-04T22:12:00Z", "2025-11-04T22:00:00Z"), ("2025-11-04T22:12:59Z", "2025-11-04T22:00:00Z"),
        ("2025-11-04T22:15:30Z", "2025-11-04T22:00:00Z"), ("2025-11-04T22:21:59Z", "2025-11-04T22:00:00Z"),
        ("2025-11-04T22:22:00Z", "2025-11-04T22:10:00Z"), ("2025-11-05T00:02:00Z", "2025-11-04T23:50:00Z"),
    ])
    func thePrimaryWindowFollowsTheClocksSlot(at: String, start: String) {
        let plan = Self.plan(at)
        #expect(plan.primary.start == UTCTime(iso8601: start))
        #expect(plan.primary.seconds == 600)
        #expect(plan.primaryKind == .tenMinutes)
    }

    @Test(arguments: [
        ("2025-11-05T00:02:00Z", "2025-11-04T18:00:00Z"), ("2025-11-05T06:02:00Z", "2025-11-05T00:00:00Z"),
        ("2025-11-05T06:12:00Z", "2025-11-05T00:00:00Z"), ("2025-11-05T12:05:00Z", "2025-11-05T06:00:00Z"),
    ])
    func theCheckpointAppearsAtTheFirstTicksAfterABoundary(at: String, start: String) {
        let checkpoint = Self.plan(at).checkpoint
        #expect(checkpoint?.start == UTCTime(iso8601: start))
        #expect(checkpoint?.seconds == 21_600)
    }

    @Test(arguments: ["2025-11-05T07:02:00Z", "2025-11-05T06:22:00Z", "2025-11-04T22:12:00Z", "2025-11-05T05:52:00Z"])
    func noCheckpointLaterInTheSixHours(at: String) {
        #expect(Self.plan(at).checkpoint == nil)
    }

    @Test func lookBackCoversTheLastTwoHoursBeforeThePrimaryWindow() {
        let plan = Self.plan("2025-11-04T22:12:00Z")
        #expect(plan.lookBack.windows.count == 11)
        #expect(plan.lookBack.windows.first?.start == UTCTime(iso8601: "2025-11-04T20:10:00Z"))
        #expect(plan.lookBack.windows.last?.end == plan.primary.start)
        #expect(plan.lookBack.kind == .tenMinutes)
        #expect(plan.lookBack.limit == nil)
        #expect(Self.plan("2025-11-04T22:12:00Z", TickConfiguration(lookBackMinutes: 0)).lookBack.windows.isEmpty)
    }

    @Test func delayAndLengthAreConfigurable() {
        let plan = Self.plan("2025-11-04T22:12:00Z", TickConfiguration(delayMinutes: 15, windowKind: .oneHour))
        #expect(plan.primary == TimeWindow(start: UTCTime(iso8601: "2025-11-04T20:00:00Z")!, end: UTCTime(iso8601: "2025-11-04T21:00:00Z")!))
    }
}
