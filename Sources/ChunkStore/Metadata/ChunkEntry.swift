public import SeedCore

/// One chunk's line in the day metadata (`chunks.<kind>[]`).
///
/// The first eight fields are `000`'s; DESIGN adds `edge_filled_samples`, `file` and the
/// sizes, and `etag` identifies the stored bytes (a forced backfill can rewrite a chunk under
/// the same key). Fields written by other tools are kept in ``extra`` and written back
/// unchanged.
public struct ChunkEntry: Hashable, Sendable {
    /// `HH:MM:SS` of the start (the day is the file's).
    public var start: String
    /// `HH:MM:SS` of the end; `00:00:00` for a chunk ending at midnight.
    public var end: String
    /// Smallest int32 sample.
    public var min: Int32
    /// Largest int32 sample.
    public var max: Int32
    /// Number of samples, `seconds × rate`.
    public var samples: Int
    /// ObsPy `get_gaps()` count of the unmerged traces in the window.
    public var gapCount: Int
    /// Their total duration.
    public var gapDurationSeconds: Double
    /// Their missing samples, filled by interpolation.
    public var gapSamplesFilled: Int
    /// Samples at the window edges held at the nearest real value.
    public var edgeFilledSamples: Int?
    /// The chunk's file name (in the same folder).
    public var file: String?
    /// Size of the zstd frame.
    public var compressedSizeBytes: Int?
    /// `samples × 4`.
    public var uncompressedSizeBytes: Int?
    /// Where the gaps are (the rows of ObsPy's `get_gaps()` behind ``gapCount``, before
    /// interpolation filled them), at most ``maximumListedGaps``; `nil` without gaps and in
    /// entries written before the list was recorded.
    public var gaps: [Gap]?
    /// The MD5 hex of the `.bin.zst` bytes recorded: the object's ETag on S3, R2 and the local
    /// store. Absent in entries written before it was recorded.
    public var etag: String?
    /// Fields written by other tools, kept as read.
    public var extra: [String: JSONValue]

    /// Creates an entry.
    public init(
        start: String, end: String, min: Int32, max: Int32, samples: Int, gapCount: Int = 0,
        gapDurationSeconds: Double = 0, gapSamplesFilled: Int = 0, edgeFilledSamples: Int? = nil,
        file: String? = nil, compressedSizeBytes: Int? = nil, uncompressedSizeBytes: Int? = nil,
        gaps: [Gap]? = nil, etag: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.start = start
        self.end = end
        self.min = min
        self.max = max
        self.samples = samples
        self.gapCount = gapCount
        self.gapDurationSeconds = gapDurationSeconds
        self.gapSamplesFilled = gapSamplesFilled
        self.edgeFilledSamples = edgeFilledSamples
        self.file = file
        self.compressedSizeBytes = compressedSizeBytes
        self.uncompressedSizeBytes = uncompressedSizeBytes
        self.gaps = gaps
        self.etag = etag
        self.extra = extra
    }

    /// The entry for a stored chunk: times and file from the key, statistics from the
    /// window's summary, sizes and ETag from the payload.
    public init(key: ChunkKey, summary: WindowSummary, compressedSizeBytes: Int, etag: ETag? = nil) {
        self.init(
            start: KeyText.clock(key.start), end: KeyText.clock(key.end), min: summary.min, max: summary.max,
            samples: summary.samples, gapCount: summary.gapCount, gapDurationSeconds: summary.gapDurationSeconds,
            gapSamplesFilled: summary.gapSamplesFilled, edgeFilledSamples: summary.edgeFilledSamples,
            file: key.fileName, compressedSizeBytes: compressedSizeBytes,
            uncompressedSizeBytes: summary.samples * MemoryLayout<Int32>.size,
            gaps: summary.gaps.isEmpty ? nil : summary.gaps.prefix(Self.maximumListedGaps).map(Gap.init), etag: etag?.value)
    }

    /// The most gaps an entry lists (a day file stays small when a station flickers);
    /// ``gapCount`` still counts them all.
    public static let maximumListedGaps = 100

    /// One gap of ``gaps`` (`{"start", "end", "duration_seconds", "samples"}`).
    public struct Gap: Hashable, Sendable, Codable {
        /// The last sample before the gap: ISO 8601 with microseconds, `Z`.
        public var start: String
        /// The first sample after it.
        public var end: String
        /// Seconds between where the next sample was due (start + one period) and `end`.
        public var durationSeconds: Double
        /// The missing samples interpolation filled.
        public var samples: Int

        /// Creates a gap.
        public init(start: String, end: String, durationSeconds: Double, samples: Int) {
            self.start = start
            self.end = end
            self.durationSeconds = durationSeconds
            self.samples = samples
        }

