import CommandOptions
import Foundation
import Pipeline
import WaveformSources
import TestSupport
import Testing

@testable import seisapi

/// `--live` and `LIVE_SOURCE`: parsed as `seedlink:HOST:PORT`, the flag winning, a bad value
/// refused naming where it came from (exit 2 from the process).
@Suite("seisapi --live configuration")
struct LiveConfigTests {
    @Test func theVariableAndTheFlagNameTheServer() throws {
        #expect(try APIConfig.reading([:]).live == nil)
        let fromVariable = try #require(try APIConfig.reading(["LIVE_SOURCE": "seedlink:127.0.0.1:18000"]).live)
        #expect("\(fromVariable)" == "seedlink:127.0.0.1:18000")
        // The flag wins; the variable is then not read at all (a stray bad value is no error).
        let fromFlag = try #require(
            try APIConfig.reading(["LIVE_SOURCE": "nonsense"], flags: APIConfig.Flags(live: "seedlink:[::1]:18001")).live)
        #expect(fromFlag.host == "::1" && fromFlag.port == 18001)
    }

    @Test(arguments: ["seedlink:", "seedlink:host:0", "seedlink:host:port", "http://host:18000", "host:18000"])
    func aBadFlagIsRefusedNamingIt(value: String) {
        #expect { try APIConfig.reading([:], flags: APIConfig.Flags(live: value)) } throws: { error in
            (error as? FieldError)?.field == "--live" && "\(error)".contains("is not seedlink:HOST:PORT")
        }
    }

    @Test func theProcessExitsTwoOnABadValueAndHelpListsIt() throws {
        let seisapi = try TestSupport.product("seisapi")
        var environment = ProcessInfo.processInfo.environment
        environment["LIVE_SOURCE"] = "ringserver:18000"
        let refused = try TestSupport.run(seisapi, ["serve", "--port", "1"], environment: environment)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("LIVE_SOURCE") && refused.stderr.contains("seedlink:HOST:PORT"), "\(refused.stderr)")
        let help = try TestSupport.run(seisapi, ["serve", "--help"])
        #expect(help.stdout.contains("--live") && help.stdout.contains("LIVE_SOURCE"))
        for name in ["LIVE_BUFFER_MINUTES", "LIVE_LISTENERS_PER_CHANNEL", "LIVE_LISTENERS", "LIVE_QUEUED_RECORDS"] {
            #expect(help.stdout.contains(name), "\(name)")
        }
    }
}
