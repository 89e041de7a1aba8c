public import Logging
public import SeedCore

/// Read-modify-write of day-metadata files that never loses a concurrent writer's entries.
///
/// Reads the file and its ETag, applies the change, and writes it back with `If-Match`
/// (or `If-None-Match: *` for a new file). When another writer won in between
/// (`preconditionFailed`) or the store failed transiently, it waits a jittered, growing
/// delay and starts again from a fresh read. A change that leaves the file as it was is not
/// written (a rerun rewrites nothing).
///
/// Callers upload the chunk first: a metadata file never names a chunk that is not stored.
public struct DayMetadataUpdater: Sendable {
    /// The store holding the files.
    public var store: any ObjectStore
    /// Reads before giving up with `tooManyConflicts`.
    public var maximumAttempts: Int
    /// The first retry waits up to this long; each further retry doubles it.
    public var baseDelay: Duration
    /// The longest wait between attempts.
    public var maximumDelay: Duration
    /// The time written as `created_at` / `updated_at`.
    public var now: @Sendable () -> UTCTime
    /// Where retries are logged (debug) and writes (debug).
    public var logger: Logger

    /// Creates an updater.
    /// - Parameters:
    ///   - store: the store.
    ///   - maximumAttempts: defaults to 20.
    ///   - baseDelay: defaults to 20 ms.
    ///   - maximumDelay: defaults to 2 s (R2 allows about one write per second per key).
    ///   - now: defaults to the system clock.
    ///   - logger: the caller's logger.
    public init(
        store: any ObjectStore, maximumAttempts: Int = 20, baseDelay: Duration = .milliseconds(20),
        maximumDelay: Duration = .seconds(2), now: @escaping @Sendable () -> UTCTime = { UTCTime.now() },
        logger: Logger
    ) {
        self.store = store
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.now = now
        self.logger = logger
    }

    /// What an update did.
    public struct Outcome: Sendable {
        /// The metadata as stored after the update.
        public var metadata: DayMetadata
        /// Whether a new version was written (false: the change changed nothing).
        public var written: Bool
        /// Reads it took (1 without conflicts).
        public var attempts: Int
    }

    /// Applies `change` to a day's metadata (created when missing) and stores it.
    /// - Parameters:
    ///   - key: the day-metadata file.
    ///   - change: edits the metadata; called again on each retry with a fresh read.
    /// - Throws: ``MetadataError``: `unreadable` or `mismatch` for a stored file that is not
    ///   this channel-day's metadata, `tooManyConflicts`, or `store`.
    @discardableResult
    public func update(_ key: DayMetadataKey, change: (inout DayMetadata) -> Void) async throws(MetadataError)
        -> Outcome
    {
        for attempt in 1...max(1, maximumAttempts) {
            let existing: StoredObject?
            do {
                existing = try await store.getIfPresent(key.key)
            } catch where error.code == .transient && attempt < maximumAttempts {
                await backOff(attempt: attempt, key: key, reason: "read failed: \(error)")
                continue
            } catch {
                throw MetadataError(code: .store, message: "reading \(key): \(error.message)", storeError: error)
            }
            var metadata: DayMetadata
            let condition: WriteCondition
            if let existing {
                metadata = try DayMetadata(json: existing.body)
                try check(metadata, against: key)
                guard let etag = existing.info.etag else {
                    throw MetadataError(code: .store, message: "the store returned \(key) without an ETag")
                }
                condition = .ifMatch(etag)
            } else {
                metadata = DayMetadata(key: key, createdAt: now())
                condition = .ifNoneMatch
            }
            let before = metadata
            change(&metadata)
            metadata.refreshSummary()
            if existing != nil && metadata == before {
                return Outcome(metadata: metadata, written: false, attempts: attempt)
            }
            metadata.updatedAt = now().iso8601(fractionDigits: 6)
            let body = try metadata.jsonBytes()
            do {
                let options = PutOptions(contentType: "application/json", cacheControl: "no-cache", condition: condition)
                // The new ETag is not kept: every update starts from a fresh read, whose ETag
                // is the one its conditional write must match.
                _ = try await store.put(key.key, body: body, options: options)
                logger.debug(
                    "day metadata written",
                    metadata: ["metadata.key": "\(key)", "metadata.attempts": "\(attempt)"])
                return Outcome(metadata: metadata, written: true, attempts: attempt)
            } catch where (error.code == .preconditionFailed || error.code == .transient) && attempt < maximumAttempts {
                await backOff(attempt: attempt, key: key, reason: "\(error.code)")
            } catch where error.code == .preconditionFailed {
                break
            } catch {
                throw MetadataError(code: .store, message: "writing \(key): \(error.message)", storeError: error)
            }
        }
        throw MetadataError(
            code: .tooManyConflicts,
            message: "\(key) kept changing under \(maximumAttempts) attempts; other writers are busy, run again later")
    }

    /// Records chunk entries (replacing entries of the same kind and start) and, when given,
    /// the station facts, in one write.
    @discardableResult
    public func record(
        _ entries: [(kind: ChunkKind, entry: ChunkEntry)], in key: DayMetadataKey, station: StationFacts? = nil
    ) async throws(MetadataError) -> Outcome {
        try await update(key) { metadata in
            for (kind, entry) in entries { metadata.upsert(entry, kind: kind) }
            if let station { metadata.apply(station) }
        }
    }

    private func check(_ metadata: DayMetadata, against key: DayMetadataKey) throws(MetadataError) {
        let id = key.channel.sourceID
        guard metadata.date == key.day.description, metadata.network == id.network,
            metadata.station == id.station, metadata.location == id.location, metadata.channel == id.channel
        else {
            throw MetadataError(
                code: .mismatch,
                message: "\(key) describes \(metadata.network).\(metadata.station).\(metadata.location)."
                    + "\(metadata.channel) on \(metadata.date); fix or delete the file")
        }
    }

    private func backOff(attempt: Int, key: DayMetadataKey, reason: String) async {
        let ceiling = min(maximumDelay, baseDelay * (1 << min(attempt - 1, 20)))
        let nanoseconds = Int64(ceiling.components.seconds) * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        let wait = Int64.random(in: 0...max(0, nanoseconds))
        logger.debug(
            "day metadata conflict, retrying",
            metadata: ["metadata.key": "\(key)", "metadata.attempt": "\(attempt)", "metadata.reason": "\(reason)"])
        try? await Task.sleep(for: .nanoseconds(wait))
    }
}
