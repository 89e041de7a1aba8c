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

    /// `NET.STA.LOC.CHA`.
    public var description: String { "\(network).\(station).\(location).\(channel)" }

    public static func < (lhs: SourceID, rhs: SourceID) -> Bool {
        (lhs.network, lhs.station, lhs.location, lhs.channel)
            < (rhs.network, rhs.station, rhs.location, rhs.channel)
    }
}
