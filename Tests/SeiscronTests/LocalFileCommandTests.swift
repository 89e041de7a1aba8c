import Foundation
import TestSupport
import Testing

/// `inspect` and `process` read local files only: a half-configured store or a broken
/// station config is not their business, while a bad log level still exits 2 naming it.
@Suite struct LocalFileCommandTests {
    static let file = TestSupport.repository.appendingPathComponent("Samples/sds/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308").path

    func seiscron(_ arguments: [String], environment: [String: String]) throws -> TestSupport.Output {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("R2_") && !$0.key.hasPrefix("S3_") }
        env.merge(environment) { $1 }
        return try TestSupport.run(try TestSupport.product("seiscron"), arguments, environment: env)
    }

    static let commands = [
        ["inspect", file],
        ["process", file, "--channel", "HV.UWE..HHZ", "--start", "2025-11-04T22:00:00Z", "--end", "2025-11-04T22:10:00Z"],
    ]

    @Test(arguments: commands)
    func aHalfConfiguredStoreDoesNotStopThem(arguments: [String]) throws {
        let run = try seiscron(arguments, environment: ["S3_ENDPOINT": "http://127.0.0.1:1", "IRIS_DELAY_MINUTES": "soon"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test(arguments: commands)
    func aBadLogLevelExitsTwoNamingIt(arguments: [String]) throws {
        let run = try seiscron(arguments, environment: ["LOG_LEVEL": "loud"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("LOG_LEVEL"), "\(run.stderr)")
    }
}
