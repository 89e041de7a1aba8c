package import SeedCore

/// One record of a live channel, as `/live` sends it: where it starts, its rate and its samples.
package struct LiveRecord: Sendable, Equatable {
    /// The record's channel.
    package var channel: SourceID
    /// Its first sample's time, nanoseconds since 1970-01-01T00:00:00Z.
    package var start: Int64
    /// Samples per second.
    package var sampleRate: Double
    /// The samples.
    package var samples: [Int32]

    /// Creates a record.
    package init(channel: SourceID, start: Int64, sampleRate: Double, samples: [Int32]) {
        self.channel = channel
        self.start = start
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// The time just after its last sample (start + count / rate), nanoseconds since 1970.
    package var end: Int64 { start + Int64((Double(samples.count) / sampleRate * 1e9).rounded()) }

    /// The binary `/live` message of this record (Docs/api.md): little-endian `int64` start
    /// time (ns since 1970), `uint32` sample count, then the `int32` samples.
    package var frame: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12 + 4 * samples.count)
        withUnsafeBytes(of: start.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt32(samples.count).littleEndian) { bytes += $0 }
        for sample in samples { withUnsafeBytes(of: sample.littleEndian) { bytes += $0 } }
        return bytes
    }
}
