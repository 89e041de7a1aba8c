import ChunkStore
import SeedCore

/// The windows of a range, of the backfill's kind (`10min`), in batches of a few hours: each
/// batch is one bulk source request for every channel (bounded memory: a 6-hour batch of 15
/// channels is about 40 MB of miniSEED).
struct BackfillPlan {
    /// The kind a backfill stores (000: the cron's 10-minute windows).
    static let kind = ChunkKind.tenMinutes

    var batches: [[TimeWindow]]

    init(range: TimeWindow, batchHours: Int) {
        // A batch takes the windows that end within `batchHours` of its first window's start.
        let batchSeconds = Int64(batchHours) * 3600
        var batches: [[TimeWindow]] = []
        for window in Self.kind.windows(covering: range) {
            if let first = batches.last?.first, window.end.secondsFloor - first.start.secondsFloor <= batchSeconds {
                batches[batches.count - 1].append(window)
            } else {
                batches.append([window])
            }
        }
        self.batches = batches
    }

    var windowCount: Int { batches.reduce(0) { $0 + $1.count } }
}
