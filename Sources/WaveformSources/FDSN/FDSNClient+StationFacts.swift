public import ChunkStore
public import Logging
import NIOHTTP1
public import SeedCore

extension FDSNClient {
    /// Coordinates, elevation and sensor of `channels` from one `GET {baseURL}/fdsnws/station/1/
    /// query?net=..&sta=..&loc=..&cha=..&level=channel&format=text` (comma-separated code
    /// lists, answer filtered to the channels asked for).
    ///
    /// - Parameters:
    ///   - channels: The channels.
    ///   - logger: Logs the request at debug and a failure at info.
    /// - Returns: Facts per channel the service knows (its open epoch, else its latest);
    ///   empty when the service has none or failed (after retries).
    public func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] {
        guard !channels.isEmpty else { return [:] }
        func list(_ codes: [String]) -> String { Array(Set(codes)).sorted().joined(separator: ",") }
        let query = [
            ("net", list(channels.map(\.network))),
            ("sta", list(channels.map(\.station))),
            ("loc", list(channels.map { $0.location.isEmpty ? "--" : $0.location })),
            ("cha", list(channels.map(\.channel))),
            ("level", "channel"),
            ("format", "text"),
        ]
        let url = stationURL + "?" + Self.queryString(query)
        let call = Call(operation: "station", method: .GET, url: url, body: nil, lines: channels.count)
        do throws(WaveformSourceError) {
            let text = try await perform(call, logger: logger) { (response: Response) throws(WaveformSourceError) -> String in
                switch response.status {
                case 200: return String(decoding: response.body, as: UTF8.self)
                case 204, 404: return ""
                default:
                    throw WaveformSourceError(
                        code: .rejected,
                        message: "the station service answered \(response.status): \(response.excerpt)",
                        httpStatus: response.status
                    )
                }
            }
            let facts = FDSNStationText.facts(FDSNStationText.parse(text), for: Set(channels))
            logger.debug(
                "FDSN station facts read",
                metadata: ["fdsn.channels": "\(channels.count)", "fdsn.known": "\(facts.count)"]
            )
            return facts
        } catch {
            logger.info(
                "FDSN station facts unavailable",
                metadata: [
                    "fdsn.error": "\(error.code)", "fdsn.status": "\(error.httpStatus.map(String.init) ?? "none")",
                    "fdsn.message": "\(error.message)",
                ]
            )
            return [:]
        }
    }
}
