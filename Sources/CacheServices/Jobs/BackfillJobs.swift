package import ChunkStore
import Foundation
package import Logging
package import Pipeline
package import SeedCore

/// The backfill jobs the API started: their state and progress for `GET /api/backfill/{id}`
/// (kept for a day after they end), persisted in the store so a restart still knows them.
///
/// A job's record (``BackfillJobStore``) is written when it is queued, when it starts, every
/// ``persistInterval`` while it runs (its progress, and proof that it runs) and when it ends.
/// A job the server stopped before it ended is `interrupted`: at shutdown its record says so
/// (``checkpointUnfinished()``); after a crash its record still says `running`, and once it is
/// older than ``staleAfter`` and was written by another instance, it is reported as
/// `interrupted`. Rerunning the same request resumes it: the backfill skips stored windows.
///
/// Time is a parameter: `now` dates the records and ages ended jobs out, `clock` paces the
/// periodic writes (tests pass a manual clock).
package actor BackfillJobs {
    /// This server instance (a record written by another one is not running here).
    package let instance: String
    /// How often a running job's record is written.
    package let persistInterval: Duration
    /// A running job's record older than this, from another instance, is an interrupted job.
    package let staleAfter: Duration
    /// How long an ended job is kept in memory (its record stays in the store as long).
    static let retentionSeconds: Int64 = 86_400
    private let records: BackfillJobStore
    private let logger: Logger
    private let now: @Sendable () -> UTCTime
    /// Paces the periodic writes of running jobs.
    let clock: any Clock<Duration>

    private var jobs: [String: Job] = [:]
    private var finished: [(String, UTCTime)] = []
    /// Jobs whose latest state may not be in the store.
    private var unsaved: Set<String> = []

    package static let interruptedNote =
        "the server stopped before this job ended; POST the same request to /api/backfill again (the rerun body) "
        + "to resume it: windows already stored are skipped"

    /// Creates the job table.
    /// - Parameters:
    ///   - store: where job records are kept (`jobs/backfill/`).
    ///   - instance: this server instance's id.
    ///   - persistInterval: how often a running job's record is written; default 10 s.
    ///   - staleAfter: when another instance's `running` record counts as interrupted; default 60 s.
    ///   - logger: where record failures are logged.
    ///   - now: the time records are dated with and ended jobs age by.
    ///   - clock: paces the periodic writes of running jobs.
    package init(
        store: any ObjectStore, instance: String, persistInterval: Duration = .seconds(10),
        staleAfter: Duration = .seconds(60), logger: Logger, now: @escaping @Sendable () -> UTCTime = { UTCTime.now() },
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.clock = clock
        self.instance = instance
        self.persistInterval = persistInterval
        self.staleAfter = staleAfter
        self.records = BackfillJobStore(store: store, retention: .seconds(Self.retentionSeconds), logger: logger)
        self.logger = logger
        self.now = now
    }

    /// Adds a queued job and writes its record.
    /// - Parameters:
    ///   - request: what to backfill.
    ///   - body: the request body as sent (the base of the job's `rerun` body).
    package func add(_ request: BackfillRequest, body: [UInt8] = []) async -> Job {
        let id = UUID().uuidString.lowercased()
        let created = now().iso8601()
        let job = Job(
            id: id, status: "queued", createdAt: created, updatedAt: created,
            request: RequestEcho(
                channels: request.channels.map(\.sourceID.description), start: request.range.start.iso8601(),
                end: request.range.end.iso8601(), force: request.force),
            progress: BackfillProgress(windowsTotal: 0), percent: 0, rerun: Self.rerunBody(body, range: request.range),
            instance: instance)
        jobs[id] = job
        await save(id)
        return job
    }

    /// Marks a job running (and writes its record).
    package func start(_ id: String) async {
        guard jobs[id]?.status == "queued" else { return }
        jobs[id]?.status = "running"
        await save(id)
    }

    /// Records progress (written with the next periodic write).
    package func update(_ id: String, progress: BackfillProgress) {
        jobs[id]?.status = "running"
        jobs[id]?.progress = progress
        jobs[id]?.percent = (progress.percent * 10).rounded() / 10
    }

    /// Records the end of a job and writes its record.
    /// - Parameters:
    ///   - result: what the backfill did.
    ///   - interrupted: the shutdown's drain deadline cancelled it (the job is `interrupted`).
    package func finish(_ id: String, result: BackfillResult, interrupted: Bool = false) async {
        if interrupted || result.status == "cancelled" {
            jobs[id]?.status = "interrupted"
            jobs[id]?.note = Self.interruptedNote
        } else {
            jobs[id]?.status = result.status
        }
        jobs[id]?.result = result
        jobs[id]?.finishedAt = now().iso8601()
        await save(id)
        let ended = now()
        finished.append((id, ended))
        while let (oldest, at) = finished.first, at.adding(seconds: Self.retentionSeconds) < ended {
            jobs[oldest] = nil
            unsaved.remove(oldest)
            finished.removeFirst()
        }
        await records.prune(now: now())
    }

    /// Marks a job that could not be started (the server began shutting down) `interrupted`.
    package func abandon(_ id: String) async {
        jobs[id]?.status = "interrupted"
        jobs[id]?.note = Self.interruptedNote
        await save(id)
    }

    /// Writes a job's record (the periodic write of a running job).
    package func save(_ id: String) async {
        guard var job = jobs[id] else { return }
        job.updatedAt = now().iso8601()
        jobs[id]?.updatedAt = job.updatedAt
        if await records.save(job) {
            unsaved.remove(id)
        } else {
            unsaved.insert(id)
        }
    }

    /// At shutdown, once all work stopped: jobs that did not end are `interrupted`, and every
    /// record not yet written is written.
    package func checkpointUnfinished() async {
        for (id, job) in jobs where job.isUnfinished {
            jobs[id]?.status = "interrupted"
            jobs[id]?.note = Self.interruptedNote
            unsaved.insert(id)
        }
        for id in unsaved.sorted() {
            await save(id)
            logger.info("backfill job checkpointed", metadata: ["backfill.job": "\(id)", "backfill.status": "\(jobs[id]?.status ?? "-")"])
        }
    }

    /// A job of this server, or its record in the store (a job of an earlier run, or of
    /// another instance).
    /// - Throws: ``ObjectStoreError`` when the store fails.
    package func job(_ id: String) async throws(ObjectStoreError) -> Job? {
        if let job = jobs[id] { return job }
        guard var job = try await records.load(id) else { return nil }
        if job.isUnfinished, job.instance != instance {
            let updated = job.updatedAt.flatMap { UTCTime(iso8601: $0) } ?? UTCTime(seconds: 0)
            let (seconds, _) = staleAfter.components
            if updated < now().adding(seconds: -seconds) {
                job.status = "interrupted"
                job.note = Self.interruptedNote
            }
        }
        return job
    }

    /// The body to post again: the request as sent, with its range as `start_time` +
    /// `duration_hours` (an `hours_back` request would otherwise move with the clock).
    package static func rerunBody(_ body: [UInt8], range: TimeWindow) -> [String: JSONValue] {
        var fields = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(body))) ?? [:]
        fields["hours_back"] = nil
        fields["start_time"] = .string(range.start.iso8601())
        let seconds = range.end.nanoseconds / 1_000_000_000 - range.start.nanoseconds / 1_000_000_000
        fields["duration_hours"] = .integer(max(1, (seconds + 3599) / 3600))
        return fields
    }
}
