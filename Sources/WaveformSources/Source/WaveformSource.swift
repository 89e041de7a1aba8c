public import ChunkStore
public import Logging
public import SeedCore

/// Where the tick gets miniSEED: an FDSN dataselect service (``FDSNClient``) or a local SDS
/// archive (``SDSArchive``).
public protocol WaveformSource: Sendable {
    /// For logs: `fdsn https://service.earthscope.org`, `sds /data/archive`.
    var displayName: String { get }

    /// Fetches the miniSEED records covering some channel-windows (one window length per
    /// call, so FDSN gets one bulk request).
    ///
    /// - Returns: whole miniSEED records of any of the requested channels, in any order
    ///   (records may extend past the windows). No data at all is an empty array.
    /// - Throws: ``WaveformSourceError`` when the source failed after its own retries.
    func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8]

    /// Coordinates and instrument of stations, when the source knows them (FDSN station
    /// service); missing channels are simply absent.
    func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts]
}