        /// The gap as the day metadata writes it.
        public init(_ gap: WindowGap) {
            self.init(
                start: gap.start.iso8601(fractionDigits: 6), end: gap.end.iso8601(fractionDigits: 6),
                durationSeconds: gap.durationSeconds, samples: gap.samples)
        }

        enum CodingKeys: String, CodingKey {
            case start, end, samples
            case durationSeconds = "duration_seconds"
        }
    }

    /// The short version of the recorded bytes that chunk URLs carry (`?v=`): the first 12 hex
    /// digits of ``etag`` (48 bits: two versions of one key do not collide). `nil` without one.
    public var version: String? {
        guard let etag, etag.count >= Self.versionLength else { return nil }
        return String(etag.prefix(Self.versionLength))
    }

    /// Hex digits of ``version``.
    public static let versionLength = 12

    /// Start as seconds after midnight, or `nil` when malformed.
    public var startSecond: Int? { Self.secondOfDay(start) }

    /// End as seconds after midnight, `86400` for `00:00:00` (midnight closing the day) and
    /// for ends after midnight; `nil` when malformed.
    public var endSecond: Int? {
        guard let end = Self.secondOfDay(end), let start = startSecond else { return nil }
        return end <= start ? end + 86_400 : end
    }

    static func secondOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.count == 2 }), let h = Int(parts[0]), let m = Int(parts[1]),
            let s = Int(parts[2]), (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s)
        else { return nil }
        return h * 3600 + m * 60 + s
    }
}

extension ChunkEntry: Codable {
    private static let known: Set<String> = [
        "start", "end", "min", "max", "samples", "gap_count", "gap_duration_seconds", "gap_samples_filled",
        "edge_filled_samples", "file", "compressed_size_bytes", "uncompressed_size_bytes", "gaps", "etag",
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }
        self.init(
            start: try c.decode(String.self, forKey: key("start")),
            end: try c.decode(String.self, forKey: key("end")),
            min: try c.decode(Int32.self, forKey: key("min")),
            max: try c.decode(Int32.self, forKey: key("max")),
            samples: try c.decode(Int.self, forKey: key("samples")),
            gapCount: try c.decodeIfPresent(Int.self, forKey: key("gap_count")) ?? 0,
            gapDurationSeconds: try c.decodeIfPresent(Double.self, forKey: key("gap_duration_seconds")) ?? 0,
            gapSamplesFilled: try c.decodeIfPresent(Int.self, forKey: key("gap_samples_filled")) ?? 0,
            edgeFilledSamples: try c.decodeIfPresent(Int.self, forKey: key("edge_filled_samples")),
            file: try c.decodeIfPresent(String.self, forKey: key("file")),
            compressedSizeBytes: try c.decodeIfPresent(Int.self, forKey: key("compressed_size_bytes")),
            uncompressedSizeBytes: try c.decodeIfPresent(Int.self, forKey: key("uncompressed_size_bytes")),
            // Another tool's `gaps` of another shape is kept as it was, not refused.
            gaps: try? c.decodeIfPresent([Gap].self, forKey: key("gaps")),
            etag: try c.decodeIfPresent(String.self, forKey: key("etag")),
            extra: try c.unknownFields(known: Self.known))
        if gaps == nil, c.contains(key("gaps")) {
            extra["gaps"] = try c.decode(JSONValue.self, forKey: key("gaps"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }
        try c.encode(start, forKey: key("start"))
        try c.encode(end, forKey: key("end"))
        try c.encode(min, forKey: key("min"))
        try c.encode(max, forKey: key("max"))
        try c.encode(samples, forKey: key("samples"))
        try c.encode(gapCount, forKey: key("gap_count"))
        try c.encode(gapDurationSeconds, forKey: key("gap_duration_seconds"))
        try c.encode(gapSamplesFilled, forKey: key("gap_samples_filled"))
        try c.encodeIfPresent(edgeFilledSamples, forKey: key("edge_filled_samples"))
        try c.encodeIfPresent(file, forKey: key("file"))
        try c.encodeIfPresent(compressedSizeBytes, forKey: key("compressed_size_bytes"))
        try c.encodeIfPresent(uncompressedSizeBytes, forKey: key("uncompressed_size_bytes"))
        try c.encodeIfPresent(gaps, forKey: key("gaps"))
        try c.encodeIfPresent(etag, forKey: key("etag"))
        try c.encodeUnknownFields(extra, known: gaps == nil ? Self.known.subtracting(["gaps"]) : Self.known)
    }
}
