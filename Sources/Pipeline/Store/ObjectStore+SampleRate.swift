public import ChunkStore
public import SeedCore

extension ObjectStore {
    /// The sample rate a channel's stored keys carry (their names include it), from one
    /// short listing of the channel's folder in the month of `time`; `nil` when nothing of
    /// the channel is stored that month.
    /// - Throws: the store's error.
    public func storedSampleRate(of id: SourceID, volcano: String, near time: UTCTime) async throws(ObjectStoreError)
        -> Double?
    {
        guard let probe = try? ChannelKey(sourceID: id, volcano: volcano, sampleRate: 1) else { return nil }
        let month = CalendarDay(containing: time).components
        let listing = try await list(
            prefix: probe.folder(year: month.year, month: month.month), delimiter: "/", continuationToken: nil,
            maxKeys: 20)
        return listing.objects.lazy.compactMap { object in
            (try? ChunkKey(key: object.key))?.channel.sampleRate ?? (try? DayMetadataKey(key: object.key))?.channel.sampleRate
        }.first
    }
}
