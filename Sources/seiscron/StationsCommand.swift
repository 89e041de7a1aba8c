import ArgumentParser
import Foundation
import Pipeline
import SeedCore

/// `seiscron stations`: the channels the station config selects, with distances.
struct StationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stations",
        abstract: "List the channels the station config selects, closest first, with distances.",
        discussion: """
            Without --config the shipped default applies: the 3 closest stations (one channel each)
            of kilauea, maunaloa, greatsitkin, shishaldin and spurr — the 15 channels of the seed.
            """
    )

    @Option(help: "Station config JSON (volcanoes, stations_per_volcano, max_distance_km, data_types, include, exclude).")
    var config: String?

    @Option(help: "Only this volcano.")
    var volcano: String?

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    func run() throws {
        let selected: [SelectedChannel]
        do {
            selected = try StationsCommand.loadConfig(config).select(from: .bundled)
        } catch {
            FileHandle.standardError.write(Data("error: station config \(error)\n".utf8))
            throw ExitCode(2)
        }
        let shown = selected.filter { volcano == nil || $0.volcano == volcano }
        if let volcano, shown.isEmpty {
            FileHandle.standardError.write(Data("error: the config selects no channel of \(volcano)\n".utf8))
            throw ExitCode(2)
        }
        for channel in shown {
            let distance = channel.distanceKm.map { String(format: "%.1f km", $0) } ?? "-"
            let rate = channel.sampleRate.map { String(format: "%g Hz", $0) } ?? "-"
            if json {
                let object: [String: Any] = [
                    "volcano": channel.volcano, "region": channel.region, "channel": channel.sourceID.description,
                    "data_type": channel.dataType.rawValue, "distance_km": channel.distanceKm as Any,
                    "sample_rate": channel.sampleRate as Any,
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(
                    channel.volcano.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + channel.sourceID.description.padding(toLength: 16, withPad: " ", startingAt: 0)
                        + channel.dataType.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                        + distance.padding(toLength: 10, withPad: " ", startingAt: 0) + rate)
            }
        }
    }

    /// The config file, or the shipped default.
    static func loadConfig(_ path: String?) throws -> StationConfig {
        guard let path else { return StationConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StationConfigError(field: "--config", message: "cannot read \(path)")
        }
        return try StationConfig(json: [UInt8](data))
    }
}
