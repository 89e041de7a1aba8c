import Foundation
public import SeedCore

/// One channel as the bucket names it: SEED codes, the volcano it is filed under and its
/// sample rate. Every key of the layout starts from one (``ChunkKey``, ``DayMetadataKey``).
///
/// Values are validated on creation, so no `ChannelKey` can render a key outside the layout:
/// network 1–2, station 1–5, location 0–2 and channel 3 characters of `[A-Z0-9]`, volcano
/// `[a-z0-9_-]` (1–64), rate positive, finite and not printing as `0`.
public struct ChannelKey: Hashable, Sendable, CustomStringConvertible {
    /// The SEED codes.
    public let sourceID: SourceID
    /// Lowercase volcano name from the station config (`kilauea`, `maunaloa`, ...).
    public let volcano: String
    /// Samples per second.
    public let sampleRate: Double

    /// Creates a channel key.
    /// - Throws: ``ChunkKeyError`` naming the field that is invalid.
    public init(sourceID: SourceID, volcano: String, sampleRate: Double) throws(ChunkKeyError) {
        try Self.validate(sourceID)
        try Self.validate(volcano: volcano)
        guard sampleRate.isFinite, sampleRate > 0, sampleRate < 1e9, Self.rateText(sampleRate) != "0" else {
            throw ChunkKeyError(
                code: .invalidSampleRate, field: "sample_rate",
                message: "sample rate \(sampleRate) must be positive, finite and at least 0.005 Hz")
        }
        self.sourceID = sourceID
        self.volcano = volcano
        self.sampleRate = sampleRate
    }

    /// `NET_STA_LOC_CHA_{RATE}Hz`: the start of every file name of this channel.
    public var namePrefix: String {
        "\(sourceID.network)_\(sourceID.station)_\(sourceID.location)_\(sourceID.channel)_\(rateText)Hz"
    }

    /// The rate as it appears in names: two decimals, trailing zeros and point stripped
    /// (100 → `100`, 40.96 → `40.96`, 0.1 → `0.1`), as the seed's `f"{rate:.2f}".rstrip(...)`.
    public var rateText: String { Self.rateText(sampleRate) }

    /// The folder of this channel for a month:
    /// `data/{YYYY}/{MM}/{NET}/{volcano}/{STA}/{LOC}/{CHA}/` (empty location → `//`).
    public func folder(year: Int, month: Int) -> String {
        Self.folder(of: sourceID, volcano: volcano, year: year, month: month)
    }

    /// The channel's home: codes, volcano and rate.
    public var home: ChannelHome { ChannelHome(sourceID: sourceID, volcano: volcano, sampleRate: sampleRate) }

    /// The folder layout (codes and volcano already validated).
    static func folder(of id: SourceID, volcano: String, year: Int, month: Int) -> String {
        "data/\(KeyText.pad(year, 4))/\(KeyText.pad(month, 2))/\(id.network)/\(volcano)/"
            + "\(id.station)/\(id.location)/\(id.channel)/"
    }

    /// `NET.STA.LOC.CHA @ RATE Hz (volcano)`.
    public var description: String { "\(sourceID) @ \(rateText) Hz (\(volcano))" }

    // MARK: - Rules

    /// Renders a rate as names do.
    public static func rateText(_ rate: Double) -> String {
        var text = String(format: "%.2f", rate)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Parses a rate as names print it; `nil` unless rendering it again gives the same text.
    static func parseRate(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }),
            let rate = Double(text), rate > 0, rateText(rate) == text
        else { return nil }
        return rate
    }

    /// Checks the four SEED codes.
    public static func validate(_ id: SourceID) throws(ChunkKeyError) {
        try validate(code: id.network, field: "network")
        try validate(code: id.station, field: "station")
        try validate(code: id.location, field: "location")
        try validate(code: id.channel, field: "channel")
    }

    /// Checks one SEED code: `network` 1–2, `station` 1–5, `location` 0–2 and `channel` 3
    /// characters of A–Z and 0–9.
    /// - Parameters:
    ///   - code: the code (an empty location code is `""`).
    ///   - field: `network`, `station`, `location` or `channel`.
    public static func validate(code: String, field: String) throws(ChunkKeyError) {
        let lengths: ClosedRange<Int> =
            switch field {
            case "network": 1...2
            case "station": 1...5
            case "location": 0...2
            default: 3...3
            }
        guard lengths.contains(code.utf8.count), code.utf8.allSatisfy(KeyText.isSEEDByte) else {
            throw ChunkKeyError(
                code: .invalidCode, field: field,
                message: "\(field) code \"\(code)\" must be \(lengths.lowerBound)–\(lengths.upperBound) "
                    + "characters of A–Z and 0–9")
        }
    }

    /// Checks a volcano name: 1–64 characters of `a-z`, `0-9`, `_`, `-`.
    public static func validate(volcano: String) throws(ChunkKeyError) {
        guard (1...64).contains(volcano.utf8.count), volcano.utf8.allSatisfy(KeyText.isVolcanoByte) else {
            throw ChunkKeyError(
                code: .invalidVolcano, field: "volcano",
                message: "volcano \"\(volcano)\" must be 1–64 characters of a–z, 0–9, _ and -")
        }
    }
}
