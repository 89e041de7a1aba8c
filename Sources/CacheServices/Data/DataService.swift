package import ChunkStore
import Foundation
package import Logging
package import SeedCore
import Metrics
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
    /// This replica's id (its generation leases name it).
    package let instance: String
    /// The channels misses may generate without asking the store.
    package let known: KnownChannels
    let logger: Logger
    /// Time for budgets (tests pass a manual clock).
    let clock: any Clock<Duration>
    let spawn: @Sendable (@escaping @Sendable () async -> Void) -> Bool
    let metadataCache: DayMetadataCache
    let slots: GenerationSlots
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
    ///   - instance: this replica's id (default a random one).
    ///   - configuredChannels: the station config's channels; with the catalog's and the
    ///     stored ones they are what a miss may generate (``KnownChannels``).
    ///   - spawn: runs a generation in the background, owned by the caller's service group
    ///     (it outlives the request that started it, so other waiters and the store get it);
    ///     returns `false` when it refuses (shutdown began).
    package init(
        store: any ObjectStore, source: any WaveformSource, urls: ChunkURLs, catalog: StationCatalog,
        instance: String = String(UInt64.random(in: 0...UInt64.max), radix: 36), configuredChannels: [ChannelHome] = [], configuration: DataServiceConfiguration = DataServiceConfiguration(),
        logger: Logger, clock: any Clock<Duration> = ContinuousClock(),
        spawn: @escaping @Sendable (@escaping @Sendable () async -> Void) -> Bool
    ) {
        self.clock = clock
        self.instance = instance
        self.known = KnownChannels(configured: configuredChannels, catalog: catalog)
        self.slots = GenerationSlots(
            concurrency: configuration.generationConcurrency, queueLength: configuration.generationQueue)
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
        let delayed = now.adding(seconds: -Int64(configuration.delayMinutes) * 60)
        return ChunkKind.tenMinutes.windowStart(containing: delayed) ?? delayed.flooredToSecond
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
    ///
    /// A new generation must pass ``admit(_:lookup:now:)`` (known channels only) and find a
    /// place among ``DataServiceConfiguration/generationConcurrency`` running and
    /// ``DataServiceConfiguration/generationQueue`` waiting ones.
    /// - Throws: ``DataServiceError`` `unknownChannel` (nothing was fetched or written),
    ///   `overloaded` (with `retryAfterSeconds`), `shuttingDown`, or `storeUnavailable`.
    package func generate(_ query: DataQuery, missing lookup: DataLookup, now: UTCTime) async throws(DataServiceError)
        -> AsyncStream<DataEvent>
    {
        let key = GenerationKey(query: query, range: lookup.range)
        if let running = joinable(key) { return await running.subscribe() }
        try await admit(query, lookup: lookup, now: now)
        guard slots.reserve() else {
            Counter(label: "seiscache_data_generations_refused_total", dimensions: [("reason", "overloaded")]).increment()
            let load = slots.load
            logger.warning(
                "on-demand generation refused: every place is taken",
                metadata: ["channel": "\(query.sourceID)", "data.running": "\(load.running)", "data.waiting": "\(load.waiting)"])
            throw DataServiceError(
                code: .overloaded, field: nil,
                message: "the server is generating \(load.running) ranges with \(load.waiting) waiting; try again shortly",
                retryAfterSeconds: Self.overloadRetryAfterSeconds)
        }
        let started = ContinuousClock.now
        let (broadcast, isNew) = generations.withLock { running -> (EventBroadcast, Bool) in
            if let existing = running[key], !Self.isExpiredFailure(existing, now: started, hold: configuration.failureHold) {
                return (existing.broadcast, false)
            }
            let broadcast = EventBroadcast()
            running[key] = Generation(broadcast: broadcast)
            return (broadcast, true)
        }
        guard isNew else {
            // Another request started it while this one was being admitted.
            slots.cancelReservation()
            return await broadcast.subscribe()
        }
        logger.info(
            "generating on demand",
            metadata: ["channel": "\(query.sourceID)", "volcano": "\(query.volcano)", "range": "\(lookup.range)"])
        let accepted = spawn { [self] in
            await slots.acquire()
            defer { slots.release() }
            await self.runGeneration(query, lookup: lookup, key: key, broadcast: broadcast)
        }
        guard accepted else {
            slots.cancelReservation()
            generations.withLock { _ = $0.removeValue(forKey: key) }
            throw DataServiceError(
                code: .shuttingDown, field: nil, message: "the server is shutting down; ask another replica or retry",
                retryAfterSeconds: Self.overloadRetryAfterSeconds)
        }
        return await broadcast.subscribe()
    }

    /// Generations running and waiting for a turn now.
    package var generationLoad: (running: Int, waiting: Int) { slots.load }

    /// The `Retry-After` of an `overloaded` refusal, in seconds.
    static let overloadRetryAfterSeconds = 5

    /// Refuses a miss for a channel the API does not know (``KnownChannels``, or something of
    /// it stored under that volcano in the request's month or this month): anonymous callers
    /// cannot make the API fetch or write arbitrary channels.
    /// - Throws: ``DataServiceError`` `unknownChannel` naming `volcano` or `channel`, or
    ///   `storeUnavailable`.
    package func admit(_ query: DataQuery, lookup: DataLookup, now: UTCTime) async throws(DataServiceError) {
        guard known.knowsVolcano(query.volcano) else {
            throw refusal(
                field: "volcano", "unknown volcano \"\(query.volcano)\"; GET /api/stations lists the volcanoes this API serves")
        }
        // A rate the lookup found comes from the catalog (listed) or from stored keys.
        if known.lists(query.home) || lookup.sampleRate != nil { return }
        do {
            let stored = try await SampleRateResolver(catalog: catalog, store: store).storedRate(of: query.home, near: now)
            if stored != nil { return }
        } catch {
            throw DataServiceError(code: .storeUnavailable, field: nil, message: "the store failed: \(error)")
        }
        throw refusal(
            field: "channel",
            "\(query.sourceID) is not a channel of \(query.volcano) this API serves (configured, in the station catalog, or already stored); GET /api/stations lists them")
    }

    private func refusal(field: String, _ message: String) -> DataServiceError {
        Counter(label: "seiscache_data_generations_refused_total", dimensions: [("reason", "unknown_channel")]).increment()
        return DataServiceError(code: .unknownChannel, field: field, message: message)
    }

    /// The running (or recently failed, still held) generation of the key.
    private func joinable(_ key: GenerationKey) -> EventBroadcast? {
        let now = ContinuousClock.now
        return generations.withLock { running in
            guard let existing = running[key], !Self.isExpiredFailure(existing, now: now, hold: configuration.failureHold)
            else { return nil }
            return existing.broadcast
        }
    }

    /// A failure answered from memory long enough: the source is asked again.
    private static func isExpiredFailure(_ generation: Generation, now: ContinuousClock.Instant, hold: Duration) -> Bool {
        guard let failedAt = generation.failedAt else { return false }
        return now - failedAt >= hold
    }

    /// Runs one generation to its final event: under the store lease of the range when it
    /// can take it (renewed while generating), else following the replica that holds it
    /// (``follow(_:lookup:lease:holder:broadcast:)``) and taking over if its lease lapses.
    private func runGeneration(_ query: DataQuery, lookup: DataLookup, key: GenerationKey, broadcast: EventBroadcast) async {
        var lookup = lookup
        var final: DataEvent
        while true {
            let lease = generationLease(query, range: lookup.range)
            var acquisition: StoreLease.Acquisition?
            do {
                acquisition = try await lease.acquire()
            } catch {
                // Generating twice is harmless (writes are idempotent); not generating is not.
                logger.warning(
                    "generation lease unavailable; generating without it",
                    metadata: ["channel": "\(query.sourceID)", "lease.key": "\(lease.key)", "error": "\(error)"])
            }
            if case .heldElsewhere(let record) = acquisition {
                switch await follow(query, lookup: lookup, lease: lease, holder: record.owner, broadcast: broadcast) {
                case .finished(let event):
                    final = event
                case .lapsed(let latest):
                    lookup = latest
                    continue
                }
                break
            }
            var keeper: GenerationLeaseKeeper?
            if case .acquired(let held, let previous) = acquisition {
                if let previous {
                    logger.notice(
                        "took over a lapsed generation lease",
                        metadata: ["channel": "\(query.sourceID)", "lease.key": "\(lease.key)", "lease.previous": "\(previous)"])
                }
                keeper = GenerationLeaseKeeper(lease: lease, held: held, logger: logger)
            }
            final = await generateHere(query, lookup: lookup, broadcast: broadcast, keeper: keeper)
            await keeper?.release()
            break
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

    /// Generates the lookup's holes in this process, renewing the lease (if held) meanwhile
    /// and publishing the `metadata` event in it for followers.
    /// - Returns: the final event (`manifest` or `error`), not yet sent.
    private func generateHere(
        _ query: DataQuery, lookup: DataLookup, broadcast: EventBroadcast, keeper: GenerationLeaseKeeper?
    ) async -> DataEvent {
        let plan = GenerationPlan(holes: lookup.holes, requestStart: lookup.range.start, availableEnd: lookup.range.end)
        let generator = OnDemandGenerator(
            query: query, plan: plan, effectiveRange: lookup.range, knownRate: lookup.sampleRate,
            storedNormalization: lookup.manifest?.chunks.isEmpty == false ? lookup.manifest?.normalization : nil,
            storedChunks: lookup.manifest?.chunks ?? [], source: source,
            store: store, processor: configuration.processor,
            budget: GenerationBudget(configuration.generationBudget, clock: clock), logger: logger)
        let outcome = await withTaskGroup(of: Void.self) { group in
            if let keeper { group.addTask { await keeper.keepRenewing() } }
            let outcome = await generator.run(urls: urls) { event in
                if case .metadata(let metadata) = event {
                    // After a takeover the follower already sent one: the stream keeps the first.
                    guard await !broadcast.hasMetadata else { return }
                    keeper?.publish(metadata)
                }
                await broadcast.send(event)
            }
            group.cancelAll()
            return outcome
        }
        // The days written are read again for the final manifest.
        metadataCache.invalidate(metadataKeys(query, plan: plan, rate: lookup.sampleRate))
        switch outcome {
        case .failure(let failure):
            return .error(failure.message)
        case .success:
            if lookup.sampleRate == nil { rates.withLock { $0[query.home] = nil } }
            do {
                let after = try await storedNow(query, range: lookup.range)
                guard let manifest = after.manifest else { return .error("nothing could be stored for \(lookup.range)") }
                return .manifest(manifest)
            } catch {
                return .error(error.message)
            }
        }
    }

    /// What the store holds of the range now (its range ends where the lookup's did).
    func storedNow(_ query: DataQuery, range: TimeWindow) async throws(DataServiceError) -> DataLookup {
        try await lookup(query, now: range.end.adding(seconds: Int64(configuration.delayMinutes) * 60 + 600))
    }

    private func metadataKeys(_ query: DataQuery, plan: GenerationPlan, rate: Double?) -> [String] {
        dayKeys(query, days: Set(plan.windows.map { CalendarDay(containing: $0.window.start) }), rate: rate)
    }

    /// The day-metadata keys of the channel on those days (none while its rate is unknown).
    func dayKeys(_ query: DataQuery, days: Set<CalendarDay>, rate: Double?) -> [String] {
        guard let rate = rate ?? rates.withLock({ $0[query.home] }), let channel = try? query.home.channelKey(rate: rate)
        else { return [] }
        return days.map { DayMetadataKey(channel: channel, day: $0).key }
    }

    /// The channel's rate: the station config's (catalog or `sample_rate` of an included
    /// channel), else the ``SampleRateResolver``'s (the catalog's, else what the store's keys
    /// say), cached once known.
    func sampleRate(_ query: DataQuery) async throws(DataServiceError) -> Double? {
        if let known = rates.withLock({ $0[query.home] }) { return known }
        // The config's rate rides on the home, as the tick's selected channels carry theirs:
        // the resolver keeps a home's own rate before asking the catalog and the store.
        var home = query.home
        home.sampleRate = known.configuredRate(of: home)
        let resolved: ChannelHome
        do {
            resolved = try await SampleRateResolver(catalog: catalog, store: store).resolve(home, near: query.range.start)
        } catch {
            throw DataServiceError(code: .storeUnavailable, field: nil, message: "the store failed: \(error)")
        }
        if let rate = resolved.sampleRate { rates.withLock { $0[query.home] = rate } }
        return resolved.sampleRate
    }
}
