import Foundation
import TestSupport
import Testing

/// `seiscron run` as a process: the README's offline tick, checked against ObsPy, and the
/// configuration errors (exit 2 naming the variable).
@Suite struct RunCommandTests {
    static let sample = TestSupport.repository.appendingPathComponent("Samples/sds").path

    func seiscron(_ arguments: [String], environment: [String: String] = [:]) throws -> TestSupport.Output {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("R2_") && !$0.key.hasPrefix("S3_") }
        env["RETRY_WINDOW_SECONDS"] = "0"
        env.merge(environment) { $1 }
        return try TestSupport.run(try TestSupport.product("seiscron"), arguments, environment: env)
    }

    /// DESIGN's done-when on the shipped sample: all 15 channels stored with ObsPy's samples.
    @Test func theSampleTickStoresAllFifteenChannelsAsObsPyWould() throws {
        let data = try TestSupport.temporaryFolder()
        let run = try seiscron([
            "run", "--at", "2025-11-04T22:12:00Z", "--source", "sds:\(Self.sample)", "--data-dir", data.path,
            "--json-summary",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(
            with: Data(run.stdout.split(separator: "\n").last.map(String.init)?.utf8 ?? "".utf8)) as? [String: Any]
        #expect(summary?["successful_stations"] as? Int == 15)
        #expect(summary?["total_gaps_filled"] as? Int == 300)
        #expect(run.stderr.contains("tick started"))
        #expect(run.stderr.contains("tick.successful=15/15"))
        let check = try TestSupport.run(
            try TestSupport.python(),
            [TestSupport.repository.appendingPathComponent("Tests/ChunkStoreTests/Fixtures/check_store.py").path,
             data.path, Self.sample])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("\"chunks\": 15"), "\(check.stdout)")
    }

    @Test(arguments: [
        ("IRIS_DELAY_MINUTES", "soon"), ("CRON_DATA_DURATION_MINUTES", "15"), ("RETRY_INTERVAL_SECONDS", "-1"),
        ("FDSN_BASE_URL", "ftp://example.org"), ("FDSN_MAX_CONNECTIONS", "50"), ("S3_ENDPOINT", "http://127.0.0.1:1"),
    ])
    func badEnvironmentExitsTwoNamingTheVariable(variable: String, value: String) throws {
        let data = try TestSupport.temporaryFolder()
        let run = try seiscron(
            ["run", "--at", "2025-11-04T22:12:00Z", "--source", "sds:\(Self.sample)", "--data-dir", data.path],
            environment: [variable: value])
        #expect(run.status == 2)
        #expect(run.stderr.contains(variable) || (variable == "S3_ENDPOINT" && run.stderr.contains("S3_BUCKET")), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).isEmpty)
    }

    @Test func aBadStationConfigExitsTwoNamingTheField() throws {
        let folder = try TestSupport.temporaryFolder()
        let config = folder.appendingPathComponent("stations.json")
        try Data(#"{"volcanoes": ["etna"]}"#.utf8).write(to: config)
        let run = try seiscron(["run", "--config", config.path, "--source", "sds:\(Self.sample)", "--data-dir", folder.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("volcanoes[0]"))
    }

    @Test func aChannelWithoutDataExitsOneAndStoresTheOthers() throws {
        let folder = try TestSupport.temporaryFolder()
        let config = folder.appendingPathComponent("stations.json")
        try Data(#"{"volcanoes": ["kilauea"], "include": [{"volcano": "kilauea", "channel": "HV.NONE..HHZ"}]}"#.utf8)
            .write(to: config)
        let run = try seiscron([
            "run", "--at", "2025-11-04T22:12:00Z", "--config", config.path, "--source", "sds:\(Self.sample)",
            "--data-dir", folder.appendingPathComponent("data").path,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("tick.successful=3/4"))
        #expect(run.stderr.contains("channel=HV.NONE..HHZ"))
    }
}
