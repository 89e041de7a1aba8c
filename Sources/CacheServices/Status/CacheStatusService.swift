package import ChunkStore
import Foundation
package import Logging
package import SeedCore
package import Pipeline

/// Answers `GET /api/cache-status` (`000`, "Cache Status / Inventory Endpoint") from the store.
///
/// A report lists only the folders its query needs (``CacheStatusWalk``), reads each
/// day-metadata file for chunk counts and `complete_day`, and sums the listed sizes. Two
/// caches keep requests cheap: whole reports per query for `cacheTTL`, and the parsed counts
/// of each metadata file by key and listing fingerprint (ETag, size, date), so a file is
/// read again only when it changed. Identical queries asked while one is being computed wait
/// for that computation instead of walking the store again (64 cold requests, one walk).
package actor CacheStatusService {
    /// Where chunks and metadata are.
    package let store: any ObjectStore
    /// Volcanoes and their regions.
    package let catalog: StationCatalog
    /// How long a report is served again without listing.
    package let cacheTTL: Duration
    /// Listings and metadata reads in flight at most.
    package let maximumConcurrentRequests: Int
    private let logger: Logger

    private struct CachedReport {
        var generatedAt: UTCTime
        var report: CacheStatusReport
    }

    /// What identifies one version of an object in a listing. The local store lists no ETag;
    /// size and modification time stand in for it there.
    private struct Fingerprint: Hashable {
        var etag: ETag?
        var size: Int
        var lastModified: UTCTime?

        init(_ info: ObjectInfo) {
            etag = info.etag
            size = info.size
            lastModified = info.lastModified
        }
    }

    private var reports: [CacheStatusQuery: CachedReport] = [:]

    /// What a computation hands the requests that waited for it.
    private enum SharedOutcome: Sendable {
        case report(CacheStatusReport)
        case failure(ObjectStoreError)
        /// The computing request was cancelled (its client left): a waiter computes instead.
        case retry
    }

    /// Queries being computed, with the requests waiting for them.
    private var inFlight: [CacheStatusQuery: [CheckedContinuation<SharedOutcome, Never>]] = [:]
    private var dayCounts: [String: (fingerprint: Fingerprint, counts: DayCounts?)] = [:]

    /// Creates the service.
    /// - Parameters:
    ///   - store: where chunks and day metadata are.
    ///   - catalog: the station catalog (regions of the `location` scope, volcano regions).
    ///   - cacheTTL: how long a report is reused; defaults to 30 seconds.
    ///   - maximumConcurrentRequests: listings and reads in flight at most; defaults to 8.
    ///   - logger: where walks are logged (debug and info).
    package init(
        store: any ObjectStore, catalog: StationCatalog, cacheTTL: Duration = .seconds(30),
        maximumConcurrentRequests: Int = 8, logger: Logger
    ) {
        self.store = store
        self.catalog = catalog
        self.cacheTTL = cacheTTL
        self.maximumConcurrentRequests = max(1, maximumConcurrentRequests)
        self.logger = logger
    }

    /// The report for a query, in `000`'s JSON shape for its scope.
    ///
    /// A report made less than `cacheTTL` before `now` for the same query is returned as it
    /// was, without touching the store; while the same query is being computed, the request
    /// waits for that computation and gets its report (or its error).
    /// - Parameters:
    ///   - query: what to report (see ``CacheStatusQuery/parse(_:catalog:)``).
    ///   - now: the time the report is for: it decides which windows of the current UTC day
    ///     count as missing, and the age of cached reports. Defaults to the clock.
    /// - Returns: the report, ready for `JSONEncoder`.
    /// - Throws: ``ObjectStoreError`` of the first listing or read that failed (`transient`
    ///   also when the task was cancelled). Unreadable metadata files are logged and skipped.
    package func report(for query: CacheStatusQuery, now: UTCTime = .now()) async throws(ObjectStoreError)
        -> CacheStatusReport
    {
        while true {
            let ttl = Self.nanoseconds(cacheTTL)
            reports = reports.filter {
                $0.value.generatedAt <= now && now.nanoseconds - $0.value.generatedAt.nanoseconds < ttl
            }
            if let cached = reports[query] {
                logger.debug(
                    "cache status served from cache",
                    metadata: [
                        "status.scope": "\(query.scope.rawValue)", "status.generated_at": "\(cached.generatedAt.iso8601())",
                    ])
                return cached.report
            }
            if inFlight[query] != nil {
                logger.debug("cache status waits for the same query", metadata: ["status.scope": "\(query.scope.rawValue)"])
                let outcome = await withCheckedContinuation { inFlight[query, default: []].append($0) }
                switch outcome {
                case .report(let report): return report
                case .failure(let error): throw error
                case .retry: continue
                }
            }
            inFlight[query] = []
            let outcome: SharedOutcome
            do throws(ObjectStoreError) {
                outcome = .report(try await compute(query, now: now))
            } catch {
                outcome = Task.isCancelled ? .retry : .failure(error)
            }
            for waiter in inFlight.removeValue(forKey: query) ?? [] { waiter.resume(returning: outcome) }
            switch outcome {
            case .report(let report): return report
            case .failure(let error): throw error
            case .retry:
                throw ObjectStoreError(code: .transient, key: nil, message: "the cache-status request was cancelled; ask again")
            }
        }
    }

    /// Walks the store for a query and caches the report.
    private func compute(_ query: CacheStatusQuery, now: UTCTime) async throws(ObjectStoreError) -> CacheStatusReport {
        let started = ContinuousClock.now
        let regionVolcanoes = query.region.map { CacheStatusQuery.volcanoes(of: catalog, in: $0) } ?? []
        let walk = CacheStatusWalk(store: store, width: maximumConcurrentRequests)
        let listed = try await walk.objects(for: query, regionVolcanoes: regionVolcanoes)
        var inventory = StatusInventory()
        var metadataFiles: [(key: DayMetadataKey, info: ObjectInfo)] = []
        for info in listed.objects {
            if let key = try? DayMetadataKey(key: info.key) {
                let id = key.channel.sourceID
                guard query.matches(id, volcano: key.channel.volcano, regionVolcanoes: regionVolcanoes) else { continue }
                inventory.add(id, volcano: key.channel.volcano) { $0.bytes += info.size }
                metadataFiles.append((key, info))
            } else if let key = try? ChunkKey(key: info.key) {
                let id = key.channel.sourceID
                guard query.matches(id, volcano: key.channel.volcano, regionVolcanoes: regionVolcanoes) else { continue }
                inventory.add(id, volcano: key.channel.volcano) { $0.bytes += info.size }
            }
        }
        let read = try await readDayCounts(metadataFiles.map(\.info))
        for (key, info) in metadataFiles {
            guard let counts = dayCounts[info.key]?.counts else { continue }
            inventory.add(key.channel.sourceID, volcano: key.channel.volcano) { channel in
                if channel.days[key.day] == nil {
                    channel.days[key.day] = counts
                } else {
                    channel.days[key.day]?.merge(counts)
                }
            }
        }
        if query.scope == .all {
            // A walk of everything: forget files that are gone.
            let listedKeys = Set(metadataFiles.map(\.info.key))
            dayCounts = dayCounts.filter { listedKeys.contains($0.key) }
        }
        let report = CacheStatusReport(query: query, inventory: inventory, catalog: catalog, now: now)
        reports[query] = CachedReport(generatedAt: now, report: report)
        logger.info(
            "cache status computed",
            metadata: [
                "status.scope": "\(query.scope.rawValue)", "status.listings": "\(listed.listings)",
                "status.objects": "\(listed.objects.count)", "status.metadata_files": "\(metadataFiles.count)",
                "status.metadata_read": "\(read)",
                "status.seconds": "\(String(format: "%.3f", Self.seconds(ContinuousClock.now - started)))",
            ])
        return report
    }

    /// Reads the metadata files whose fingerprint is not cached, and caches their counts.
    /// - Returns: how many files were read.
    private func readDayCounts(_ files: [ObjectInfo]) async throws(ObjectStoreError) -> Int {
        let stale = files.filter { dayCounts[$0.key]?.fingerprint != Fingerprint($0) }
        guard !stale.isEmpty else { return 0 }
        let store = store
        let read = try await CacheStatusWalk.concurrentMap(stale, width: maximumConcurrentRequests) {
            info throws(ObjectStoreError) -> Result<DayCounts, MetadataError>? in
            guard let object = try await store.getIfPresent(info.key) else { return nil }
            do throws(MetadataError) {
                return .success(DayCounts(try DayMetadata(json: object.body)))
            } catch {
                return .failure(error)
            }
        }
        for (info, outcome) in zip(stale, read) {
            switch outcome {
            case .success(let counts):
                dayCounts[info.key] = (Fingerprint(info), counts)
            case .failure(let error):
                // Someone else's file or a torn write: the size still counts, the day does not.
                logger.info("day metadata unreadable", metadata: ["metadata.key": "\(info.key)", "error": "\(error)"])
                dayCounts[info.key] = (Fingerprint(info), nil)
            case nil:
                // Deleted between listing and reading.
                dayCounts[info.key] = nil
            }
        }
        return stale.count
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
