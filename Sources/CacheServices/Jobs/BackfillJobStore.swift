package import ChunkStore
import Foundation
package import Logging
package import SeedCore

/// Backfill job records in the object store: `jobs/backfill/{id}.json`, outside `data/`, so
/// they never meet the chunk layout and no cache-status walk lists them.
package struct BackfillJobStore: Sendable {
    /// Where the records are.
    package let store: any ObjectStore
    /// Records not written for this long are deleted when a job ends.
    package let retention: Duration
    package let logger: Logger

    package static let prefix = "jobs/backfill/"

    /// Whether `id` is a job id (a lowercase UUID): anything else never reaches the store.
    package static func isJobID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (48...57).contains(byte) || (97...102).contains(byte) else { return false }
            }
        }
        return true
    }

    package static func key(of id: String) -> String { prefix + id + ".json" }

    /// Writes a record.
    /// - Returns: whether it was written (a failure is logged: the job goes on without it).
    @discardableResult
    package func save(_ job: BackfillJobs.Job) async -> Bool {
        do {
            let body = try JSONEncoder().encode(job)
            _ = try await store.put(
                Self.key(of: job.id), body: Array(body),
                options: PutOptions(contentType: "application/json", cacheControl: "no-store"))
            return true
        } catch {
            logger.warning(
                "backfill job record not written", metadata: ["backfill.job": "\(job.id)", "error": "\(error)"])
            return false
        }
    }

    /// Reads a record; `nil` when there is none (or it is not a record).
    /// - Throws: ``ObjectStoreError`` when the store fails.
    package func load(_ id: String) async throws(ObjectStoreError) -> BackfillJobs.Job? {
        guard Self.isJobID(id), let object = try await store.getIfPresent(Self.key(of: id)) else { return nil }
        do {
            return try JSONDecoder().decode(BackfillJobs.Job.self, from: Data(object.body))
        } catch {
            logger.info("backfill job record unreadable", metadata: ["backfill.job": "\(id)", "error": "\(error)"])
            return nil
        }
    }

    /// Deletes records not written within ``retention``.
    package func prune(now: UTCTime) async {
        do {
            let (seconds, _) = retention.components
            let cutoff = now.adding(seconds: -seconds)
            for object in try await store.listAll(prefix: Self.prefix).objects {
                guard let modified = object.lastModified, modified < cutoff else { continue }
                try await store.delete(object.key)
            }
        } catch {
            logger.info("old backfill job records not pruned", metadata: ["error": "\(error)"])
        }
    }
}
