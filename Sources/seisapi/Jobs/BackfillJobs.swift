import Foundation
import Pipeline
import SeedCore

/// The backfill jobs the API started: their state and progress for `GET /api/backfill/{id}`
/// (kept for a day after they end).
actor BackfillJobs {
    /// One job as the API reports it.
    struct Job: Sendable, Encodable {
        var id: String
        var status: String
        var createdAt: String
        var finishedAt: String?
        var request: RequestEcho
        var progress: BackfillProgress
        var percent: Double
        var result: BackfillResult?

        enum CodingKeys: String, CodingKey {
            case id, status, request, progress, percent, result
            case createdAt = "created_at", finishedAt = "finished_at"
        }
    }

    /// What was asked.
    struct RequestEcho: Sendable, Encodable {
        var channels: [String]
        var start: String
        var end: String
        var force: Bool
    }

    private var jobs: [String: Job] = [:]
    private var finished: [(String, Date)] = []

    func add(_ request: BackfillRequest) -> Job {
        let id = UUID().uuidString.lowercased()
        let job = Job(
            id: id, status: "queued", createdAt: UTCTime.now().iso8601(),
            request: RequestEcho(
                channels: request.channels.map(\.sourceID.description), start: request.range.start.iso8601(),
                end: request.range.end.iso8601(), force: request.force),
            progress: BackfillProgress(windowsTotal: 0), percent: 0)
        jobs[id] = job
        return job
    }

    func update(_ id: String, progress: BackfillProgress) {
        jobs[id]?.status = "running"
        jobs[id]?.progress = progress
        jobs[id]?.percent = (progress.percent * 10).rounded() / 10
    }

    func finish(_ id: String, result: BackfillResult) {
        jobs[id]?.status = result.status
        jobs[id]?.result = result
        jobs[id]?.finishedAt = UTCTime.now().iso8601()
        let now = Date()
        finished.append((id, now))
        while let (oldest, at) = finished.first, now.timeIntervalSince(at) > 86_400 {
            jobs[oldest] = nil
            finished.removeFirst()
        }
    }

    func job(_ id: String) -> Job? { jobs[id] }
}
