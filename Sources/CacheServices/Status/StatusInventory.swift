import ChunkStore
import SeedCore
import Pipeline

/// What one day-metadata file records, reduced to what the status reports count (kept in
/// the service's cache by key and listing fingerprint, so an unchanged file is read once).
struct DayCounts: Sendable, Hashable {
    /// The file's `complete_day`.
    var completeDay: Bool
    /// Entry starts (`HH:MM:SS`) per kind.
    var starts: [ChunkKind: Set<String>]
    /// The 10-minute windows of the day (0..<144) holding a `10min` entry.
    var tenMinuteSlots: Set<Int>

    /// The counts of a parsed file.
    init(_ metadata: DayMetadata) {
        completeDay = metadata.completeDay
        starts = metadata.chunks.mapValues { Set($0.map(\.start)) }.filter { !$0.value.isEmpty }
        tenMinuteSlots = Set(metadata.entries(.tenMinutes).compactMap { $0.startSecond.map { $0 / 600 } })
    }

    /// Entries of one kind.
    func count(_ kind: ChunkKind) -> Int { starts[kind]?.count ?? 0 }

    /// The same channel's day from a second file (another volcano folder or sample rate):
    /// entries are unique by start, so the union counts each chunk once.
    mutating func merge(_ other: DayCounts) {
        completeDay = completeDay || other.completeDay
        starts.merge(other.starts) { $0.union($1) }
        tenMinuteSlots.formUnion(other.tenMinuteSlots)
    }

    /// The 10-minute windows of `day` without a `10min` entry: all 144 for a past day; for
    /// the day holding `now` only the windows that ended by `now` (floored to 10 minutes);
    /// none for a later day.
    func missingTenMinuteWindows(of day: CalendarDay, now: UTCTime) -> Int {
        let expected: Int
        if day.end <= now {
            expected = 144
        } else if now < day.start {
            expected = 0
        } else {
            expected = Int((now.secondsFloor - day.start.secondsFloor) / 600)
        }
        return (0..<expected).filter { !tenMinuteSlots.contains($0) }.count
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

    /// Chunks of one kind over all days.
    func total(_ kind: ChunkKind) -> Int { days.values.reduce(0) { $0 + $1.count(kind) } }

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
