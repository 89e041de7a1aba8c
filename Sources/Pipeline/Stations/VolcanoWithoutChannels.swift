import Foundation
import SeedCore

/// A volcano the station config names but selects no channel of, and why (`max_distance_km`
/// below its closest station, every channel excluded, ...). The tick logs it as a warning at
/// its start and lists it in the run summary, and `seiscron stations` prints it: a volcano
/// that silently stores nothing is found only when someone wants to listen to it.
public struct VolcanoWithoutChannels: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The config's volcano key.
    public var volcano: String
    /// Which config field leaves it without channels, and what would select one.
    public var reason: String

    /// Creates an entry.
    public init(volcano: String, reason: String) {
        self.volcano = volcano
        self.reason = reason
    }

    /// `spurr: max_distance_km 5 is below ...`.
    public var description: String { "\(volcano): \(reason)" }
}

extension StationConfig {
    /// The config's volcanoes that ``select(from:)`` gives no channel, each with the reason,
    /// in config order (empty when the config cannot select at all: ``select(from:)`` throws
    /// for that, naming the field).
    public func volcanoesWithoutChannels(in catalog: StationCatalog) -> [VolcanoWithoutChannels] {
        guard let selected = try? select(from: catalog) else { return [] }
        let served = Set(selected.map(\.volcano))
        let excluded = Set(exclude.compactMap(SourceID.init))
        var result: [VolcanoWithoutChannels] = []
        for name in volcanoes where !served.contains(name) {
            guard let volcano = catalog.volcanoes[name] else { continue }
            let types = dataTypes.map(\.rawValue).joined(separator: "/")
            let candidates = dataTypes.flatMap { volcano.channels($0) }
            let inReach = candidates.filter { channel in maxDistanceKm.map { channel.distanceKm <= $0 } ?? true }
            let reason: String
            if stationsPerVolcano == 0 {
                reason = "stations_per_volcano is 0 and no include names one of its channels"
            } else if candidates.isEmpty {
                reason = "the station catalog lists no \(types) channel for it (data_types); add one with include"
            } else if inReach.isEmpty, let maxDistanceKm {
                let closest = candidates.map(\.distanceKm).min() ?? 0
                reason =
                    "max_distance_km \(Self.kilometres(maxDistanceKm)) is below its closest \(types) channel, "
                    + "\(Self.kilometres(closest)) km away"
            } else if inReach.allSatisfy({ excluded.contains($0.sourceID) }) {
                reason =
                    "exclude lists all \(inReach.count) \(types) channels"
                    + (maxDistanceKm.map { " within max_distance_km \(Self.kilometres($0))" } ?? "")
            } else {
                reason = "no channel is selected"
            }
            result.append(VolcanoWithoutChannels(volcano: name, reason: reason))
        }
        return result
    }

    /// `3.3`, `20`.
    static func kilometres(_ value: Double) -> String { String(format: "%g", value) }
}
