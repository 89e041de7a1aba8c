import SeedCore

/// The key of one channel's day-metadata file, in the same folder as the day's chunks:
/// `data/{YYYY}/{MM}/{NET}/{volcano}/{STA}/{LOC}/{CHA}/{NET}_{STA}_{LOC}_{CHA}_{RATE}Hz_{YYYY-MM-DD}.json`.
public struct DayMetadataKey: Hashable, Sendable, CustomStringConvertible {
    /// The channel.
    public let channel: ChannelKey
    /// The day.
    public let day: CalendarDay

    /// Creates the key of a channel's day.
    public init(channel: ChannelKey, day: CalendarDay) {
        self.channel = channel
        self.day = day
    }

    /// `{NET}_{STA}_{LOC}_{CHA}_{RATE}Hz_{YYYY-MM-DD}.json`.
    public var fileName: String { "\(channel.namePrefix)_\(day).json" }

    /// The folder holding the day's chunks and this file.
    public var folder: String {
        let c = day.components
        return channel.folder(year: c.year, month: c.month)
    }

    /// The full object key.
    public var key: String { folder + fileName }

    public var description: String { key }

    /// Parses a full day-metadata key (also with an empty location's `//` collapsed, as
    /// SeaweedFS lists it).
    /// - Throws: ``ChunkKeyError``.
    public init(key: String) throws(ChunkKeyError) {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 9 || segments.count == 8, segments[0] == "data", let name = segments.last,
            name.hasSuffix(".json")
        else {
            throw ChunkKey.malformed(key, "expected data/YYYY/MM/NET/volcano/STA/LOC/CHA/NAME_{YYYY-MM-DD}.json")
        }
        let parts = name.dropLast(".json".count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[4].hasSuffix("Hz"), let rate = ChannelKey.parseRate(parts[4].dropLast(2)),
            let day = CalendarDay(String(parts[5]))
        else {
            throw ChunkKey.malformed(key, "expected NET_STA_LOC_CHA_{RATE}Hz_{YYYY-MM-DD}.json")
        }
        let id = SourceID(
            network: String(parts[0]), station: String(parts[1]), location: String(parts[2]),
            channel: String(parts[3]))
        self.init(channel: try ChannelKey(sourceID: id, volcano: String(segments[4]), sampleRate: rate), day: day)
        let canonical = self.key
        guard key == canonical || (id.location.isEmpty && key == ChunkKey.collapsed(canonical)) else {
            throw ChunkKey.malformed(key, "not in canonical form (expected \(canonical))")
        }
    }
}
