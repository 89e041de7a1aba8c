public import ChunkStore
public import SeedCore

/// The windows one tick works on, decided from the clock's 10-minute slot (DESIGN "The cron
/// tick"): the previous window always; the previous 6 hours as one `6h` chunk at the first
/// ticks after 00/06/12/18 UTC; and two look-backs whose missing windows the tick fills from
/// the day metadata: the catch-up (10-minute windows of the last 2 hours) and the checkpoint
/// audit (the `6h` checkpoints of the last 24 hours, a bounded number per tick).
public struct TickPlan: Sendable, Hashable {
    /// The window every tick stores (`10min` by default).
    public var primary: TimeWindow
    /// Its kind.
    public var primaryKind: ChunkKind
    /// The 6-hour checkpoint window, when this tick is one of the first after a 6 h boundary.
    public var checkpoint: TimeWindow?
    /// Windows of `primaryKind` before the primary one that the tick re-checks (the catch-up).
    public var lookBack: LookBack
    /// The `6h` checkpoints of the last `checkpointLookBackMinutes` that the tick re-checks,
    /// at most `maximumCheckpointRebuilds` rebuilt per tick (the checkpoint audit).
    public var checkpointLookBack: LookBack
    /// The tick's slot number (the primary window's start over its length): which of more
    /// missing checkpoints than the bound this tick takes (``LookBack/taking(_:turn:)``).
    public var turn: Int64 { primary.start.secondsFloor / max(1, primary.seconds) }

    /// Both look-backs, the tick's own kind first.
    public var lookBacks: [LookBack] { [lookBack, checkpointLookBack] }

    /// Plans the tick at a time.
    /// - Parameters:
    ///   - time: the tick's time (`--at`, else the clock).
    ///   - configuration: delays and lengths.
    public init(at time: UTCTime, configuration: TickConfiguration) {
        primaryKind = configuration.windowKind
        // A kind without a length (not one of ChunkKind.allCases) is cut on the 10-minute grid.
        let grid = primaryKind.isKnown ? primaryKind : .tenMinutes
        let available = time.adding(seconds: -Int64(configuration.delayMinutes) * 60)
        primary = grid.lastWindow(endedBy: available) ?? TimeWindow(start: available, end: available)
        // Slot-based: the first ticks after the boundary (within the grace) all qualify, so a
        // late or missed 00:02 tick is made up at 00:12; the tick skips it when stored.
        if let due = ChunkKind.sixHours.lastWindow(endedBy: primary.end),
            primary.end.secondsFloor - due.end.secondsFloor < Int64(configuration.checkpointGraceMinutes) * 60
        {
            checkpoint = due
        }
        // The same step for both look-backs: only the kind, the span and the bound differ.
        lookBack = LookBack(
            .catchUp, kind: primaryKind, minutes: configuration.lookBackMinutes, endingBy: primary.end,
            excluding: [primary])
        // Windows stored as the primary or due checkpoint are not audited a second time.
        let stored = (primaryKind == .sixHours ? [primary] : []) + (checkpoint.map { [$0] } ?? [])
        checkpointLookBack = LookBack(
            .checkpointRebuild, kind: .sixHours,
            minutes: configuration.maximumCheckpointRebuilds > 0 ? configuration.checkpointLookBackMinutes : 0,
            endingBy: primary.end, excluding: stored, limit: configuration.maximumCheckpointRebuilds)
    }
}
