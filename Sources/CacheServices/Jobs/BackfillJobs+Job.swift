package import ChunkStore
package import Pipeline

extension BackfillJobs {
    /// One job as the API reports it and as its record in the store (`jobs/backfill/{id}.json`)
    /// keeps it.
    package struct Job: Sendable, Codable {
        package var id: String
        /// `queued`, `running`, a ``BackfillResult/status`` (`complete`, `partial`, `failed`),
        /// or `interrupted` (the server stopped before the job ended).
        package var status: String
        package var createdAt: String
        /// When the record was last written (a running job writes it every few seconds).
        package var updatedAt: String?
        package var finishedAt: String?
        package var request: RequestEcho
        package var progress: BackfillProgress
        package var percent: Double
        package var result: BackfillResult?
        /// What to do about an interrupted job.
        package var note: String?
        /// The body to `POST /api/backfill` again to resume the job (the request as sent,
        /// with its range as `start_time` + `duration_hours`).
        package var rerun: [String: JSONValue]?
        /// The server instance that ran the job.
        package var instance: String?

        enum CodingKeys: String, CodingKey {
            case id, status, request, progress, percent, result, note, rerun, instance
            case createdAt = "created_at", updatedAt = "updated_at", finishedAt = "finished_at"
        }

        /// Creates a job record.
        package init(
            id: String, status: String, createdAt: String, updatedAt: String? = nil, finishedAt: String? = nil,
            request: RequestEcho, progress: BackfillProgress, percent: Double, result: BackfillResult? = nil,
            note: String? = nil, rerun: [String: JSONValue]? = nil, instance: String? = nil
        ) {
            self.id = id
            self.status = status
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.finishedAt = finishedAt
            self.request = request
            self.progress = progress
            self.percent = percent
            self.result = result
            self.note = note
            self.rerun = rerun
            self.instance = instance
        }

        /// Whether the job may still be running somewhere.
        package var isUnfinished: Bool { status == "queued" || status == "running" }
    }

    /// What was asked.
    package struct RequestEcho: Sendable, Codable {
        package var channels: [String]
        package var start: String
        package var end: String
        package var force: Bool

        /// Creates the echo of a request.
        package init(channels: [String], start: String, end: String, force: Bool) {
            self.channels = channels
            self.start = start
            self.end = end
            self.force = force
        }
    }
}
