public import ChunkStore
public import SeedCore

/// The windows one tick works on, decided from the clock's 10-minute slot (DESIGN "The cron
/// tick"): the previous window always; the previous 6 hours as one `6h` chunk at the first
/// ticks after 00/06/12/18 UTC; and the catch-up look-back, whose missing windows the tick
/// fills from the day metadata.
public struct TickPlan: Sendable, Hashable {
    /// The window every tick stores (`10min` by default).
    public var primary: TimeWindow
    /// Its kind.
    public var primaryKind: ChunkKind
    /// The 6-hour checkpoint window, when this tick is one of the first after a 6 h boundary.
    public var checkpoint: TimeWindow?
    /// Windows of `primaryKind` before the primary one that the tick re-checks (oldest first).
    public var lookBack: [TimeWindow]

    /// Plans the tick at a time.
    /// - Parameters:
    ///   - time: the tick's time (`--at`, else the clock).
    ///   - configuration: delays and lengths.
    public init(at time: UTCTime, configuration: TickConfiguration) {
        let length = configuration.windowKind.seconds ?? 600
        let available = time.adding(seconds: -Int64(configuration.delayMinutes) * 60).secondsFloor
        let end = Self.floor(available, to: length)
        primary = TimeWindow(start: UTCTime(seconds: end - length), end: UTCTime(seconds: end))
        primaryKind = configuration.windowKind
        let boundary = Self.floor(end, to: 21_600)
        // Slot-based: the first ticks after the boundary (within the grace) all qualify, so a
        // late or missed 00:02 tick is made up at 00:12; the tick skips it when stored.
        if end - boundary < Int64(configuration.checkpointGraceMinutes) * 60 {
            checkpoint = TimeWindow(start: UTCTime(seconds: boundary - 21_600), end: UTCTime(seconds: boundary))
        }
        let count = Int(Int64(configuration.lookBackMinutes) * 60 / length) - 1
        lookBack = count > 0
            ? (1...count).reversed().map { i in
                TimeWindow(start: UTCTime(seconds: end - length * Int64(i + 1)), end: UTCTime(seconds: end - length * Int64(i)))
            } : []
    }

    package static func floor(_ seconds: Int64, to step: Int64) -> Int64 {
        seconds >= 0 ? seconds / step * step : -((-seconds + step - 1) / step) * step
    }
}
