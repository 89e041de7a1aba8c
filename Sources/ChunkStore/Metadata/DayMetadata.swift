public import SeedCore

/// One channel's day-metadata file: what is stored for that day, chunk by chunk.
///
/// Reads `000`'s example unchanged and writes DESIGN's superset of it. Entries are unique
/// per (kind, start) and kept sorted (``upsert(_:kind:)``); ``completeDay`` and
/// ``normalization`` are recomputed by ``refreshSummary()``, which the updater calls before
/// every write. Fields written by other tools are kept in ``extra`` and written back.
public struct DayMetadata: Hashable, Sendable {
    /// `YYYY-MM-DD`.
    public var date: String
    /// SEED network code.
    public var network: String
    /// Volcano the channel is filed under.
    public var volcano: String
    /// SEED station code.
    public var station: String
    /// SEED location code (often empty).
    public var location: String
    /// SEED channel code.
    public var channel: String
    /// Samples per second.
    public var sampleRate: Double
    /// Sample format of the payloads: always `int32`.
    public var format: String
    /// Instrument description from the FDSN station service, when it answered.
    public var instrumentType: String?
    /// Station latitude in degrees.
    public var latitude: Double?
    /// Station longitude in degrees.
    public var longitude: Double?
    /// Station elevation in metres.
    public var elevationM: Double?
    /// When the file was first written (ISO 8601, microseconds, `Z`).
    public var createdAt: String?
    /// When the file was last written.
    public var updatedAt: String?
    /// Whether chunks of one kind cover the whole day 00:00–24:00 (for `10min`: all 144).
    public var completeDay: Bool
    /// Min/max over every chunk of the day; `nil` while there is none.
    public var normalization: Normalization?
    /// Seconds of the day (00:00–24:00) the chunks of all kinds cover together (`001`'s
    /// `total_duration_seconds`: 86400 for a whole day); `nil` in files read from older writers
    /// until ``refreshSummary()``.
    public var totalDurationSeconds: Int?
    /// ``totalDurationSeconds`` × ``sampleRate``, rounded (`001`'s `total_samples`).
    public var totalSamples: Int?
    /// Entries per kind, each sorted by start. The known kinds are always written (maybe empty).
    public var chunks: [ChunkKind: [ChunkEntry]]
    /// Top-level fields written by other tools, kept as read.
    public var extra: [String: JSONValue]

    /// The min/max range a player normalizes the day with.
    public struct Normalization: Hashable, Sendable, Codable {
        /// Smallest sample of the day.
        public var globalMin: Int32
        /// Largest sample of the day.
        public var globalMax: Int32

        /// Creates a range.
        public init(globalMin: Int32, globalMax: Int32) {
            self.globalMin = globalMin
            self.globalMax = globalMax
        }

        enum CodingKeys: String, CodingKey {
            case globalMin = "global_min"
            case globalMax = "global_max"
        }
    }

    /// A new, empty day for a channel.
    /// - Parameters:
    ///   - key: the channel and day.
    ///   - createdAt: the time written as `created_at`.
    public init(key: DayMetadataKey, createdAt: UTCTime) {
        let id = key.channel.sourceID
        self.date = key.day.description
        self.network = id.network
        self.volcano = key.channel.volcano
        self.station = id.station
        self.location = id.location
        self.channel = id.channel
        self.sampleRate = key.channel.sampleRate
        self.format = "int32"
        self.createdAt = createdAt.iso8601(fractionDigits: 6)
        self.completeDay = false
        self.chunks = Dictionary(uniqueKeysWithValues: ChunkKind.allCases.map { ($0, []) })
        self.extra = [:]
    }

    /// Entries of one kind, sorted by start.
    public func entries(_ kind: ChunkKind) -> [ChunkEntry] { chunks[kind] ?? [] }

    /// All entries, shortest kind first.
    public var allEntries: [(kind: ChunkKind, entry: ChunkEntry)] {
        chunks.keys.sorted().flatMap { kind in entries(kind).map { (kind, $0) } }
    }

    /// Inserts an entry, or replaces the entry of the same kind and start (writing a chunk
    /// again never appends a duplicate). Keeps the kind's entries sorted by start.
    /// - Returns: whether anything changed.
    @discardableResult
    public mutating func upsert(_ entry: ChunkEntry, kind: ChunkKind) -> Bool {
        var list = chunks[kind] ?? []
        if let index = list.firstIndex(where: { $0.start == entry.start }) {
            guard list[index] != entry else { return false }
            list[index] = entry
        } else {
            let index = list.firstIndex(where: { $0.start > entry.start }) ?? list.endIndex
            list.insert(entry, at: index)
        }
        chunks[kind] = list
        return true
    }

    /// Removes the entry of a kind and start, if present.
    /// - Returns: whether an entry was removed.
    @discardableResult
    public mutating func remove(kind: ChunkKind, start: String) -> Bool {
        guard let index = chunks[kind]?.firstIndex(where: { $0.start == start }) else { return false }
        chunks[kind]?.remove(at: index)
        return true
    }

    /// Recomputes ``completeDay``, ``normalization`` and the day's totals from the entries.
    public mutating func refreshSummary() {
        completeDay = chunks.values.contains { Self.coversWholeDay($0) }
        let covered = Self.coveredSeconds(chunks.values.flatMap { $0 })
        totalDurationSeconds = covered
        totalSamples = Int((Double(covered) * sampleRate).rounded())
        let all = chunks.values.joined()
        if let low = all.map(\.min).min(), let high = all.map(\.max).max() {
            normalization = Normalization(globalMin: low, globalMax: high)
        } else {
            normalization = nil
        }
    }

    /// Whether the entries' spans, taken together, cover 00:00:00–24:00:00 without a hole.
    static func coversWholeDay(_ entries: [ChunkEntry]) -> Bool {
        var covered = 0
        for (start, end) in spans(entries) {
            guard start <= covered else { return false }
            covered = Swift.max(covered, end)
            if covered >= 86_400 { return true }
        }
        return false
    }

    /// Seconds of 00:00–24:00 inside the union of the entries' spans.
    static func coveredSeconds(_ entries: [ChunkEntry]) -> Int {
        var total = 0
        var reached = 0
        for (start, end) in spans(entries) {
            let (from, to) = (Swift.max(start, reached), Swift.min(end, 86_400))
            if to > from { total += to - from }
            reached = Swift.max(reached, to)
        }
        return total
    }

    /// The entries' spans in seconds of the day, sorted by start.
    private static func spans(_ entries: [ChunkEntry]) -> [(Int, Int)] {
        entries.compactMap { entry -> (Int, Int)? in
            guard let start = entry.startSecond, let end = entry.endSecond else { return nil }
            return (start, end)
        }.sorted { $0.0 < $1.0 }
    }
}
