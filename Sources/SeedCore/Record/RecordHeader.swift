/// The parsed header of one record: miniSEED 2 (fixed section plus blockettes 100, 1000 and
/// 1001) or miniSEED 3 (fixed header, FDSN source identifier, extra headers).
public struct RecordHeader: Sendable, Hashable {
    /// The channel the record belongs to.
    public var sourceID: SourceID
    /// The data quality indicator: `D`, `R`, `Q` or `M`.
    public var quality: Character
    /// Time of the first sample, with the header's time correction (unless the activity
    /// flags say it was applied) and blockette 1001's microseconds, as libmseed computes it.
    public var startTime: UTCTime
    /// Number of samples announced by the header.
    public var sampleCount: Int
    /// Sample rate in Hz: blockette 100's actual rate when present, else the nominal rate
    /// from the rate factor and multiplier.
    public var sampleRate: Double
    /// Activity flags (bit 1: time correction applied; bit 4: leap second inside).
    public var activityFlags: UInt8
    /// Time correction in units of 0.0001 s.
    public var timeCorrection: Int32
    /// Offset of the data section from the start of the record.
    public var dataOffset: Int
    /// Data encoding from blockette 1000 (Steim1, libmseed's fallback, without one).
    public var encoding: SampleEncoding
    /// Byte order of the fixed header and blockettes (detected from the start time).
    public var headerByteOrder: ByteOrder
    /// Byte order of the data (blockette 1000 word order).
    public var dataByteOrder: ByteOrder
    /// Record length in bytes (from blockette 1000, detected without one; miniSEED 3: header,
    /// identifier, extra headers and data).
    public var recordLength: Int
    /// Timing quality from blockette 1001, if present.
    public var timingQuality: UInt8?
    /// The miniSEED format version: 2 or 3.
    public let formatVersion: Int
    /// Length of the data section in bytes (from ``dataOffset`` to the end of the record).
    public let dataLength: Int
    /// miniSEED 2: whether the record has a blockette 1000. Without one, libmseed finds the
    /// record length from the next record header and decodes the data as Steim1 in the
    /// header's byte order; so does this reader. Always true for miniSEED 3.
    public let hasBlockette1000: Bool
    /// miniSEED 3: the publication version (miniSEED 2 records: nil; their ``quality``
    /// maps to it as libmseed maps it, R 1, D 2, Q 3, M 4).
    public let publicationVersion: UInt8?
    /// miniSEED 3: the extra headers, JSON text as stored in the record (nil when absent).
    public let extraHeaders: String?
    /// The codes as libmseed 2 keeps them (trailing spaces dropped, nothing else) when that
    /// differs from the cleaned ``sourceID``: libmseed and ObsPy start a new trace when they
    /// differ, although both traces get the same cleaned identifier.
    let libmseedCodes: String?

    /// The time of the last sample as libmseed's `msr_endtime` computes it (microsecond
    /// precision, leap-second flag honoured). Used for joining records into traces.
    var libmseedEndMicroseconds: Int64 {
        let start = startTime.nanoseconds / 1000
        guard sampleRate > 0, sampleRate.isFinite, sampleCount > 0 else { return start }
        var span = Int64(ObsPyTime.clampedInt(Double(sampleCount - 1) / sampleRate * 1e6 + 0.5))
        if activityFlags & 0x10 != 0 { span -= 1_000_000 }
        return start &+ span
    }
}
