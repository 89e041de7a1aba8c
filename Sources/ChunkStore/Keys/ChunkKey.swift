public import SeedCore

/// The key of one chunk:
/// `data/{YYYY}/{MM}/{NET}/{volcano}/{STA}/{LOC}/{CHA}/{NET}_{STA}_{LOC}_{CHA}_{RATE}Hz_{START}_to_{END}.bin.zst`.
///
/// Year and month come from the start; a chunk belongs to the day (and folder) of its start,
/// also when it ends at or after midnight. Renders and parses (``init(key:)``) round trip.
public struct ChunkKey: Hashable, Sendable, CustomStringConvertible {
    /// The channel.
    public let channel: ChannelKey
    /// First instant covered (whole second).
    public let start: UTCTime
    /// End of the span, exclusive (whole second, after `start`).
    public let end: UTCTime

    /// Creates a key.
    /// - Throws: ``ChunkKeyError`` with `invalidTime` unless both times are whole seconds and
    ///   `end` is after `start`.
    public init(channel: ChannelKey, start: UTCTime, end: UTCTime) throws(ChunkKeyError) {
        guard start.isWholeSecond else {
            throw ChunkKeyError(code: .invalidTime, field: "start", message: "start \(start) is not on a whole second")
        }
        guard end.isWholeSecond, end > start else {
            throw ChunkKeyError(
                code: .invalidTime, field: "end", message: "end \(end) must be on a whole second after start \(start)")
        }
        self.channel = channel
        self.start = start
        self.end = end
    }

    /// Creates the key of a chunk of a known kind starting at `start`.
    public init(channel: ChannelKey, kind: ChunkKind, start: UTCTime) throws(ChunkKeyError) {
        guard let seconds = kind.seconds else {
            throw ChunkKeyError(code: .invalidTime, field: "kind", message: "unknown chunk kind \(kind)")
        }
        try self.init(channel: channel, start: start, end: start.adding(seconds: seconds))
    }

    /// The span covered.
    public var window: TimeWindow { TimeWindow(start: start, end: end) }

    /// The known kind of this length, if any.
    public var kind: ChunkKind? { ChunkKind(seconds: window.seconds) }

    /// Number of int32 samples the payload holds: `round(seconds × rate)`.
    public var sampleCount: Int { window.sampleCount(rate: channel.sampleRate) }

    /// The day (and day-metadata file) this chunk is filed under: the day of its start.
    public var day: CalendarDay { CalendarDay(containing: start) }

    /// `{NET}_{STA}_{LOC}_{CHA}_{RATE}Hz_{START}_to_{END}.bin.zst`.
    public var fileName: String {
        "\(channel.namePrefix)_\(KeyText.stamp(start))_to_\(KeyText.stamp(end)).bin.zst"
    }

    /// The full object key.
    public var key: String {
        let c = start.components
        return channel.folder(year: c.year, month: c.month) + fileName
    }

    /// `HH:MM:SS` of the start: the chunk's `start` in its day-metadata entry.
    public var entryStart: String { KeyText.clock(start) }

    /// The key of the day-metadata file this chunk is recorded in.
    public var dayMetadataKey: DayMetadataKey { DayMetadataKey(channel: channel, day: day) }

    public var description: String { key }

    /// Parses a full chunk key.
    ///
    /// The file name carries every field but the volcano, which comes from the path. Also
    /// accepts the form some stores list, with an empty location's `//` collapsed to `/`
    /// (SeaweedFS), and checks that the folder agrees with the file name.
    /// - Throws: ``ChunkKeyError`` (`malformedKey` or the field's own code).
    public init(key: String) throws(ChunkKeyError) {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 9 || segments.count == 8, segments[0] == "data", let name = segments.last else {
            throw Self.malformed(key, "expected data/YYYY/MM/NET/volcano/STA/LOC/CHA/NAME.bin.zst")
        }
        let parsed = try Self.init(fileName: String(name), volcano: String(segments[4]))
        let canonical = parsed.key
        guard key == canonical || (parsed.channel.sourceID.location.isEmpty && key == Self.collapsed(canonical)) else {
            throw Self.malformed(key, "the folder does not match the file name (expected \(canonical))")
        }
        self = parsed
    }

    /// Parses a file name; the volcano is not part of it and must be given.
    /// - Throws: ``ChunkKeyError``.
    public init(fileName: String, volcano: String) throws(ChunkKeyError) {
        guard fileName.hasSuffix(".bin.zst") else {
            throw Self.malformed(fileName, "a chunk file name ends in .bin.zst")
        }
        let stem = fileName.dropLast(".bin.zst".count)
        let parts = stem.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 8, parts[6] == "to", parts[4].hasSuffix("Hz"),
            let rate = ChannelKey.parseRate(parts[4].dropLast(2)),
            let start = KeyText.parseStamp(parts[5]), let end = KeyText.parseStamp(parts[7])
        else {
            throw Self.malformed(fileName, "expected NET_STA_LOC_CHA_{RATE}Hz_{YYYY-MM-DD-HH-MM-SS}_to_{...}.bin.zst")
        }
        let id = SourceID(
            network: String(parts[0]), station: String(parts[1]), location: String(parts[2]),
            channel: String(parts[3]))
        try self.init(channel: ChannelKey(sourceID: id, volcano: volcano, sampleRate: rate), start: start, end: end)
        guard self.fileName == fileName else {
            throw Self.malformed(fileName, "not in canonical form (expected \(self.fileName))")
        }
    }

    /// A key as SeaweedFS lists it: every `//` collapsed to `/`.
    static func collapsed(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    static func malformed(_ text: String, _ why: String) -> ChunkKeyError {
        ChunkKeyError(code: .malformedKey, field: "key", message: "\"\(text)\": \(why)")
    }
}
