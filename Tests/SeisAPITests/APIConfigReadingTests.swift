import CommandOptions
import Foundation
import Logging
import Pipeline
import Testing

@testable import seisapi

/// `seisapi`'s configuration reader: environment dictionaries and flags in, the value or the
/// error naming the variable out; the station catalog is the one passed in; the defaults
/// `serve --help` prints are the ones the value has, and Docs/operations.md lists the same.
@Suite("seisapi configuration reader")
struct APIConfigReadingTests {
    @Test func everyDefaultThatHelpPrintsReadsBackToItself() throws {
        let defaults = APIConfig.defaults
        for variable in APIConfig.variables {
            guard let text = variable.defaultText(in: defaults) else { continue }
            let read = try APIConfig.reading([variable.name: text])
            #expect(variable.defaultText(in: read) == text, "\(variable.name)")
        }
    }

    @Test func anEmptyEnvironmentGivesTheDeclaredDefaults() throws {
        let read = try APIConfig.reading([:])
        for variable in APIConfig.variables {
            #expect(variable.defaultText(in: read) == variable.defaultText(in: APIConfig.defaults), "\(variable.name)")
        }
        #expect(read.token == nil)
        #expect(read.staleAfter == .seconds(40 * 60))
    }

    @Test(arguments: APIConfig.variables.map(\.name))
    func aRefusedValueIsAnErrorNamingTheVariable(name: String) {
        #expect { try APIConfig.reading([name: "-7 bottles"]) } throws: { error in
            (error as? FieldError)?.field == name
        }
    }

    @Test func aShortTokenIsRefusedWithWhatToDo() {
        #expect { try APIConfig.reading(["SEISAPI_TOKEN": "short"]) } throws: { error in
            "\(error)" == "SEISAPI_TOKEN: use at least 16 characters (e.g. `openssl rand -hex 24`)"
        }
    }

    @Test func thePortFlagWinsWithoutReadingPORT() throws {
        #expect(try APIConfig.reading(["PORT": "nope"], flags: APIConfig.Flags(port: 9001)).port == 9001)
    }

    @Test func theSharedFlagsAndPipelineVariablesAreReadToo() throws {
        let config = try APIConfig.reading(
            ["LOG_LEVEL": "error", "IRIS_DELAY_MINUTES": "7", "SEISCACHE_DATA_DIR": "/tmp/from-env"],
            flags: APIConfig.Flags(host: "0.0.0.0", common: CommonFlags(dataDirectory: "/tmp/from-flag"))
        )
        #expect(config.common.logLevel == .error)
        #expect(config.common.pipeline.tick.delayMinutes == 7)
        #expect("\(config.common.store)" == "local /tmp/from-flag")
        #expect(config.host == "0.0.0.0")
    }

    /// The channels come from the catalog the reader was given, not a global one: on a
    /// catalog of Kilauea alone, the shipped config's other volcanoes are unknown.
    @Test func channelsAreSelectedFromTheInjectedCatalog() throws {
        let shipped = try ConfigurationReader(environment: [:], catalog: .bundled).common()
        #expect(shipped.catalog == .bundled)
        #expect(Set(shipped.channels.map(\.volcano)).count > 1)
        let kilauea = try #require(StationCatalog.bundled.volcanoes["kilauea"])
        let only = StationCatalog(volcanoes: ["kilauea": kilauea])
        #expect { try ConfigurationReader(environment: [:], catalog: only).common() } throws: { error in
            (error as? FieldError)?.field.hasPrefix("volcanoes[") == true && "\(error)".hasSuffix("known: kilauea")
        }
    }

    /// Docs/operations.md's tables give every variable with the default the value has.
    @Test func theOperationsTablesListTheDeclaredDefaults() throws {
        let doc = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../Docs/operations.md"
            ),
            encoding: .utf8
        )
        let rows = doc.split(separator: "\n").filter { $0.hasPrefix("| `") }
        var checked = 0
        func check<Root>(_ variables: [ConfigurationVariable<Root>], _ defaults: Root) {
            for variable in variables {
                guard let row = rows.first(where: { $0.hasPrefix("| `\(variable.name)` |") }),
                    let expected = variable.defaultText(in: defaults).flatMap(Double.init)
                else { continue }
                let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                // Tick table: variable | default | meaning; limits table: variable | read by | meaning | default | range.
                let cell = cells.count >= 5 ? cells[3] : cells[1]
                #expect(Double(cell) == expected, "\(variable.name): \(cell)")
                checked += 1
            }
        }
        check(APIConfig.variables, APIConfig.defaults)
        check(PipelineSettings.variables, APIConfig.defaults.common.pipeline)
        #expect(checked >= 20)
    }
}
