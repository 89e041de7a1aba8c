import ChunkStore
import Foundation
public import Logging
import NIOHTTP1
import SeedCore

extension FDSNClient {
    /// The open channels the station service lists within `radiusKm` of a point (a volcano's
    /// summit), closest first — what `seiscron stations --discover` prints to keep the
    /// catalog current.
    ///
    /// - Parameters:
    ///   - latitude: degrees north.
    ///   - longitude: degrees east.
    ///   - radiusKm: search radius.
    ///   - channels: FDSN channel pattern (default `?HZ,?DF`: vertical seismometers and
    ///     infrasound).
    /// - Throws: ``WaveformSourceError`` when the service fails.
    public func channelsNear(
        latitude: Double, longitude: Double, radiusKm: Double, channels: String = "?HZ,?DF", logger: Logger
    ) async throws(WaveformSourceError) -> [FDSNChannel] {
        let query = [
            ("latitude", String(latitude)), ("longitude", String(longitude)),
            ("maxradius", String(radiusKm / 111.195)), ("channel", channels), ("level", "channel"), ("format", "text"),
        ]
        let call = Call(operation: "station discovery", method: .GET, url: stationURL + "?" + Self.queryString(query), body: nil, lines: 1)
        let text = try await perform(call, logger: logger) { (response: Response) throws(WaveformSourceError) -> String in
            switch response.status {
            case 200: return String(decoding: response.body, as: UTF8.self)
            case 204, 404: return ""
            default:
                throw WaveformSourceError(
                    code: .rejected, message: "the station service answered \(response.status): \(response.excerpt)",
                    httpStatus: response.status)
            }
        }
        var seen = Set<SourceID>()
        var found: [FDSNChannel] = []
        for entry in FDSNStationText.parse(text) where entry.isOpen {
            guard let lat = entry.facts.latitude, let lon = entry.facts.longitude, seen.insert(entry.channel).inserted else {
                continue
            }
            let distance = Self.distanceKm(latitude, longitude, lat, lon)
            guard distance <= radiusKm else { continue }
            found.append(
                FDSNChannel(
                    sourceID: entry.channel, distanceKm: (distance * 10).rounded() / 10, sampleRate: entry.sampleRate ?? 0))
        }
        return found.sorted { ($0.distanceKm, $0.sourceID) < ($1.distanceKm, $1.sourceID) }
    }

    /// Great-circle distance (haversine, mean Earth radius 6371.0 km).
    static func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 6371.0 * 2 * atan2(a.squareRoot(), (1 - a).squareRoot())
    }
}
