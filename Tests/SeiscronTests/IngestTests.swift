import Foundation
import TestSupport
import Testing

/// `seiscron ingest` end to end: an ObsPy-written SDS archive goes in; a plain Python reader
/// following Docs/data-format.md (Fixtures/check_store.py) finds every chunk ObsPy accepts,
/// with ObsPy's samples and statistics, and nothing else.
@Suite(.serialized) struct IngestTests {
    struct Report: Decodable {
        var channel: String
        var windows: Int
        var stored: Int
        var unchanged: Int
        var incomplete: Int
        var failed: Int
        var metadata_written: Int
    }

    static let fixtures = TestSupport.repository.appendingPathComponent("Tests/ChunkStoreTests/Fixtures")

    func ingest(_ files: [String], volcano: String, dataDir: URL) throws -> [Report] {
        let output = try TestSupport.run(
            try TestSupport.product("seiscron"), ["ingest"] + files + ["--volcano", volcano, "--data-dir", dataDir.path])
        #expect(output.status == 0, "\(output.stderr)")
        return try output.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(Report.self, from: Data($0.utf8))
        }
    }

    @Test func ingestedArchiveMatchesObsPyAndRerunsChangeNothing() throws {
        let folder = try TestSupport.temporaryFolder()
        let archive = folder.appendingPathComponent("archive")
        let data = folder.appendingPathComponent("data")
        let made = try TestSupport.run(
            try TestSupport.python(), [Self.fixtures.appendingPathComponent("make_archive.py").path, archive.path])
        try #require(made.status == 0, "\(made.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: archive.path).map {
            archive.appendingPathComponent($0).path
        }.filter { !$0.hasSuffix(".D") && (try? FileManager.default.attributesOfItem(atPath: $0)[.type] as? FileAttributeType) == .typeRegular }.sorted()
        let hawaii = files.filter { $0.contains("/HV/") }
        let alaska = files.filter { $0.contains("/AV/") }
        try #require(hawaii.count == 4 && alaska.count == 2)

        let first = try ingest(hawaii, volcano: "kilauea", dataDir: data) + ingest(alaska, volcano: "greatsitkin", dataDir: data)
        #expect(first.map(\.channel) == ["HV.OBL..HHZ", "HV.UWE..HHZ", "AV.GSTD.01.BHZ"])
        #expect(first.map(\.stored) == [4, 5, 2])
        #expect(first.map(\.incomplete) == [2, 3, 0])
        #expect(first.allSatisfy { $0.failed == 0 && $0.unchanged == 0 })

        let check = try TestSupport.run(
            try TestSupport.python(), [Self.fixtures.appendingPathComponent("check_store.py").path, data.path, archive.path])
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try JSONDecoder().decode([String: Int].self, from: Data(check.stdout.utf8))
        #expect(summary["chunks"] == 11)
        #expect(summary["metadata_files"] == 6)
        #expect(summary["windows_checked"] == 16)

        let before = try snapshot(data)
        let again = try ingest(hawaii, volcano: "kilauea", dataDir: data)
        #expect(again.map(\.stored) == [0, 0])
        #expect(again.map(\.unchanged) == [4, 5])
        #expect(again.map(\.metadata_written) == [0, 0])
        #expect(try snapshot(data) == before, "a rerun rewrote files")
    }

    @Test func badArgumentsAreRefusedBeforeAnythingIsWritten() throws {
        let folder = try TestSupport.temporaryFolder()
        let seiscron = try TestSupport.product("seiscron")
        let badVolcano = try TestSupport.run(seiscron, ["ingest", "x.mseed", "--volcano", "Kilauea", "--data-dir", folder.path])
        #expect(badVolcano.status == 64)
        #expect(badVolcano.stderr.contains("--volcano"))
        let badKind = try TestSupport.run(seiscron, ["ingest", "x.mseed", "--volcano", "kilauea", "--kind", "5min"])
        #expect(badKind.status == 64)
        let missing = try TestSupport.run(seiscron, ["ingest", "/nonexistent.mseed", "--volcano", "kilauea", "--data-dir", folder.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read /nonexistent.mseed"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// Path → (size, modification date) of every file below a folder.
    func snapshot(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            result[path] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? 0)"
        }
        return result
    }
}
