import ChunkStore
import WaveformSources
import Foundation
import Logging
import Testing

@testable import Pipeline

extension PipelineSettings {
    /// The settings an executable reads from `environment` (never the process's).
    static func reading(_ environment: [String: String]) throws(FieldError) -> PipelineSettings {
        try EnvironmentReader(environment).read(variables, over: PipelineSettings())
    }
}

/// The configuration reader: environment dictionaries in, values or the error naming the
/// variable out; the defaults `--help` prints are the ones a value really has.
@Suite("Configuration variables and their reader")
struct ConfigurationVariableTests {
    @Test func anEmptyEnvironmentLeavesEveryDeclaredDefault() throws {
        let read = try PipelineSettings.reading([:])
        let defaults = PipelineSettings()
        for variable in PipelineSettings.variables {
            #expect(variable.defaultText(in: read) == variable.defaultText(in: defaults), "\(variable.name)")
        }
        #expect(read.tick.delayMinutes == 2)
        #expect(read.fdsn.baseURL == "https://service.earthscope.org")
    }

    @Test func anEmptyVariableCountsAsUnset() throws {
        let read = try PipelineSettings.reading(["IRIS_DELAY_MINUTES": "", "FDSN_BASE_URL": ""])
        #expect(read.tick.delayMinutes == TickConfiguration().delayMinutes)
        #expect(read.fdsn.baseURL == FDSNConfiguration().baseURL)
    }

    /// Printing a default and reading it back gives the same value: `--help` shows what the
    /// value holds, not a number written a second time.
    @Test func everyDefaultThatHelpPrintsReadsBackToItself() throws {
        let defaults = PipelineSettings()
        for variable in PipelineSettings.variables {
            let text = try #require(variable.defaultText(in: defaults), "\(variable.name)")
            let read = try PipelineSettings.reading([variable.name: text])
            #expect(variable.defaultText(in: read) == text, "\(variable.name)")
        }
    }

    @Test func setVariablesReachTheirProperties() throws {
        let read = try PipelineSettings.reading([
            "IRIS_DELAY_MINUTES": "5", "CRON_DATA_DURATION_MINUTES": "60", "CATCHUP_MINUTES": "30",
            "CHECKPOINT_REBUILDS_PER_TICK": "0", "RETRY_INTERVAL_SECONDS": "2.5", "RETRY_WINDOW_SECONDS": "10",
            "TICK_DEADLINE_SECONDS": "90", "REQUEST_DELAY_SECONDS": "0.25", "FDSN_READ_TIMEOUT_SECONDS": "7",
            "FDSN_MAX_CONNECTIONS": "2", "FDSN_BASE_URL": "http://localhost:8081/",
        ])
        #expect(read.tick.delayMinutes == 5)
        #expect(read.tick.windowKind.seconds == 3600)
        #expect(read.tick.lookBackMinutes == 30)
        #expect(read.tick.maximumCheckpointRebuilds == 0)
        #expect(read.tick.retryInterval == .milliseconds(2500))
        #expect(read.tick.retryWindow == .seconds(10))
        #expect(read.tick.deadline == .seconds(90))
        #expect(read.fdsn.requestDelay == .milliseconds(250))
        #expect(read.readTimeout == .seconds(7))
        #expect(read.fdsn.maximumConnections == 2)
        // The trailing slash is dropped: paths are appended to the base.
        #expect(read.fdsn.baseURL == "http://localhost:8081")
    }

    /// The messages Docs/operations.md promises: the variable, the text, what is accepted.
    @Test(arguments: [
        ("IRIS_DELAY_MINUTES", "-1", "IRIS_DELAY_MINUTES: \"-1\" is not a whole number in 0...1440"),
        ("CATCHUP_MINUTES", "2h", "CATCHUP_MINUTES: \"2h\" is not a whole number in 0...10080"),
        ("CRON_DATA_DURATION_MINUTES", "15", "CRON_DATA_DURATION_MINUTES: 15 is not a chunk length: use 10, 60, 360 or 1440"),
        ("TICK_DEADLINE_SECONDS", "600", "TICK_DEADLINE_SECONDS: \"600\" is not a number of seconds in 10.0...590.0"),
        ("FDSN_MAX_CONNECTIONS", "11", "FDSN_MAX_CONNECTIONS: \"11\" is not a whole number in 1...10"),
        ("FDSN_BASE_URL", "ftp://x.example", "FDSN_BASE_URL: \"ftp://x.example\" is not an http(s) URL"),
    ])
    func refusedTextIsAnErrorNamingTheVariable(name: String, text: String, message: String) {
        #expect { try PipelineSettings.reading([name: text]) } throws: { error in
            (error as? FieldError)?.field == name && "\(error)" == message
        }
    }

    @Test func theFirstRefusedVariableInTableOrderIsReported() {
        #expect { try PipelineSettings.reading(["FDSN_MAX_CONNECTIONS": "0", "IRIS_DELAY_MINUTES": "x"]) } throws: {
            ($0 as? FieldError)?.field == "IRIS_DELAY_MINUTES"
        }
    }

    @Test func helpListsEveryVariableWithItsDefault() {
        let help = ConfigurationVariable.help(PipelineSettings.variables, defaults: PipelineSettings())
        let lines = help.split(separator: "\n")
        #expect(lines.count == PipelineSettings.variables.count)
        #expect(lines.contains { $0.contains("IRIS_DELAY_MINUTES") && $0.hasSuffix("(default 2).") })
        #expect(lines.contains { $0.contains("TICK_DEADLINE_SECONDS") && $0.hasSuffix("(default 240).") })
        #expect(lines.contains { $0.contains("REQUEST_DELAY_SECONDS") && $0.hasSuffix("(default 1).") })
    }

    @Test func theLogLevelFlagWinsOverTheVariable() throws {
        let reader = EnvironmentReader(["LOG_LEVEL": "debug"])
        #expect(try reader.logLevel(flag: nil) == .debug)
        #expect(try reader.logLevel(flag: "error") == .error)
        #expect(try EnvironmentReader([:]).logLevel(flag: nil, fallback: .warning) == .warning)
        #expect { try EnvironmentReader(["LOG_LEVEL": "loud"]).logLevel(flag: nil) } throws: {
            ($0 as? FieldError)?.field == "LOG_LEVEL"
        }
        #expect { try reader.logLevel(flag: "loud") } throws: { ($0 as? FieldError)?.field == "--log-level" }
    }
}
