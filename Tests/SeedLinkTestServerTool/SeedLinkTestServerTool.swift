// A SeedLink 3.1 server for process-level tests and benchmarks (seiscron live, seisapi --live,
// the player's Live mode): it serves the 512-byte miniSEED records of files or folders (an SDS
// archive), in real time from an archive time when asked, and prints one JSON line on stdout
// once it listens: {"port", "records", "started_at_ns", "replay_from"}. It runs until killed.
//
// usage: seedlink-test-server [--port N] [--replay-from TIME [--speed X]] [--drop-after N] PATH...
import ArgumentParser
import Foundation
import SeedCore
import SeedLinkTestServer
import WaveformSources

@main
struct SeedLinkTestServerTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seedlink-test-server",
        abstract: "Serve miniSEED files over SeedLink 3.1 (for tests and benchmarks).")

    @Option(help: "The TCP port on 127.0.0.1 (0: any free port).")
    var port = 0

    @Option(help: "Replay in real time: the server's clock reads this archive time when it starts (ISO 8601).")
    var replayFrom: String?

    @Option(help: "With --replay-from: how many times faster than the wall clock the server's clock runs.")
    var speed = 1.0

    @Option(help: "The first connection is dropped after sending this many packets (a later one resumes).")
    var dropAfter: Int?

    @Argument(help: "miniSEED files of 512-byte records, or folders searched for them (an SDS archive).")
    var paths: [String]

    func run() async throws {
        var pacing = SeedLinkTestServer.Pacing.immediate
        if let replayFrom {
            guard let from = UTCTime(iso8601: replayFrom) else {
                throw ValidationError("--replay-from \(replayFrom) is not an ISO 8601 time (e.g. 2025-11-04T12:00:00Z)")
            }
            guard speed > 0 else { throw ValidationError("--speed must be positive") }
            pacing = .replay(from: from, speed: speed)
        }
        var records: [[UInt8]] = []
        for file in try files() {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            guard bytes.count % 512 == 0 else {
                throw ValidationError("\(file): \(bytes.count) bytes is not a whole number of 512-byte records")
            }
            records += SeedLinkTestServer.records(of: bytes)
        }
        guard !records.isEmpty else { throw ValidationError("no miniSEED records in \(paths.joined(separator: " "))") }
        let faults = dropAfter.map { [SeedLinkTestServer.Fault(connection: 1, afterPackets: $0, .drop)] } ?? []
        let server = try await SeedLinkTestServer.start(records: records, faults: faults, pacing: pacing, port: port)
        let line: [String: Any] = [
            "port": server.port, "records": records.count, "started_at_ns": server.startedAt,
            "replay_from": replayFrom ?? NSNull(),
        ]
        let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        FileHandle.standardOutput.write(json + Data("\n".utf8))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    /// The files named, and the regular files under the folders named, in path order.
    func files() throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ValidationError("\(path): no such file or folder")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            for relative in found.sorted() {
                let full = (path as NSString).appendingPathComponent(relative)
                var folder: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &folder), !folder.boolValue { files.append(full) }
            }
        }
        return files
    }
}
