public import SeedCore

/// One record of the stream, as received and decoded.
public struct SeedLinkRecord: Sendable {
    /// The packet's sequence number.
    public var sequence: Int
    /// The record's channel.
    public var channel: SourceID
    /// The 512-byte miniSEED 2 record, as the server sent it.
    public var bytes: [UInt8]
    /// Its samples, decoded by SeedCore (one trace).
    public var trace: Trace

    /// The station the sequence number belongs to.
    public var station: StationKey { StationKey(network: channel.network, station: channel.station) }
}
