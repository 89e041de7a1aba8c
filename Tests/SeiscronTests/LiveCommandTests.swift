import Foundation
import SeedLinkTestServer
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `seiscron live` as a process against the in-process SeedLink server streaming the shipped
/// sample: the 22:00–22:10 windows of all 15 channels are stored with ObsPy's samples
/// (check_store.py), SIGTERM exits 0, two processes on one store store each window once, and a
/// bad `--source` exits 2.
@Suite(.serialized, .timeLimit(.minutes(3))) struct LiveCommandTests {
    static let sample = TestSupport.repository.appendingPathComponent("Samples/sds")

    /// The sample's records in the order a server's ring holds them (by last sample).
    static func ring() throws -> [[UInt8]] {
        var records: [[UInt8]] = []
        for file in FileManager.default.enumerator(atPath: sample.path)?.compactMap({ $0 as? String }) ?? [] {
            let path = sample.appendingPathComponent(file)
            guard let bytes = try? Data(contentsOf: path), !bytes.isEmpty else { continue }
            records += SeedLinkTestServer.records(of: [UInt8](bytes))
        }
        return records
    }

    /// Starts `seiscron live` on `data`; its standard error goes to a file.
    func live(_ server: SeedLinkTestServer, data: URL, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = try TestSupport.product("seiscron")
        process.arguments = ["live", "--source", "seedlink:127.0.0.1:\(server.port)", "--data-dir", data.path]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("R2_") && !$0.key.hasPrefix("S3_") }
        environment["LIVE_STATION_FACTS_SECONDS"] = "0"
        environment["LIVE_LEASE_SECONDS"] = "3"
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func chunks(in data: URL) -> [String] {
        (FileManager.default.enumerator(atPath: data.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".bin.zst") }
    }

    /// Waits until `count` chunks are stored (or the time limit ends the test).
    static func waitForChunks(_ count: Int, in data: URL) async throws {
        while chunks(in: data).count < count { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .milliseconds(500))  // their day metadata follows each chunk
    }

    static func terminate(_ process: Process) -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func storesTheSampleWindowsAsObsPyWouldAndStopsOnSIGTERM() async throws {
        let server = try await SeedLinkTestServer.start(records: try Self.ring(), faults: [.init(connection: 1, afterPackets: 300, .drop)])
        defer { Task { await server.stop() } }
        let folder = try TestSupport.temporaryFolder()
        let data = folder.appendingPathComponent("data")
        let log = folder.appendingPathComponent("live.log")
        let process = try live(server, data: data, log: log)
        try await Self.waitForChunks(15, in: data)
        #expect(Self.terminate(process) == 0)
        let stderr = try String(contentsOf: log, encoding: .utf8)
        #expect(stderr.contains("live: following"))
        #expect(stderr.contains("seedlink: connection ended; reconnecting"))
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("live/position.json").path))
        let check = try TestSupport.run(
            try TestSupport.python(),
            [TestSupport.repository.appendingPathComponent("Tests/ChunkStoreTests/Fixtures/check_store.py").path,
             data.path, Self.sample.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("\"chunks\": 15"), "\(check.stdout)")
    }

    @Test func twoProcessesOnOneStoreStoreEachWindowOnce() async throws {
        let server = try await SeedLinkTestServer.start(records: try Self.ring(), pacing: .interval(.milliseconds(3)))
        defer { Task { await server.stop() } }
        let folder = try TestSupport.temporaryFolder()
        let data = folder.appendingPathComponent("data")
        let logs = [folder.appendingPathComponent("a.log"), folder.appendingPathComponent("b.log")]
        let processes = try logs.map { try live(server, data: data, log: $0) }
        try await Self.waitForChunks(15, in: data)
        for process in processes { #expect(Self.terminate(process) == 0) }
        let stderr = try logs.map { try String(contentsOf: $0, encoding: .utf8) }
        let stored = stderr.map { $0.components(separatedBy: "chunk stored").count - 1 }
        #expect(stored.reduce(0, +) == 15, "each window stored once: \(stored)")
        #expect(stderr.filter { $0.contains("standing by") }.count == 1)
    }

    @Test func aBadSourceExitsTwo() throws {
        let run = try TestSupport.run(try TestSupport.product("seiscron"), ["live", "--source", "seedlink:host:99999"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--source"), "\(run.stderr)")
    }
}
