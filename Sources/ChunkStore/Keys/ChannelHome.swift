public import SeedCore

/// Where a channel's chunks live before its key is complete: the SEED codes and the volcano
/// its keys are filed under, and — once known — the sample rate that names its files.
///
/// Everything that finds or stores a channel's chunks passes one of these (the tick's
/// channels, backfill, `/data`, ingest), so codes and volcano never travel as a loose pair.
/// ``channelKey(rate:)`` validates it into the ``ChannelKey`` every key is built from.
public struct ChannelHome: Sendable, Hashable, CustomStringConvertible {
    /// The SEED codes.
    public var sourceID: SourceID
    /// Lowercase volcano name from the station config (`kilauea`, ...).
    public var volcano: String
    /// Samples per second, when known (catalog, stored keys or decoded data).
    public var sampleRate: Double?

    /// Creates a home.
    public init(sourceID: SourceID, volcano: String, sampleRate: Double? = nil) {
        self.sourceID = sourceID
        self.volcano = volcano
        self.sampleRate = sampleRate
    }

    /// The validated key of this channel at `rate` (default: the home's own rate); `nil`
    /// when no rate is known.
    /// - Throws: ``ChunkKeyError`` naming the code, volcano or rate that is invalid.
    public func channelKey(rate: Double? = nil) throws(ChunkKeyError) -> ChannelKey? {
        guard let rate = rate ?? sampleRate else { return nil }
        return try ChannelKey(sourceID: sourceID, volcano: volcano, sampleRate: rate)
    }

    /// The channel's folder for a month, whatever its rate:
    /// `data/{YYYY}/{MM}/{NET}/{volcano}/{STA}/{LOC}/{CHA}/`.
    /// - Throws: ``ChunkKeyError`` for codes or a volcano outside the layout.
    public func folder(year: Int, month: Int) throws(ChunkKeyError) -> String {
        try ChannelKey.validate(sourceID)
        try ChannelKey.validate(volcano: volcano)
        return ChannelKey.folder(of: sourceID, volcano: volcano, year: year, month: month)
    }

    /// `NET.STA.LOC.CHA (volcano)`.
    public var description: String { "\(sourceID) (\(volcano))" }
}
