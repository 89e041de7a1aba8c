import Foundation
import TestSupport
import Testing

/// `seiscron`'s flags driven with times and numbers beyond what 64-bit nanoseconds hold:
/// each is a usage error (exit 64 naming the flag), never a trap (exit 132/134).
@Suite struct ExtremeArgumentsTests {
    static let sample = TestSupport.repository.appendingPathComponent("Samples/sds").path
    static let times = [
        "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1677-01-01T00:00:00Z", "2262-04-12T00:00:00Z",
        "2263-01-01T00:00:00Z", "2101-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
    ]
    static let numbers = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "2147483648", "1e300", "NaN", "inf", "-1", "0"]

    static func cases() -> [([String], String)] {
        var cases: [([String], String)] = []
        for time in times {
            cases.append((["run", "--at", time, "--source", "sds:\(sample)", "--dry-run"], "--at"))
            cases.append((["backfill", "--hours", "1", "--end", time, "--source", "sds:\(sample)"], "--end"))
            cases.append(
                (["process", "\(sample)/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308", "--channel", "HV.UWE..HHZ", "--start", time,
                  "--end", "2025-11-04T22:10:00Z"], "--start"))
            cases.append(
                (["process", "\(sample)/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308", "--channel", "HV.UWE..HHZ", "--start",
                  "2025-11-04T22:00:00Z", "--end", time], "--end"))
        }
        for number in numbers {
            cases.append((["backfill", "--hours", number, "--source", "sds:\(sample)"], "--hours"))
            cases.append((["stations", "--discover", "--radius-km", number], "--radius-km"))
            cases.append((["store", "presign", "data/x", "--expires", number], "--expires"))
        }
        // A window of centuries would be held in memory whole.
        cases.append(
            (["process", "\(sample)/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308", "--channel", "HV.UWE..HHZ", "--start",
              "1970-01-01T00:00:00Z", "--end", "2100-01-01T00:00:00Z"], "--end"))
        return cases
    }

    @Test(arguments: cases())
    func anOutOfRangeFlagIsAUsageErrorNamingIt(arguments: [String], flag: String) throws {
        let data = try TestSupport.temporaryFolder()
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("R2_") && !$0.key.hasPrefix("S3_") }
        environment["SEISCACHE_DATA_DIR"] = data.path
        // `stations --discover` must not reach the network even if parsing let it through.
        environment["FDSN_BASE_URL"] = "http://127.0.0.1:9"
        let run = try TestSupport.run(try TestSupport.product("seiscron"), arguments, environment: environment)
        #expect(run.status == 64, "\(arguments.joined(separator: " ")) exited \(run.status): \(run.stderr)")
        #expect(run.stderr.contains(flag), "\(arguments.joined(separator: " ")): \(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).isEmpty)
    }
}
