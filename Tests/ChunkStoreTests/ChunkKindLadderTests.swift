import ChunkStore
import SeedCore
import Testing

/// The generation ladder (001: `1h` chunks for the first 6 hours of a request, `6h` chunks to
/// 24 hours, `24h` beyond, `10min` at the leading edge) as `ChunkKind` declares it, and its
/// choice of a kind at hand-worked starts.
@Suite struct ChunkKindLadderTests {
    static func time(_ text: String) -> UTCTime { UTCTime(iso8601: text)! }

    @Test func theLadderIs001s() {
        #expect(ChunkKind.generationLadder == [.oneHour, .sixHours, .oneDay])
        #expect(ChunkKind.leadingEdge == .tenMinutes)
        #expect(ChunkKind.tenMinutes.generationRole == .leadingEdge)
        #expect(ChunkKind.oneHour.generationRole == .ladder(fromSecondsIntoRequest: 0))
        #expect(ChunkKind.sixHours.generationRole == .ladder(fromSecondsIntoRequest: 6 * 3600))
        #expect(ChunkKind.oneDay.generationRole == .ladder(fromSecondsIntoRequest: 24 * 3600))
    }

    /// What GenerationPlan relies on: every step lies on the finest step's grid, and the
    /// leading edge's windows tile it.
    @Test func everyStepNestsOnTheFinestStepsGrid() throws {
        let finest = try #require(ChunkKind.generationLadder.first?.seconds)
        for kind in ChunkKind.generationLadder {
            let seconds = try #require(kind.seconds)
            #expect(seconds % finest == 0, "\(kind)")
        }
        let edge = try #require(ChunkKind.leadingEdge?.seconds)
        #expect(finest % edge == 0)
        #expect(ChunkKind.allCases.filter { $0.generationRole == .leadingEdge }.count == 1)
    }

    @Test(arguments: [
        // At the request's start: the finest step, whatever the grid of coarser kinds says.
        ("2025-11-04T00:00:00Z", 0, "2025-11-07T00:00:00Z", ChunkKind?.some(.oneHour)),
        // Before the request's start (the hour's grid began earlier): still the finest step.
        ("2025-11-04T00:00:00Z", -1800, "2025-11-07T00:00:00Z", .oneHour),
        // 5 h 59 min 59 s into the request is not yet 6 hours.
        ("2025-11-04T06:00:00Z", 21_599, "2025-11-07T00:00:00Z", .oneHour),
        ("2025-11-04T06:00:00Z", 21_600, "2025-11-07T00:00:00Z", .sixHours),
        // 6 hours in, but 07:00 is not on the 6 h grid.
        ("2025-11-04T07:00:00Z", 25_200, "2025-11-07T00:00:00Z", .oneHour),
        // A day in, at midnight: a day chunk, if it fits.
        ("2025-11-05T00:00:00Z", 86_400, "2025-11-07T00:00:00Z", .oneDay),
        ("2025-11-05T00:00:00Z", 86_400, "2025-11-05T12:00:00Z", .sixHours),
        ("2025-11-05T00:00:00Z", 86_400, "2025-11-05T01:00:00Z", .oneHour),
        ("2025-11-05T00:00:00Z", 86_400, "2025-11-05T00:50:00Z", nil),
        // 30 hours in at 18:00: the 6 h grid, not the day's.
        ("2025-11-05T18:00:00Z", 108_000, "2025-11-07T00:00:00Z", .sixHours),
        // Not on the hour: no step (the leading edge takes over).
        ("2025-11-05T18:10:00Z", 108_600, "2025-11-07T00:00:00Z", nil),
        // Leap-second-free: the day chunk of 2016-12-31 ends at 2017-01-01T00:00:00.
        ("2016-12-31T00:00:00Z", 86_400, "2017-01-01T00:00:00Z", .oneDay),
        ("2016-12-31T00:00:00Z", 86_400, "2016-12-31T23:59:59Z", .sixHours),
    ])
    func theCoarsestStepThatIsReachedAlignedAndFits(start: String, into: Int64, limit: String, kind: ChunkKind?) {
        let step = ChunkKind.ladderStep(at: Self.time(start), secondsIntoRequest: into, endingBy: Self.time(limit))
        #expect(step == kind)
    }
}
