import FDSNTestServer
import Foundation
import NIOCore
import R2Client
import Synchronization
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Two `seisapi` processes on one store (the local directory, and a bucket of the S3 test
/// server): a miss both receive is generated once, under the store lease; when the
/// generating replica is killed, the other takes the lapsed lease over and finishes.
/// The FDSN test server serves the long SDS archive, slowly, and counts the fetches.
@Suite("seisapi replicas on one store", .serialized, .timeLimit(.minutes(5)))
struct ReplicaTests {
    static let channel = "network=HV&volcano=kilauea&station=LONG&location=&channel=LHZ"

    /// One running `seisapi serve`.
    final class Replica: Sendable {
        let process: Mutex<Process>
        let port: Int
        let log: URL

        init(environment: [String: String], arguments: [String], name: String) async throws {
            port = try await ServeProcessTests.freePort()
            log = FileManager.default.temporaryDirectory.appendingPathComponent("seisapi-\(name)-\(UUID().uuidString).log")
            guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
                throw TestSupport.Missing(description: "cannot create \(log.path)")
            }
            let process = Process()
            process.executableURL = try TestSupport.product("seisapi")
            process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)"] + arguments
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            self.process = Mutex(process)
            for _ in 0..<300 {
                let answer = (try? await RawConnection.request(port: port, "GET /health HTTP/1.1\r\nHost: test\r\n")) ?? ""
                if answer.hasPrefix("HTTP/1.1 200") { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw TestSupport.Missing(description: "seisapi \(name) did not become healthy: \(logText)")
        }

        var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        func kill(_ signal: Int32 = SIGKILL) {
            process.withLock { if $0.isRunning { _ = Glibc.kill($0.processIdentifier, signal) } }
        }

        deinit { kill() }

        /// The whole answer to a GET (the stream of a miss ends with its final line).
        func get(_ target: String, limit: Duration = .seconds(90)) async throws -> String {
            let request = "GET \(target) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
            return try await RawConnection.exchange(port: port, limit: limit, initial: request).received
        }
    }

    /// Two replicas on the store the arguments name, the FDSN server answering each request
    /// after 3 s, 3 s leases.
    static func replicas(store: String) async throws -> (FDSNTestServer, Replica, Replica) {
        let archive = try SeisAPITestHarness.archive.get()
        let fdsn = try await FDSNTestServer.start(.init(fallback: .delay(.seconds(3)), fixtureFolders: [archive]))
        let config = try TestSupport.temporaryFolder().appendingPathComponent("stations.json")
        try Data(#"{"include": [{"volcano": "kilauea", "channel": "HV.LONG..LHZ", "sample_rate": 1}]}"#.utf8).write(to: config)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("R2_") && !$0.key.hasPrefix("S3_") }
        environment["FDSN_BASE_URL"] = fdsn.endpoint
        environment["DATA_GENERATION_LEASE_SECONDS"] = "3"
        environment["LOG_LEVEL"] = "info"
        var arguments = ["--config", config.path]
        if store == "s3" {
            let bucket = try await S3TestBucket.client().configuration.bucket
            environment.merge(try S3TestBucket.environment(bucket: bucket)) { $1 }
        } else {
            arguments += ["--data-dir", try TestSupport.temporaryFolder().path]
        }
        let first = try await Replica(environment: environment, arguments: arguments, name: "a")
        let second = try await Replica(environment: environment, arguments: arguments, name: "b")
        return (fdsn, first, second)
    }

    /// Dataselect requests the server received for the range starting at `day`.
    static func fetches(_ fdsn: FDSNTestServer, day: String) -> Int {
        fdsn.requests.filter { $0.path.hasPrefix("/fdsnws/dataselect") && ($0.requestLines + [$0.uri]).contains { $0.contains(day) } }.count
    }

    static func waitForFetch(_ fdsn: FDSNTestServer, day: String) async throws {
        for _ in 0..<300 where fetches(fdsn, day: day) == 0 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(fetches(fdsn, day: day) == 1)
    }

    /// The `1h` chunk lines of a streamed answer's final manifest.
    static func manifestChunks(_ answer: String) -> Int? {
        guard let line = answer.split(separator: "\n").first(where: { $0.contains(#"{"event":"manifest""#) }) else { return nil }
        return line.components(separatedBy: #""kind":"1h""#).count - 1
    }

    @Test(.timeLimit(.minutes(3)), arguments: ["local", "s3"])
    func aMissBothReplicasReceiveIsGeneratedOnce(store: String) async throws {
        let (fdsn, first, second) = try await Self.replicas(store: store)
        defer { first.kill(); second.kill() }
        let target = "/data?\(Self.channel)&start=2025-11-02T00:00:00Z&duration=6h"
        async let firstAnswer = first.get(target)
        try await Self.waitForFetch(fdsn, day: "2025-11-02")
        let secondAnswer = try await second.get(target)
        let firstText = try await firstAnswer

        #expect(Self.fetches(fdsn, day: "2025-11-02") == 1, "both replicas fetched")
        #expect(Self.manifestChunks(firstText) == 6, "\(firstText.suffix(400)) \(first.logText)")
        #expect(Self.manifestChunks(secondAnswer) == 6, "\(secondAnswer.suffix(400)) \(second.logText)")
        // The follower's stream has the generating replica's metadata line and its chunks.
        #expect(secondAnswer.contains(#""event":"metadata""#))
        #expect(secondAnswer.components(separatedBy: #""event":"chunk""#).count - 1 == 6)
        #expect(second.logText.contains("following another replica's generation"))
        let repeated = try await second.get(target)
        #expect(repeated.lowercased().contains("x-cache: hit"))
        #expect(Self.fetches(fdsn, day: "2025-11-02") == 1)
        try await fdsn.shutdown()
    }

    @Test(.timeLimit(.minutes(3)), arguments: ["local", "s3"])
    func aKilledReplicasMissIsFinishedByTheOther(store: String) async throws {
        let (fdsn, first, second) = try await Self.replicas(store: store)
        defer { first.kill(); second.kill() }
        let target = "/data?\(Self.channel)&start=2025-11-03T00:00:00Z&duration=6h"
        let doomed = Task { try? await first.get(target) }
        try await Self.waitForFetch(fdsn, day: "2025-11-03")
        async let secondAnswer = second.get(target)
        // The second replica is following when the first dies mid-fetch.
        for _ in 0..<100 where !second.logText.contains("following another replica's generation") {
            try await Task.sleep(for: .milliseconds(50))
        }
        first.kill()
        _ = await doomed.value
        let answer = try await secondAnswer

        #expect(Self.manifestChunks(answer) == 6, "\(answer.suffix(400)) \(second.logText)")
        #expect(second.logText.contains("took over a lapsed generation lease"))
        #expect(Self.fetches(fdsn, day: "2025-11-03") == 2)
        #expect(answer.components(separatedBy: #""event":"metadata""#).count - 1 == 1)
        try await fdsn.shutdown()
    }

}
