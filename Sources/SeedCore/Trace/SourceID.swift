/// A channel's SEED identifier: network, station, location and channel codes.
///
/// Renders as ObsPy's `trace.id`, `NET.STA.LOC.CHA`, with an empty location as an empty
/// field (`HV.UWE..HHZ`).
public struct SourceID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Network code, 1–2 characters.
    public var network: String
    /// Station code, 1–5 characters.
    public var station: String
    /// Location code, 0–2 characters (often empty).
    public var location: String
    /// Channel code, 3 characters.
    public var channel: String

    /// Creates an identifier from its four codes (taken as given; see ``isValidSEED``).
    public init(network: String, station: String, location: String, channel: String) {
        self.network = network
        self.station = station
        self.location = location
        self.channel = channel
    }

    /// Parses `NET.STA.LOC.CHA` (location may be empty, or `--` for empty as FDSN writes it).
    /// Returns `nil` unless there are exactly four fields that pass ``isValidSEED``.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4 else { return nil }
        let location = parts[2] == "--" ? "" : parts[2]
        self.init(network: parts[0], station: parts[1], location: location, channel: parts[3])
        guard isValidSEED else { return nil }
    }

    /// Whether every code has the SEED length and only `A-Z`, `0-9` characters:
    /// network 1–2, station 1–5, location 0–2, channel 3.
    public var isValidSEED: Bool {
        func ok(_ code: String, _ lengths: ClosedRange<Int>) -> Bool {
            lengths.contains(code.utf8.count)
                && code.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }
        }
        return ok(network, 1...2) && ok(station, 1...5) && ok(location, 0...2) && ok(channel, 3...3)
    }

    /// Parses an FDSN source identifier, `FDSN:NET_STA_LOC_BAND_SOURCE_SUBSOURCE`, as
    /// miniSEED 3 records carry it (libmseed's `ms_sid2nslc`): a band, source and subsource of
    /// one character each become a SEED channel (`FDSN:HV_UWE__H_H_Z` → `HV.UWE..HHZ`); longer
    /// ones are kept with their underscores (`B_S_SS`). Codes that do not fit the SEED 2 layout
    /// are kept as given: ``isValidSEED`` tells, and chunk keys refuse them where they are built.
    ///
    /// Returns nil unless the text starts with `FDSN:` and has exactly five `_` after it.
    /// (A static function rather than an initializer, so that `SourceID.init` stays the
    /// `NET.STA.LOC.CHA` parser.)
    public static func fdsn(_ text: String) -> SourceID? {
        guard text.hasPrefix("FDSN:") else { return nil }
        // Further namespace identifiers: the identifier follows the last ':'.
        let body = text.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let parts = body.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6 else { return nil }
        let (band, source, subsource) = (parts[3], parts[4], parts[5])
        let channel =
            band.count == 1 && source.count == 1 && subsource.count == 1
            ? band + source + subsource : "\(band)_\(source)_\(subsource)"
        return SourceID(network: parts[0], station: parts[1], location: parts[2], channel: channel)
    }

    /// The FDSN source identifier, `FDSN:NET_STA_LOC_B_S_SS` (a three-character SEED channel
    /// is split into band, source and subsource).
    public var fdsnIdentifier: String {
        let utf8 = Array(channel.utf8)
        let extended =
            utf8.count == 3 && !channel.contains("_")
            ? "\(Character(Unicode.Scalar(utf8[0])))_\(Character(Unicode.Scalar(utf8[1])))_\(Character(Unicode.Scalar(utf8[2])))"
            : channel
        return "FDSN:\(network)_\(station)_\(location)_\(extended)"
    }

    /// `NET.STA.LOC.CHA`.
    public var description: String { "\(network).\(station).\(location).\(channel)" }

    public static func < (lhs: SourceID, rhs: SourceID) -> Bool {
        (lhs.network, lhs.station, lhs.location, lhs.channel)
            < (rhs.network, rhs.station, rhs.location, rhs.channel)
    }
}
