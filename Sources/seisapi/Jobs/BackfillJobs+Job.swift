import ChunkStore
import Pipeline

extension BackfillJobs {
    /// One job as the API reports it and as its record in the store (`jobs/backfill/{id}.json`)
    /// keeps it.
    struct Job: Sendable, Codable {
        var id: String
        /// `queued`, `running`, a ``BackfillResult/status`` (`complete`, `partial`, `failed`),
        /// or `interrupted` (the server stopped before the job ended).
        var status: String
        var createdAt: String
        /// When the record was last written (a running job writes it every few seconds).
        var updatedAt: String?
        var finishedAt: String?
        var request: RequestEcho
        var progress: BackfillProgress
        var percent: Double
        var result: BackfillResult?
        /// What to do about an interrupted job.
        var note: String?
        /// The body to `POST /api/backfill` again to resume the job (the request as sent,
        /// with its range as `start_time` + `duration_hours`).
        var rerun: [String: JSONValue]?
        /// The server instance that ran the job.
        var instance: String?

        enum CodingKeys: String, CodingKey {
            case id, status, request, progress, percent, result, note, rerun, instance
            case createdAt = "created_at", updatedAt = "updated_at", finishedAt = "finished_at"
        }

        /// Whether the job may still be running somewhere.
        var isUnfinished: Bool { status == "queued" || status == "running" }
    }

    /// What was asked.
    struct RequestEcho: Sendable, Codable {
        var channels: [String]
        var start: String
        var end: String
        var force: Bool
    }
}
