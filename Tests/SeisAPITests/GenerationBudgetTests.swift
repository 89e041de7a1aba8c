import CacheServices
import Foundation
@testable import seisapi
import Testing
import TestSupport

/// A stalled source holds a generation place only for `DATA_GENERATION_BUDGET_SECONDS`, and
/// its stream is never silent for the heartbeat interval; on a manual clock, so the test asserts
/// the order of things, not how fast a loaded machine runs them.
@Suite("seisapi: generation budget and heartbeats", .timeLimit(.minutes(5)))
struct GenerationBudgetTests {
    @Test(.timeLimit(.minutes(2)))
    func aStalledSourceEndsTheMissAtItsBudgetWithHeartbeatsMeanwhile() async throws {
        let clock = ManualClock()
        let blocking = BlockingSource()
        let harness = try SeisAPITestHarness(
            environment: [
                "DATA_GENERATION_CONCURRENCY": "1", "DATA_GENERATION_QUEUE": "4", "DATA_MISSES_PER_MINUTE": "0",
                "DATA_GENERATION_BUDGET_SECONDS": "30", "SHUTDOWN_DRAIN_SECONDS": "1",
            ],
            source: blocking, clock: clock)
        let received = try await harness.withServer { port in
            let request =
                "GET /data?\(SeisAPITests.long)&start=2025-11-01T00:00:00Z&duration=3h HTTP/1.1\r\nHost: test\r\n"
                + "Connection: close\r\n\r\n"
            return try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    try await RawConnection.exchange(port: port, limit: .seconds(100), initial: request).received
                }
                try await blocking.waitUntilFetching()
                // The budget's timer and the stream's heartbeat ticker.
                try await clock.waitForSleepers(2)
                #expect(harness.services.data.generationLoad.running == 1)
                clock.advance(by: .seconds(5))
                try await clock.waitForSleepers(2)
                clock.advance(by: .seconds(5))
                try await clock.waitForSleepers(2)
                // Past the budget: the fetch is cancelled, the rest reported, the stream ends.
                clock.advance(by: .seconds(25))
                let text = try await group.next() ?? ""
                group.cancelAll()
                // Its place is free again (released right after the last line).
                for _ in 0..<500 where harness.services.data.generationLoad.running != 0 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(harness.services.data.generationLoad.running == 0)
                return text
            }
        }
        // (Split on CRLF first: Swift reads "\r\n" as one character.)
        let lines = received.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").filter { $0.hasPrefix("{") }
        func events(_ name: String) -> [Substring] { lines.filter { $0.contains("\"event\":\"\(name)\"") } }
        #expect(events("heartbeat").count >= 1, "\(received)")
        let skipped = events("chunk_skipped")
        #expect(!skipped.isEmpty, "\(received)")
        #expect(skipped.allSatisfy { $0.contains("time budget (30 s)") })
        let last = try #require(lines.last)
        #expect(last.contains("\"event\":\"manifest\"") || last.contains("\"event\":\"error\""))
    }

    @Test func budgetVariableIsRangeChecked() throws {
        #expect(throws: (any Error).self) { try APIConfig.reading(["DATA_GENERATION_BUDGET_SECONDS": "0"]) }
        #expect(try APIConfig.reading([:]).generationBudget == .seconds(120))
        #expect(try APIConfig.reading(["DATA_GENERATION_BUDGET_SECONDS": "45"]).generationBudget == .seconds(45))
    }
}
