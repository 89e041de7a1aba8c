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

    @Test func aVolcanoWithoutChannelsIsAWarningAtTheStartAndInTheSummary() throws {
        let folder = try TestSupport.temporaryFolder()
        let config = folder.appendingPathComponent("stations.json")
        try Data(#"{"volcanoes": ["kilauea", "spurr"], "max_distance_km": 5}"#.utf8).write(to: config)
        let run = try seiscron([
            "run", "--at", "2025-11-04T22:12:00Z", "--config", config.path, "--source", "sds:\(Self.sample)",
            "--data-dir", folder.appendingPathComponent("data").path, "--json-summary",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("volcano has no channel") }
        #expect(warnings.count == 1, "\(run.stderr)")
        #expect(warnings.first?.contains("volcano=spurr") == true)
        #expect(warnings.first?.contains("max_distance_km 5 is below its closest seismic channel, 6.4 km away") == true)
        let startLine = run.stderr.split(separator: "\n").firstIndex { $0.contains("tick started") }
        let warningLine = run.stderr.split(separator: "\n").firstIndex { $0.contains("volcano has no channel") }
        // (Closures kept out of #expect: Swift 6.3.1 can mix up closures inside the macro.)
        let afterStart = startLine.map { $0 + 1 }
        #expect(startLine != nil && warningLine == afterStart, "logged once, right after the banner")
        let summary = try JSONSerialization.jsonObject(
            with: Data(run.stdout.split(separator: "\n").last.map(String.init)?.utf8 ?? "".utf8)) as? [String: Any]
        let empty = (summary?["volcanoes_without_channels"] as? [[String: String]])?.map { $0["volcano"] }
        #expect(empty == ["spurr"])

        let stations = try seiscron(["stations", "--config", config.path])
        #expect(stations.status == 0)
        #expect(stations.stderr.contains("warning: the config selects no channel of spurr: max_distance_km 5"), "\(stations.stderr)")
        #expect(stations.stdout.contains("HV.UWE..HHZ"))
        let one = try seiscron(["stations", "--config", config.path, "--volcano", "spurr"])
        #expect(one.status == 2)
        #expect(one.stderr.contains("no channel of spurr: max_distance_km 5"), "\(one.stderr)")
    }
}
