public import SeedCore

/// A channel the station service lists near a point (``FDSNClient/channelsNear(latitude:longitude:radiusKm:channels:logger:)``).
public struct FDSNChannel: Sendable, Hashable {
    /// The SEED codes.
    public var sourceID: SourceID
    /// Great-circle distance from the point in km, to 0.1 km.
    public var distanceKm: Double
    /// Nominal samples per second (0 when the service does not say).
    public var sampleRate: Double

    /// Creates a channel.
    public init(sourceID: SourceID, distanceKm: Double, sampleRate: Double) {
        self.sourceID = sourceID
        self.distanceKm = distanceKm
        self.sampleRate = sampleRate
    }
}
