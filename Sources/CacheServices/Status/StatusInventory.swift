import ChunkStore
import SeedCore
import Pipeline

/// What one day-metadata file records, reduced to what the status reports count (kept in
/// the service's cache by key and listing fingerprint, so an unchanged file is read once).
struct DayCounts: Sendable, Hashable {
    /// The kind whose missing windows `missing_chunks` counts (000: the cron's `10min`).
    static let dueKind = ChunkKind.tenMinutes

    /// The file's `complete_day`.
    var completeDay: Bool
    /// Entry starts (`HH:MM:SS`) per kind.
    var starts: [ChunkKind: Set<String>]
    /// The windows of ``dueKind`` (their starts, in seconds of the day) holding an entry.
    var recordedWindows: Set<Int64>

    /// The counts of a parsed file.
    init(_ metadata: DayMetadata) {
        completeDay = metadata.completeDay
        starts = metadata.chunks.mapValues { Set($0.map(\.start)) }.filter { !$0.value.isEmpty }
        // Kinds' grids divide a day, so a window's start in seconds of the day is its own grid's.
        recordedWindows = Set(
            metadata.entries(Self.dueKind).compactMap { entry in
                entry.startSecond.flatMap { second in
                    Self.dueKind.windowStart(containing: UTCTime(seconds: Int64(second)))?.secondsFloor
                }
            })
    }

    /// Entries of one kind.
    func count(_ kind: ChunkKind) -> Int { starts[kind]?.count ?? 0 }

    /// Entries of every known kind.
    var counts: ChunkCounts { ChunkCounts(counting: count) }

    /// The same channel's day from a second file (another volcano folder or sample rate):
    /// entries are unique by start, so the union counts each chunk once.
    mutating func merge(_ other: DayCounts) {
        completeDay = completeDay || other.completeDay
        starts.merge(other.starts) { $0.union($1) }
        recordedWindows.formUnion(other.recordedWindows)
    }

    /// The windows of ``dueKind`` in `day` without an entry: all of them for a past day (144
    /// `10min` windows); for the day holding `now` only the windows that ended by `now`; none
    /// for a later day.
    func missingWindows(of day: CalendarDay, now: UTCTime) -> Int {
        Self.dueKind.windows(covering: TimeWindow(start: day.start, end: day.end)).filter {
            $0.end <= now && !recordedWindows.contains($0.start.secondsFloor - day.start.secondsFloor)
        }.count
    }
}

/// One channel as a walk found it: its days (from the day-metadata files) and the bytes of
/// its listed objects (chunks and metadata).
struct ChannelInventory: Sendable, Hashable {
    /// Days with a readable metadata file.
    var days: [CalendarDay: DayCounts] = [:]
    /// Summed sizes of the listed chunk and metadata objects.
    var bytes: Int = 0

    /// Adds a second folder's findings for the same channel.
    mutating func merge(_ other: ChannelInventory) {
        days.merge(other.days) { first, second in
            var merged = first
            merged.merge(second)
            return merged
        }
        bytes += other.bytes
    }

    /// Chunks per kind over all days.
    var totals: ChunkCounts { ChunkCounts(summing: days.values.map(\.counts)) }

    /// Days whose file says `complete_day`.
    var completeDays: Int { days.values.filter(\.completeDay).count }
}

/// Everything a walk found: channels per volcano folder.
struct StatusInventory: Sendable {
    /// Volcano folder → channel → findings.
    var volcanoes: [String: [SourceID: ChannelInventory]] = [:]

    /// Adds a finding.
    mutating func add(_ id: SourceID, volcano: String, _ update: (inout ChannelInventory) -> Void) {
        update(&volcanoes[volcano, default: [:]][id, default: ChannelInventory()])
    }

    /// Channels of the given volcano folders (all when `nil`), merged across folders: a
    /// channel filed under two volcanoes is one channel.
    func channels(in folders: Set<String>? = nil) -> [SourceID: ChannelInventory] {
        var merged: [SourceID: ChannelInventory] = [:]
        for (volcano, channels) in volcanoes where folders.map({ $0.contains(volcano) }) ?? true {
            for (id, inventory) in channels { merged[id, default: ChannelInventory()].merge(inventory) }
        }
        return merged
    }

    /// Bytes as `000`'s `*_size_mb`: megabytes of 10⁶ bytes, rounded to 0.1.
    static func megabytes(_ bytes: Int) -> Double { (Double(bytes) / 100_000).rounded() / 10 }
}
