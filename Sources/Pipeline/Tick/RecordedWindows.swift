import ChunkStore
import SeedCore

/// Which windows the day metadata already records, read once per day file: the tick and
/// backfill skip them (catch-up and gap-fill fetch only what is missing).
struct RecordedWindows {
    let store: any ObjectStore
    private var days: [DayMetadataKey: DayMetadata?] = [:]

    init(store: any ObjectStore) { self.store = store }

    /// Whether the channel's day metadata has an entry for the window (`false` when its
    /// rate, and so its folder's files, is unknown).
    mutating func contains(_ window: ChunkWindow, of home: ChannelHome) async -> Bool {
        guard let channel = try? home.channelKey(),
            let key = try? ChunkKey(channel: channel, start: window.window.start, end: window.window.end)
        else { return false }
        let day = key.dayMetadataKey
        if days[day] == nil {
            let stored = try? await store.getIfPresent(day.key)
            days[day] = .some(stored.flatMap { try? DayMetadata(json: $0.body) })
        }
        return days[day]??.entries(window.kind).contains { $0.start == key.entryStart } ?? false
    }
}
