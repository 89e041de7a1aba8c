import ChunkStore
import Logging
import Pipeline
import SeedCore
import Synchronization
import WaveformSources

/// The generation half of `/data`: one generation per query and range at a time, shared by
/// every request that asks for it (``EventBroadcast``), run in the background under the
/// range's store lease (or following the replica that holds it, ``ReplicaFollower``),
/// and a failed one answered from memory for ``DataServiceConfiguration/failureHold``.
///
/// Time is a parameter: the failure hold and the follower's polling run on the injected clock.
final class GenerationCoordinator: Sendable {
    let store: any ObjectStore
    let source: any WaveformSource
    let urls: ChunkURLs
    let configuration: DataServiceConfiguration
    let lookups: RangeLookup
    let rates: ChannelRates
    let slots: GenerationSlots
    let logger: Logger
    let clock: any Clock<Duration>
    /// Leases across replicas, and following another replica's generation.
    let replicas: ReplicaFollower
    /// Time on ``clock`` since this coordinator was made.
    private let stopwatch: Stopwatch
    private let spawn: @Sendable (@escaping @Sendable () async -> Void) -> Bool
    private let generations = Mutex<[Key: Generation]>([:])

    private struct Key: Hashable {
        var query: DataQuery
        var range: TimeWindow
    }

    private struct Generation {
        var broadcast: EventBroadcast
        /// When it failed (``stopwatch``'s elapsed time), while its failure is answered from memory.
        var failedAt: Duration?
    }

    /// Creates the coordinator.
    /// - Parameter spawn: runs a generation in the background, owned by the caller's service
    ///   group; returns `false` when it refuses (shutdown began).
    init(
        store: any ObjectStore,
        source: any WaveformSource,
        urls: ChunkURLs,
        configuration: DataServiceConfiguration,
        instance: String,
        lookups: RangeLookup,
        rates: ChannelRates,
        slots: GenerationSlots,
        logger: Logger,
        clock: any Clock<Duration>,
        spawn: @escaping @Sendable (@escaping @Sendable () async -> Void) -> Bool
    ) {
        self.store = store
        self.source = source
        self.urls = urls
        self.configuration = configuration
        self.lookups = lookups
        self.rates = rates
        self.slots = slots
        self.logger = logger
        self.clock = clock
        self.replicas = ReplicaFollower(
            store: store,
            instance: instance,
            configuration: configuration,
            lookups: lookups,
            logger: logger,
            clock: clock
        )
        self.stopwatch = Stopwatch(clock)
        self.spawn = spawn
    }

    /// The running (or recently failed, still held) generation of the query's range.
    func joinable(_ query: DataQuery, range: TimeWindow) -> EventBroadcast? {
        let now = stopwatch.elapsed
        return generations.withLock { running in
            guard let existing = running[Key(query: query, range: range)], !isExpiredFailure(existing, now: now)
            else { return nil }
            return existing.broadcast
        }
    }

