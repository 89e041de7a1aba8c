import ArgumentParser
import CommandOptions
import Foundation
import Logging
import Pipeline
import SeedCore
import WaveformSources

/// `seiscron stations`: the channels the station config selects, with distances.
struct StationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stations",
        abstract: "List the channels the station config selects, closest first, with distances.",
        discussion: """
            Without --config the shipped default applies: the 3 closest stations (one channel each)
            of kilauea, maunaloa, greatsitkin, shishaldin and spurr — the 15 channels of the seed.
            With --discover, asks the FDSN station service (FDSN_BASE_URL) which open vertical
            seismometer and infrasound channels lie within --radius-km of each volcano, to keep the
            catalog current; `*` marks channels the config selects.
            """
    )

    @Option(help: "Station config JSON (volcanoes, stations_per_volcano, max_distance_km, data_types, include, exclude).")
    var config: String?

    @Option(help: "Only this volcano.")
    var volcano: String?

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    @Flag(help: "List the channels the FDSN station service knows near each volcano instead.")
    var discover = false

    @Option(help: "Search radius for --discover, in km (0 < km <= 500).")
    var radiusKm: Double = 20

    func validate() throws {
        // NaN, infinity and 1e300 parse as Double; only a real radius reaches the FDSN query.
        guard radiusKm.isFinite, radiusKm > 0, radiusKm <= 500 else {
            throw ValidationError("--radius-km must be a number of km above 0 and at most 500 (got \(radiusKm))")
        }
    }

    func run() async throws {
        let configuration = try ConfigurationExit.common(CommonFlags(stationConfig: config, dryRun: true))
        if discover { return try await discoverChannels(configuration) }
        let shown = configuration.channels.filter { volcano == nil || $0.volcano == volcano }
        let empty = configuration.volcanoesWithoutChannels.filter { volcano == nil || $0.volcano == volcano }
        if let volcano, shown.isEmpty {
            let reason = empty.first.map { ": \($0.reason)" } ?? ""
            FileHandle.standardError.write(Data("error: the config selects no channel of \(volcano)\(reason)\n".utf8))
            throw ExitCode(2)
        }
        // The same warning the tick logs at its start, on standard error so the listing stays parseable.
        for entry in empty {
            FileHandle.standardError.write(Data("warning: the config selects no channel of \(entry)\n".utf8))
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

    /// `--discover`: the station service's channels near each volcano, closest first.
    func discoverChannels(_ configuration: CommonConfiguration) async throws {
        let selected = Set(configuration.channels.map(\.sourceID.description))
        let volcanoes = configuration.catalog.volcanoes.filter { volcano == nil || $0.key == volcano }
        guard !volcanoes.isEmpty else {
            FileHandle.standardError.write(Data("error: unknown volcano \(volcano ?? "")\n".utf8))
            throw ExitCode(2)
        }
        var failed = false
        try await configuration.withRuntime(label: "seiscron.stations") { runtime, logger in
            for (name, facts) in volcanoes.sorted(by: { $0.key < $1.key }) {
                do {
                    let found = try await runtime.fdsn.channelsNear(
                        latitude: facts.lat, longitude: facts.lon, radiusKm: radiusKm, logger: logger)
                    for channel in found {
                        let id = channel.sourceID.description
                        print(
                            (selected.contains(id) ? "* " : "  ") + name.padding(toLength: 12, withPad: " ", startingAt: 0)
                                + id.padding(toLength: 16, withPad: " ", startingAt: 0)
                                + String(format: "%6.1f km  %g Hz", channel.distanceKm, channel.sampleRate))
                    }
                } catch {
                    FileHandle.standardError.write(Data("error: \(name): \(error)\n".utf8))
                    failed = true
                }
            }
        }
        if failed { throw ExitCode.failure }
    }
}
