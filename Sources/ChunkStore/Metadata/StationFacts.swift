/// What the FDSN station service says about a station: optional facts for the day metadata.
public struct StationFacts: Hashable, Sendable, Codable {
    /// Instrument description (e.g. the sensor of the channel's response).
    public var instrumentType: String?
    /// Latitude in degrees.
    public var latitude: Double?
    /// Longitude in degrees.
    public var longitude: Double?
    /// Elevation in metres.
    public var elevationM: Double?

    /// Creates facts; every field is optional.
    public init(instrumentType: String? = nil, latitude: Double? = nil, longitude: Double? = nil, elevationM: Double? = nil)
    {
        self.instrumentType = instrumentType
        self.latitude = latitude
        self.longitude = longitude
        self.elevationM = elevationM
    }
}

extension DayMetadata {
    /// Copies the facts that are known; unknown ones leave the stored values alone.
    public mutating func apply(_ facts: StationFacts) {
        if let value = facts.instrumentType { instrumentType = value }
        if let value = facts.latitude { latitude = value }
        if let value = facts.longitude { longitude = value }
        if let value = facts.elevationM { elevationM = value }
    }
}
