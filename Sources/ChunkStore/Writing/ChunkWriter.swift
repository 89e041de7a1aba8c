public import Logging
public import SeedCore

/// Stores processed windows the one safe way: compress, upload the chunk, and only then
/// record it in the day metadata (DESIGN: a metadata file never names a missing chunk).
///
/// Uploads are skipped when the store already holds the same bytes (its ETag is the
/// payload's MD5, as S3, R2 and ``FileSystemStore`` compute it), so a rerun writes nothing.
/// Metadata is written once per day file for a batch of chunks (R2 allows about one write
/// per second per key).
public struct ChunkWriter: Sendable {
    /// The store.
    public let store: any ObjectStore
    /// The metadata updater (same store).
    public let updater: DayMetadataUpdater
    /// Where each stored chunk is logged (debug).
    public let logger: Logger

    /// Creates a writer.
    /// - Parameters:
    ///   - store: where chunks and metadata go.
    ///   - updater: defaults to a ``DayMetadataUpdater`` with its defaults on `store`.
    ///   - logger: the caller's logger.
    public init(store: any ObjectStore, updater: DayMetadataUpdater? = nil, logger: Logger) {
        self.store = store
        self.updater = updater ?? DayMetadataUpdater(store: store, logger: logger)
        self.logger = logger
    }

    /// A chunk that is in the store, with the metadata entry that describes it.
    public struct StoredChunk: Sendable {
        /// Its key.
        public var key: ChunkKey
        /// The kind it is recorded under.
        public var kind: ChunkKind
        /// Its day-metadata entry.
        public var entry: ChunkEntry
        /// Whether bytes were uploaded (false: the same payload was already stored).
        public var uploaded: Bool
    }

    /// Compresses and uploads one chunk (not yet recorded in the metadata).
    /// - Parameters:
    ///   - samples: exactly `key.sampleCount` samples.
    ///   - summary: the window's summary from SeedCore's `WindowProcessor`.
    ///   - key: where it goes; must have a known kind.
    /// - Throws: ``ChunkWriteError``.
    public func upload(_ samples: [Int32], summary: WindowSummary, key: ChunkKey) async throws(ChunkWriteError)
        -> StoredChunk
    {
        guard let kind = key.kind else {
            throw ChunkWriteError(
                key: key, reason: "a \(key.window.seconds)-second chunk has no kind (\(ChunkKind.namesList))")
        }
        guard samples.count == key.sampleCount, summary.samples == samples.count else {
            throw ChunkWriteError(key: key, reason: "\(samples.count) samples, the key needs \(key.sampleCount)")
        }
        let payload: [UInt8]
        do {
            payload = try ChunkPayload.encode(samples)
        } catch {
            throw ChunkWriteError(key: key, reason: "\(error)")
        }
        let etag = ETag(md5Of: payload)
        let entry = ChunkEntry(key: key, summary: summary, compressedSizeBytes: payload.count, etag: etag)
        do {
            if let existing = try await store.headIfPresent(key.key), existing.etag == etag, existing.size == payload.count {
                return StoredChunk(key: key, kind: kind, entry: entry, uploaded: false)
            }
            // The store's ETag is not needed: the chunk's own (`etag`, its MD5) is what the
            // next upload of the same key compares with.
            _ = try await store.put(
                key.key, body: payload,
                options: PutOptions(contentType: "application/octet-stream", cacheControl: ChunkCacheControl.stored))
        } catch {
            throw ChunkWriteError(key: key, reason: "\(error)", storeError: error)
        }
        logger.debug(
            "chunk stored",
            metadata: ["chunk.key": "\(key)", "chunk.bytes": "\(payload.count)", "chunk.samples": "\(samples.count)"])
        return StoredChunk(key: key, kind: kind, entry: entry, uploaded: true)
    }

    /// Records uploaded chunks in their day-metadata files: one conditional write per file.
    /// - Parameters:
    ///   - chunks: chunks returned by ``upload(_:summary:key:)``.
    ///   - station: station facts to store with them, when known.
    /// - Returns: per metadata file, what the update did.
    /// - Throws: ``MetadataError`` of the first file that could not be updated (the others
    ///   are still attempted first).
    @discardableResult
    public func record(_ chunks: [StoredChunk], station: StationFacts? = nil) async throws(MetadataError)
        -> [DayMetadataKey: DayMetadataUpdater.Outcome]
    {
        let byDay = Dictionary(grouping: chunks, by: \.key.dayMetadataKey)
        var outcomes: [DayMetadataKey: DayMetadataUpdater.Outcome] = [:]
        var firstError: MetadataError?
        for (day, dayChunks) in byDay.sorted(by: { $0.key.day < $1.key.day }) {
            do {
                outcomes[day] = try await updater.record(dayChunks.map { ($0.kind, $0.entry) }, in: day, station: station)
            } catch {
                logger.error("day metadata not updated", metadata: ["metadata.key": "\(day)", "error": "\(error)"])
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
        return outcomes
    }
}

/// A chunk could not be compressed or uploaded.
public struct ChunkWriteError: Error, Sendable, CustomStringConvertible {
    /// The chunk.
    public var key: ChunkKey
    /// What went wrong.
    public var reason: String
    /// The store's error, when the upload failed (its code tells transient failures apart).
    public var storeError: ObjectStoreError?

    /// Creates an error.
    public init(key: ChunkKey, reason: String, storeError: ObjectStoreError? = nil) {
        self.key = key
        self.reason = reason
        self.storeError = storeError
    }

    public var description: String { "\(key.fileName): \(reason)" }
}
