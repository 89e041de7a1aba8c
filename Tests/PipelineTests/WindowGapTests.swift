import ChunkStore
import Foundation
import Logging
import Pipeline
import SeedCore
import TestSupport
import Testing

/// The `gaps` a chunk entry records, against ObsPy: the miniSEED of `Fixtures/gaps` (written by
/// ObsPy) stored through the `WindowStorer`, and each entry's list compared with the rows of
/// ObsPy's `get_gaps()` on the trimmed traces that `make_gap_fixtures.py` wrote to `expected.json`.
@Suite(.timeLimit(.minutes(5))) struct WindowGapTests {
    static let folder = TestSupport.repository.appendingPathComponent("Tests/PipelineTests/Fixtures/gaps")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var channel: String
        var gaps: [Gap]
        var testDescription: String { name }
    }

    /// One row of `get_gaps()` as the fixture script wrote it.
    struct Gap: Sendable {
        var start: String
        var end: String
        var startNanoseconds: Int64
        var endNanoseconds: Int64
        var durationSeconds: Double
        var samples: Int
    }

    static let expected: (window: TimeWindow, cases: [Case]) = {
        let data = (try? Data(contentsOf: folder.appendingPathComponent("expected.json"))) ?? Data()
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let window = TimeWindow(
            start: UTCTime(iso8601: json["window_start"] as? String ?? "") ?? UTCTime(nanoseconds: 0),
            end: UTCTime(iso8601: json["window_end"] as? String ?? "") ?? UTCTime(nanoseconds: 0)
        )
        let cases = (json["cases"] as? [[String: Any]] ?? []).map { item in
            Case(
                name: item["name"] as? String ?? "",
                file: item["file"] as? String ?? "",
                channel: item["channel"] as? String ?? "",
                gaps: (item["gaps"] as? [[String: Any]] ?? []).map { row in
                    Gap(
                        start: row["start"] as? String ?? "",
                        end: row["end"] as? String ?? "",
                        startNanoseconds: (row["start_ns"] as? NSNumber)?.int64Value ?? 0,
                        endNanoseconds: (row["end_ns"] as? NSNumber)?.int64Value ?? 0,
                        durationSeconds: (row["duration_seconds"] as? NSNumber)?.doubleValue ?? 0,
                        samples: (row["samples"] as? NSNumber)?.intValue ?? 0
                    )
                }
            )
        }
        return (window, cases)
    }()

    @Test func theFixturesHoldEveryCase() {
        #expect(Self.expected.cases.count == 5)
        #expect(Self.expected.cases.contains { $0.gaps.isEmpty }, "a case ObsPy reports no gap for (a covered gap)")
        #expect(Self.expected.cases.contains { $0.gaps.count > 1 })
    }

    @Test(arguments: expected.cases)
    func theEntryListsTheGapsObsPyReports(_ testCase: Case) async throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(testCase.file)))
        let traces = try MiniSEEDReader().read(bytes).traces
        let id = try #require(SourceID(testCase.channel))
        let store = FileSystemStore(root: try TestSupport.temporaryFolder("gaps-\(testCase.name)").path)
        let storer = WindowStorer(store: store, logger: Logger.quiet("gaps"))
        let window = ChunkWindow(kind: .tenMinutes, window: Self.expected.window)
        let report = await storer.store([window], of: ChannelHome(sourceID: id, volcano: "test"), from: .success(traces))
        let chunk = try #require(report.outcomes.first?.chunk, "the window is stored")

        let metadata = try await store.get(chunk.key.dayMetadataKey.key)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(metadata.body)) as? [String: Any])
        let entry = try #require(((json["chunks"] as? [String: Any])?["10min"] as? [[String: Any]])?.first)
        let recorded = entry["gaps"] as? [[String: Any]] ?? []
        #expect((entry["gaps"] == nil) == testCase.gaps.isEmpty, "no `gaps` field without gaps")
        #expect(recorded.count == testCase.gaps.count)
        #expect(entry["gap_count"] as? Int == testCase.gaps.count)
        for (row, want) in zip(recorded, testCase.gaps) {
            #expect(row["start"] as? String == want.start)
            #expect(row["end"] as? String == want.end)
            #expect(row["samples"] as? Int == want.samples)
            let duration = try #require(row["duration_seconds"] as? Double)
            #expect(abs(duration - want.durationSeconds) < 1e-9)
        }
        // The day's totals: one 10-minute chunk.
        #expect(json["total_duration_seconds"] as? Int == 600)
        #expect(json["total_samples"] as? Int == chunk.entry.samples)
    }

    @Test(arguments: expected.cases)
    func theSeedCoreListMatchesObsPyToTheNanosecond(_ testCase: Case) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(testCase.file)))
        let id = try #require(SourceID(testCase.channel))
        let traces = try MiniSEEDReader().read(bytes).traces.filter { $0.id == id }
        let gaps = GapStatistics.gaps(traces: traces, window: Self.expected.window)
        #expect(gaps.map(\.start.nanoseconds) == testCase.gaps.map(\.startNanoseconds))
        #expect(gaps.map(\.end.nanoseconds) == testCase.gaps.map(\.endNanoseconds))
        #expect(gaps.map(\.samples) == testCase.gaps.map(\.samples))
        #expect(GapStatistics(gaps: gaps) == GapStatistics(traces: traces, window: Self.expected.window))
    }
}
