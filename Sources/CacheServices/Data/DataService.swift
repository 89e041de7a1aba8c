package import ChunkStore
import Foundation
package import Logging
package import SeedCore
import Synchronization
package import Pipeline

/// `GET /data` (001): the manifest of stored chunks covering a range, and on a miss the
/// on-demand generation from the waveform source, shared by concurrent identical requests.
package final class DataService: Sendable {
    /// Where chunks are.
    package let store: any ObjectStore
    /// Where misses are fetched from.
    package let source: any WaveformSource
    /// How chunk URLs are made.
    package let urls: ChunkURLs
    /// Rates of catalog channels.
    package let catalog: StationCatalog
    /// Limits and lifetimes.
    package let configuration: DataServiceConfiguration
    let logger: Logger
    let spawn: @Sendable (@escaping @Sendable () async -> Void) -> Void
    let metadataCache: DayMetadataCache
    /// Resolved rates by channel home (without rate).
    private let rates = Mutex<[ChannelHome: Double]>([:])
    private let generations = Mutex<[GenerationKey: Generation]>([:])

    private struct GenerationKey: Hashable {
        var query: DataQuery
        var range: TimeWindow
    }

    private struct Generation {
        var broadcast: EventBroadcast
        var failedAt: ContinuousClock.Instant?
    }

    /// Creates the service.
    /// - Parameters:
    ///   - spawn: runs a generation in the background, owned by the caller's service group
    ///     (it outlives the request that started it, so other waiters and the store get it).
    package init(
        store: any ObjectStore, source: any WaveformSource, urls: ChunkURLs, catalog: StationCatalog,
        configuration: DataServiceConfiguration = DataServiceConfiguration(), logger: Logger,
        spawn: @escaping @Sendable (@escaping @Sendable () async -> Void) -> Void
    ) {
        self.store = store
        self.source = source
        self.urls = urls
        self.catalog = catalog
        self.configuration = configuration
        self.logger = logger
        self.spawn = spawn
        self.metadataCache = DayMetadataCache(lifetime: configuration.metadataLifetime)
    }

    /// Counts invalidations of the day metadata this service read (a generation stored
    /// something): a hit response made before it changed may be stale.
    package var metadataGeneration: UInt64 { metadataCache.generation }

    /// The newest time whole 10-minute windows can have data for.
    package func availableEnd(now: UTCTime) -> UTCTime {
        UTCTime(seconds: TickPlan.floor(now.secondsFloor - Int64(configuration.delayMinutes) * 60, to: 600))
    }

    /// What the store holds for the query.
    /// - Throws: ``DataServiceError`` (`noDataYet` naming `start`, `storeUnavailable`).
    package func lookup(_ query: DataQuery, now: UTCTime) async throws(DataServiceError) -> DataLookup {
        let available = availableEnd(now: now)
        guard query.range.start < available else {
            throw DataServiceError(
                code: .noDataYet, field: "start",
                message: "no data can be available after \(available.iso8601()) yet (data reaches the service minutes late)")
        }
        let range = TimeWindow(start: query.range.start, end: min(query.range.end, available))
        // Before any reading: a result made from them is stale once this changes.
        let generation = metadataCache.generation
        guard let rate = try await sampleRate(query) else {
            return DataLookup(range: range, manifest: nil, sampleRate: nil, holes: [range])
        }
        let coverage: Coverage
        var freshUntil = ContinuousClock.now + configuration.metadataLifetime
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
                query: query, range: range, sampleRate: rate, coverage: coverage, urls: urls)
            return DataLookup(
                range: range, manifest: manifest, sampleRate: rate, holes: coverage.holes, freshUntil: freshUntil,
                metadataGeneration: generation)
        } catch {
            throw DataServiceError(code: .configuration, field: nil, message: "chunk URLs cannot be made: \(error)")
        }
    }

    /// Generates what a lookup found missing, or joins the generation already running for
    /// the same query: the stream replays what was sent so far, then follows live, and ends
    /// with a `manifest` or an `error` event.
    package func generate(_ query: DataQuery, missing lookup: DataLookup) -> AsyncStream<DataEvent> {
        let key = GenerationKey(query: query, range: lookup.range)
        let now = ContinuousClock.now
        let (broadcast, isNew) = generations.withLock { running -> (EventBroadcast, Bool) in
            if let existing = running[key] {
                if let failedAt = existing.failedAt, now - failedAt >= configuration.failureHold {
                    // Expired failure: ask the source again.
                } else {
                    return (existing.broadcast, false)
                }
            }
            let broadcast = EventBroadcast()
            running[key] = Generation(broadcast: broadcast)
            return (broadcast, true)
        }
        if isNew {
            logger.info(
                "generating on demand",
                metadata: ["channel": "\(query.sourceID)", "volcano": "\(query.volcano)", "range": "\(lookup.range)"])
            spawn { [self] in await self.runGeneration(query, lookup: lookup, key: key, broadcast: broadcast) }
        }
        return AsyncStream { continuation in
            // Subscribing is async (an actor); the relay ends with the broadcast.
            spawn {
                for await event in await broadcast.subscribe() { continuation.yield(event) }
                continuation.finish()
            }
        }
    }

    private func runGeneration(_ query: DataQuery, lookup: DataLookup, key: GenerationKey, broadcast: EventBroadcast) async {
        let plan = GenerationPlan(holes: lookup.holes, requestStart: lookup.range.start, availableEnd: lookup.range.end)
        let generator = OnDemandGenerator(
            query: query, plan: plan, effectiveRange: lookup.range, knownRate: lookup.sampleRate,
            storedNormalization: lookup.manifest?.chunks.isEmpty == false ? lookup.manifest?.normalization : nil,
            storedChunks: lookup.manifest?.chunks ?? [], source: source,
            store: store, processor: configuration.processor, logger: logger)
        let outcome = await generator.run(urls: urls) { await broadcast.send($0) }
        // The days written are read again for the final manifest.
        metadataCache.invalidate(metadataKeys(query, plan: plan, rate: lookup.sampleRate))
        var final: DataEvent
        switch outcome {
        case .failure(let failure):
            final = .error(failure.message)
        case .success:
            if lookup.sampleRate == nil { rates.withLock { $0[query.home] = nil } }
            do {
                let after = try await self.lookup(query, now: lookup.range.end.adding(seconds: Int64(configuration.delayMinutes) * 60 + 600))
                if let manifest = after.manifest {
                    final = .manifest(manifest)
                } else {
                    final = .error("nothing could be stored for \(lookup.range)")
                }
            } catch {
                final = .error(error.message)
            }
        }
        await broadcast.send(final)
        let failed = { if case .error = final { true } else { false } }()
        generations.withLock { running in
            if failed {
                running[key]?.failedAt = ContinuousClock.now
            } else {
                running[key] = nil
            }
        }
    }

    private func metadataKeys(_ query: DataQuery, plan: GenerationPlan, rate: Double?) -> [String] {
        guard let rate = rate ?? rates.withLock({ $0[query.home] }), let channel = try? query.home.channelKey(rate: rate)
        else { return [] }
        return Set(plan.windows.map { CalendarDay(containing: $0.window.start) }).map {
            DayMetadataKey(channel: channel, day: $0).key
        }
    }

    /// The channel's rate from the ``SampleRateResolver`` (the catalog's, else what the
    /// store's keys say), cached once known.
    func sampleRate(_ query: DataQuery) async throws(DataServiceError) -> Double? {
        if let known = rates.withLock({ $0[query.home] }) { return known }
        let resolved: ChannelHome
        do {
            resolved = try await SampleRateResolver(catalog: catalog, store: store).resolve(query.home, near: query.range.start)
        } catch {
            throw DataServiceError(code: .storeUnavailable, field: nil, message: "the store failed: \(error)")
        }
        if let rate = resolved.sampleRate { rates.withLock { $0[query.home] = rate } }
        return resolved.sampleRate
    }
}