    /// Starts the generation of the lookup's holes in the background, on a place the caller
    /// reserved in ``slots`` (given back here when it does not start), or joins the one
    /// another request started meanwhile.
    /// - Throws: ``DataServiceError`` `shuttingDown` when the background refuses new work.
    func start(_ query: DataQuery, missing lookup: DataLookup) async throws(DataServiceError) -> AsyncStream<DataEvent> {
        let key = Key(query: query, range: lookup.range)
        let started = stopwatch.elapsed
        let (broadcast, isNew) = generations.withLock { running -> (EventBroadcast, Bool) in
            if let existing = running[key], !isExpiredFailure(existing, now: started) {
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
            metadata: ["channel": "\(query.sourceID)", "volcano": "\(query.volcano)", "range": "\(lookup.range)"]
        )
        let accepted = spawn { [self] in
            await slots.acquire()
            defer { slots.release() }
            await self.run(query, lookup: lookup, key: key, broadcast: broadcast)
        }
        guard accepted else {
            slots.cancelReservation()
            generations.withLock { _ = $0.removeValue(forKey: key) }
            throw DataServiceError(
                code: .shuttingDown,
                field: nil,
                message: "the server is shutting down; ask another replica or retry",
                retryAfterSeconds: MissAdmission.overloadRetryAfterSeconds
            )
        }
        return await broadcast.subscribe()
    }

    /// A failure answered from memory long enough: the source is asked again.
    private func isExpiredFailure(_ generation: Generation, now: Duration) -> Bool {
        guard let failedAt = generation.failedAt else { return false }
        return now - failedAt >= configuration.failureHold
    }

    /// Runs one generation to its final event: under the store lease of the range when it
    /// can take it (renewed while generating), else following the replica that holds it
    /// (``ReplicaFollower/follow(_:lookup:lease:holder:broadcast:)``) and taking over if its lease lapses.
    private func run(_ query: DataQuery, lookup: DataLookup, key: Key, broadcast: EventBroadcast) async {
        var lookup = lookup
        var final: DataEvent
        while true {
            let lease = replicas.lease(query, range: lookup.range)
            var acquisition: StoreLease.Acquisition?
            do {
                acquisition = try await lease.acquire()
            } catch {
                // Generating twice is harmless (writes are idempotent); not generating is not.
                logger.warning(
                    "generation lease unavailable; generating without it",
                    metadata: ["channel": "\(query.sourceID)", "lease.key": "\(lease.key)", "error": "\(error)"]
                )
            }
            if case .heldElsewhere(let record) = acquisition {
                switch await replicas.follow(query, lookup: lookup, lease: lease, holder: record.owner, broadcast: broadcast) {
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
                        metadata: ["channel": "\(query.sourceID)", "lease.key": "\(lease.key)", "lease.previous": "\(previous)"]
                    )
                }
                keeper = GenerationLeaseKeeper(lease: lease, held: held, logger: logger, clock: clock)
            }
            final = await generateHere(query, lookup: lookup, broadcast: broadcast, keeper: keeper)
            await keeper?.release()
            break
        }
        await broadcast.send(final)
        let failed = { if case .error = final { true } else { false } }()
        let ended = stopwatch.elapsed
        generations.withLock { running in
            if failed {
                running[key]?.failedAt = ended
            } else {
                running[key] = nil
            }
        }
    }

    /// Generates the lookup's holes in this process, renewing the lease (if held) meanwhile
    /// and publishing the `metadata` event in it for followers.
    /// - Returns: the final event (`manifest` or `error`), not yet sent.
    private func generateHere(
        _ query: DataQuery,
        lookup: DataLookup,
        broadcast: EventBroadcast,
        keeper: GenerationLeaseKeeper?
    ) async -> DataEvent {
        let plan = GenerationPlan(holes: lookup.holes, requestStart: lookup.range.start, availableEnd: lookup.range.end)
        let generator = OnDemandGenerator(
            query: query,
            plan: plan,
            effectiveRange: lookup.range,
            knownRate: lookup.sampleRate,
            storedNormalization: lookup.manifest?.chunks.isEmpty == false ? lookup.manifest?.normalization : nil,
            storedChunks: lookup.manifest?.chunks ?? [],
            source: source,
            store: store,
            processor: configuration.processor,
            budget: GenerationBudget(configuration.generationBudget, clock: clock),
            logger: logger
        )
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
        lookups.invalidate(
            query,
            days: Set(plan.windows.map { CalendarDay(containing: $0.window.start) }),
            rate: lookup.sampleRate
        )
        switch outcome {
        case .failure(let failure):
            return .error(failure.message)
        case .success:
            if lookup.sampleRate == nil { rates.forget(query.home) }
            do {
                let after = try await lookups.storedNow(query, range: lookup.range)
                guard let manifest = after.manifest else { return .error("nothing could be stored for \(lookup.range)") }
                return .manifest(manifest)
            } catch {
                return .error(error.message)
            }
        }
    }
}
