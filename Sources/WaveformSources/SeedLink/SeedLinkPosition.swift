public import SeedCore

/// Where a follower stands in a SeedLink server's stream, kept so that a reconnect resumes
/// without loss or duplicates: per station the last sequence number received (the next
/// connection asks `DATA` for the one after it) and per channel the start of the last record
/// taken (a belt: a repeat of the last record under a new sequence number is dropped).
public struct SeedLinkPosition: Sendable, Equatable, Codable {
    /// The last sequence number received per station.
    public private(set) var sequences: [StationKey: Int]
    /// The start time (ns since 1970) of the last record taken per channel.
    public private(set) var lastStarts: [SourceID: Int64]

    /// A position before anything was received: each station starts at the server's newest data.
    public init() {
        sequences = [:]
        lastStarts = [:]
    }

    /// What to send after `DATA` for `station`: the sequence after the last one received, six
    /// hexadecimal digits (wrapping after `FFFFFF`), or `nil` to start at the newest data.
    public func dataArgument(for station: StationKey) -> String? {
        guard let last = sequences[station] else { return nil }
        let next = (last + 1) % SeedLinkFramer.sequenceModulus
        let hex = String(next, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 6 - hex.count)) + hex
    }

    /// Takes a received packet's place: `false` when it repeats one already taken (the same
    /// sequence number as the station's last, or a record of the channel starting when the last
    /// one taken did), and then nothing changes.
    public mutating func admit(station: StationKey, sequence: Int, channel: SourceID, start: Int64) -> Bool {
        if sequences[station] == sequence { return false }
        // Only an equal start: a record overlapping the previous one and starting before it is
        // data (the tick's merge sees it too), not a repeat.
        if lastStarts[channel] == start { return false }
        sequences[station] = sequence
        lastStarts[channel] = start
        return true
    }

    /// Notes a packet that carried no record to take (an undecodable or unwanted one), so a
    /// reconnect does not ask for it again.
    public mutating func skip(station: StationKey, sequence: Int) {
        sequences[station] = sequence
    }
}
