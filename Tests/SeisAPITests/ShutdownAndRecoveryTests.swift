import CacheServices
import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Pipeline
import SeedCore
@testable import seisapi
import ServiceLifecycle
import Testing

/// SIGTERM during a long backfill: the listener closes at once, the job gets the drain
/// deadline, then it is cancelled and checkpointed; a restart reports it `interrupted`.
@Suite("seisapi shutdown and job recovery", .timeLimit(.minutes(5)))
struct ShutdownAndRecoveryTests {
    static let request = #"{"volcano": "kilauea", "hours_back": 12}"#

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    static func jobID(fromResponse text: String) throws -> String {
        let body = try #require(text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) })
        return try #require(try json(Array(body.utf8))["job_id"] as? String)
    }

    @Test(.timeLimit(.minutes(2)))
    func shutdownDrainsCancelsCheckpointsAndRestartReportsInterrupted() async throws {
        let blocking = BlockingSource()
        let harness = try SeisAPITestHarness(environment: ["SHUTDOWN_DRAIN_SECONDS": "3"], source: blocking)
        let store = FileSystemStore(root: harness.dataRoot.path)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = APIServer(
            services: harness.services,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [server], logger: harness.services.logger))

        let id = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try await group.run()
                return true
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let accepted = try await RawConnection.request(
                port: port,
                "POST /api/backfill HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer \(SeisAPITestHarness.token)\r\n",
                body: Self.request)
            #expect(accepted.hasPrefix("HTTP/1.1 202"))
            let id = try Self.jobID(fromResponse: accepted)
            try await blocking.waitUntilFetching()
            // Written on start: the record says running.
            let running = try Self.json(try await store.get(BackfillJobStore.key(of: id)).body)
            #expect(running["status"] as? String == "running")

            let shutdownBegan = ContinuousClock.now
            await group.triggerGracefulShutdown()
            // The listener closes at once: new connections are refused while the job still
            // drains (its record is not checkpointed yet).
            var refused = false
            while !refused && ContinuousClock.now - shutdownBegan < .seconds(10) {
                do {
                    let channel = try await RawConnection.connect(port: port)
                    try await channel.executeThenClose { _, _ in }
                    try await Task.sleep(for: .milliseconds(50))
                } catch {
                    refused = true
                }
            }
            #expect(refused, "the listener still accepted connections 10 s after the shutdown began")
            let draining = try Self.json(try await store.get(BackfillJobStore.key(of: id)).body)
            #expect(draining["status"] as? String == "running")

            // The group ends after the drain deadline (3 s), not when the hanging job would.
            tasks.addTask {
                try await Task.sleep(for: .seconds(20))
                return false
            }
            let stopped = try await tasks.next() ?? false
            tasks.cancelAll()
            #expect(stopped, "the server did not stop within 20 s of the shutdown")
            let took = ContinuousClock.now - shutdownBegan
            #expect(took >= .milliseconds(2900))
            #expect(took < .seconds(15))
            return id
        }

        // Checkpointed in the store.
        let record = try Self.json(try await store.get(BackfillJobStore.key(of: id)).body)
        #expect(record["status"] as? String == "interrupted")

        // A new process on the same store reports it.
        let restarted = try SeisAPITestHarness(dataRoot: harness.dataRoot)
        try await restarted.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/backfill/\(id)", method: .get)
            #expect(response.status == .ok)
            let job = try Self.json(Array(response.body.readableBytesView))
            #expect(job["status"] as? String == "interrupted")
            #expect((job["note"] as? String)?.contains("resume") == true)
            let progress = try #require(job["progress"] as? [String: Any])
            #expect((progress["windows_total"] as? Int ?? 0) > 0)
            let echo = try #require(job["request"] as? [String: Any])
            #expect(echo["start"] as? String == "2025-11-04T12:00:00Z")
            #expect(((echo["channels"] as? [String]) ?? []).isEmpty == false)
            let rerun = try #require(job["rerun"] as? [String: Any])
            #expect(rerun["volcano"] as? String == "kilauea")
            #expect(rerun["start_time"] as? String == "2025-11-04T12:00:00Z")
            #expect(rerun["duration_hours"] as? Int == 12)
            #expect(rerun["hours_back"] == nil)
        }
    }

    /// A process killed with SIGKILL cannot checkpoint: its record still says `running`. Once
    /// that record is older than the heartbeat allows, another instance reports `interrupted`;
    /// a fresh one (a job running on another instance) is reported as it is.
    @Test func staleRunningRecordOfAnotherInstanceIsInterrupted() async throws {
        let harness = try SeisAPITestHarness()
        let store = FileSystemStore(root: harness.dataRoot.path)
        let stale = "0e0d0c0b-0000-4000-8000-000000000001"
        let fresh = "0e0d0c0b-0000-4000-8000-000000000002"
        for (id, updated) in [(stale, UTCTime.now().adding(seconds: -600)), (fresh, UTCTime.now())] {
            let record = BackfillJobs.Job(
                id: id, status: "running", createdAt: "2025-11-04T23:00:00Z", updatedAt: updated.iso8601(),
                request: .init(channels: ["HV.UWE..HHZ"], start: "2025-11-04T12:00:00Z", end: "2025-11-05T00:00:00Z", force: false),
                progress: .init(windowsTotal: 72, windowsDone: 36, chunksAdded: 30), percent: 50,
                rerun: ["volcano": .string("kilauea")], instance: "deadbeef")
            try await store.put(BackfillJobStore.key(of: id), body: Array(try JSONEncoder().encode(record)))
        }
        try await harness.application.test(.router) { client in
            let crashed = try Self.json(
                Array(try await client.execute(uri: "/api/backfill/\(stale)", method: .get).body.readableBytesView))
            #expect(crashed["status"] as? String == "interrupted")
            #expect((crashed["progress"] as? [String: Any])?["windows_done"] as? Int == 36)
            let alive = try Self.json(
                Array(try await client.execute(uri: "/api/backfill/\(fresh)", method: .get).body.readableBytesView))
            #expect(alive["status"] as? String == "running")
            // Ids that are not job ids never reach the store.
            let odd = try await client.execute(uri: "/api/backfill/..%2F..%2Fdata", method: .get)
            #expect(odd.status == .notFound)
        }
    }

    /// A finished job's record stays readable after a restart (kept for a day).
    @Test func finishedJobIsReportedAfterARestart() async throws {
        let harness = try SeisAPITestHarness()
        let request = #"{"network": "HV", "station": "LONG", "location": "", "channel": "LHZ", "volcano": "kilauea", "start_time": "2025-11-02T00:00:00Z", "duration_hours": 1}"#
        let auth: HTTPFields = [.authorization: "Bearer \(SeisAPITestHarness.token)"]
        let id = try await harness.application.test(.router) { client in
            let accepted = try await client.execute(
                uri: "/api/backfill", method: .post, headers: auth, body: ByteBuffer(string: request))
            let id = try #require(try Self.json(Array(accepted.body.readableBytesView))["job_id"] as? String)
            for _ in 0..<100 {
                let job = try Self.json(
                    Array(try await client.execute(uri: "/api/backfill/\(id)", method: .get).body.readableBytesView))
                if job["finished_at"] != nil { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            return id
        }
        let restarted = try SeisAPITestHarness(dataRoot: harness.dataRoot)
        try await restarted.application.test(.router) { client in
            let job = try Self.json(
                Array(try await client.execute(uri: "/api/backfill/\(id)", method: .get).body.readableBytesView))
            #expect(job["status"] as? String == "complete")
            #expect((job["result"] as? [String: Any])?["chunks_added"] as? Int == 6)
        }
    }
}
