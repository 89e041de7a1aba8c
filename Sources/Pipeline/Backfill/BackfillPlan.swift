import SeedCore

/// The 10-minute windows of a range, in batches of a few hours: each batch is one bulk
/// source request for every channel (bounded memory: a 6-hour batch of 15 channels is
/// about 40 MB of miniSEED).
struct BackfillPlan {
    static let windowSeconds: Int64 = 600

    var batches: [[TimeWindow]]

    init(range: TimeWindow, batchHours: Int) {
        let step = Self.windowSeconds
        let perBatch = max(1, Int64(batchHours) * 3600 / step)
        var batches: [[TimeWindow]] = []
        var start = range.start.secondsFloor
        let end = range.end.secondsFloor
        while start < end {
            var batch: [TimeWindow] = []
            while start < end && Int64(batch.count) < perBatch {
                batch.append(TimeWindow(start: UTCTime(seconds: start), end: UTCTime(seconds: start + step)))
                start += step
            }
            batches.append(batch)
        }
        self.batches = batches
    }

    var windowCount: Int { batches.reduce(0) { $0 + $1.count } }

    static func floor(_ seconds: Int64, to step: Int64) -> Int64 { TickPlan.floor(seconds, to: step) }
}
