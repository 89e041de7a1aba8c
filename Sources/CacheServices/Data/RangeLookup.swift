import ChunkStore
import Foundation
import Pipeline
import SeedCore

/// The lookup half of `/data`: what the store holds of a query's range (the day metadata of
/// its days, read through ``DayMetadataCache``, covered by ``Coverage``), as a manifest and
/// the holes a generation would fill.
struct RangeLookup: Sendable {
    /// Where chunks and day metadata are.
    let store: any ObjectStore
    /// How chunk URLs are made.
    let urls: ChunkURLs
    /// Minutes data needs to reach the source (``DataServiceConfiguration/delayMinutes``).
    let delayMinutes: Int
    /// How long a reading of day metadata is reused.
    let metadataLifetime: Duration
    /// Parsed day metadata, shared by every lookup of the service.
    let metadataCache: DayMetadataCache
    /// The channels' rates.
    let rates: ChannelRates

    /// The newest time whole 10-minute windows can have data for.
    func availableEnd(now: UTCTime) -> UTCTime {
        let delayed = now.adding(seconds: -Int64(delayMinutes) * 60)
        return ChunkKind.tenMinutes.windowStart(containing: delayed) ?? delayed.flooredToSecond
    }

    /// What the store holds for the query.
    /// - Throws: ``DataServiceError`` (`noDataYet` naming `start`, `storeUnavailable`).
    func lookup(_ query: DataQuery, now: UTCTime) async throws(DataServiceError) -> DataLookup {
        let available = availableEnd(now: now)
        guard query.range.start < available else {
            throw DataServiceError(
                code: .noDataYet,
                field: "start",
                message: "no data can be available after \(available.iso8601()) yet (data reaches the service minutes late)"
            )
        }
        let range = TimeWindow(start: query.range.start, end: min(query.range.end, available))
        // Before any reading: a result made from them is stale once this changes.
        let generation = metadataCache.generation
        guard let rate = try await rates.rate(of: query.home, near: query.range.start) else {
            return DataLookup(range: range, manifest: nil, sampleRate: nil, holes: [range])
        }
        let coverage: Coverage
        var freshUntil = ContinuousClock.now + metadataLifetime
        do {
            let channel = try ChannelKey(sourceID: query.sourceID, volcano: query.volcano, sampleRate: rate)
            var days: [DayMetadata] = []
            var day = CalendarDay(containing: range.start.adding(seconds: -86_400))
            while day.start < range.end {
                let reading = try await metadataCache.reading(DayMetadataKey(channel: channel, day: day), store: store)
                if let metadata = reading.metadata { days.append(metadata) }
                freshUntil = min(freshUntil, reading.expires)
                day = day.next
            }
            coverage = Coverage(range: range, candidates: Coverage.candidates(days, channel: channel))
        } catch let error as ObjectStoreError {
            throw DataServiceError(code: .storeUnavailable, field: nil, message: "the store failed: \(error)")
        } catch {
            throw DataServiceError(code: .configuration, field: nil, message: "\(error)")
        }
        do {
            let manifest = try ManifestBuilder.manifest(
                query: query,
                range: range,
                sampleRate: rate,
                coverage: coverage,
                urls: urls
            )
            return DataLookup(
                range: range,
                manifest: manifest,
                sampleRate: rate,
                holes: coverage.holes,
                freshUntil: freshUntil,
                metadataGeneration: generation
            )
        } catch {
            throw DataServiceError(code: .configuration, field: nil, message: "chunk URLs cannot be made: \(error)")
        }
    }

    /// What the store holds of the range now (its range ends where the lookup's did).
    func storedNow(_ query: DataQuery, range: TimeWindow) async throws(DataServiceError) -> DataLookup {
        try await lookup(query, now: range.end.adding(seconds: Int64(delayMinutes) * 60 + 600))
    }

    /// The day-metadata keys of the channel on those days (none while its rate is unknown).
    func dayKeys(_ query: DataQuery, days: Set<CalendarDay>, rate: Double?) -> [String] {
        guard let rate = rate ?? rates.cached(query.home), let channel = try? query.home.channelKey(rate: rate)
        else { return [] }
        return days.map { DayMetadataKey(channel: channel, day: $0).key }
    }

    /// Reads the days again next time (a generation wrote them).
    func invalidate(_ query: DataQuery, days: Set<CalendarDay>, rate: Double?) {
        metadataCache.invalidate(dayKeys(query, days: days, rate: rate))
    }
}
