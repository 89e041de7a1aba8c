public import ChunkStore
public import SeedCore

/// Windows of one kind that a tick re-checks against the day metadata and fetches only when
/// they are missing: the 10-minute catch-up of the last `CATCHUP_MINUTES`, and the `6h`
/// checkpoints of the last 24 hours (a tick that missed its checkpoint slot — a crash, FDSN
/// down, a deploy — would otherwise lose that chunk for good).
///
/// Both are the same step: the completed windows of `kind` on its own grid whose end lies
/// within `minutes` before the tick's newest available time, minus the windows the tick
/// stores anyway; the tick drops the recorded ones (``Tick``, through `RecordedWindows`) and
/// fetches the rest with its other windows of the same length (one source request per
/// window length). Only how many missing windows one tick takes differs (``limit``).
public struct LookBack: Sendable, Hashable {
    /// Why the windows are re-checked; the summary's `role` of their results.
    public enum Purpose: String, Sendable, Hashable {
        /// Missing windows of the tick's own kind (`catch_up`).
        case catchUp = "catch_up"
        /// Missing `6h` checkpoints (`checkpoint_rebuild`).
        case checkpointRebuild = "checkpoint_rebuild"
    }

    /// Why the windows are re-checked.
    public var purpose: Purpose
    /// The kind the windows are recorded under.
    public var kind: ChunkKind
    /// The windows, oldest first.
    public var windows: [TimeWindow]
    /// At most this many missing windows (across all channels) are fetched per tick; `nil`
    /// for no bound.
    public var limit: Int?

    /// The completed windows of `kind` (aligned to its length) whose end lies within
    /// `minutes` before `end`, oldest first, without those in `excluded`.
    /// - Parameters:
    ///   - purpose: why they are re-checked.
    ///   - kind: a kind with a fixed length (`10min`, `1h`, `6h`, `24h`).
    ///   - minutes: the span re-checked.
    ///   - end: the newest time data is available for (the end of the tick's primary window).
    ///   - excluded: windows the tick stores anyway (its primary window and due checkpoint).
    ///   - limit: most missing windows fetched per tick (`nil`: all).
    public init(
        _ purpose: Purpose,
        kind: ChunkKind,
        minutes: Int,
        endingBy end: UTCTime,
        excluding excluded: [TimeWindow] = [],
        limit: Int? = nil
    ) {
        self.purpose = purpose
        self.kind = kind
        self.limit = limit
        windows = kind.windows(endedWithin: Int64(minutes) * 60, by: end).filter { !excluded.contains($0) }
    }

    /// The missing windows one tick fetches: all of them without a ``limit``; else `limit`
    /// of them, taken in turn from `turn × limit` on (the tick passes its slot number), so
    /// windows that never get data (a dead channel) cannot take every tick's share: over
    /// successive ticks each missing window comes up.
    /// - Parameters:
    ///   - missing: the missing channel-windows, in a stable order (oldest window first).
    ///   - turn: the tick's slot number (its primary window's start divided by its length).
    /// - Returns: the ones to fetch now, and how many are left for later ticks.
    public func taking<Element>(_ missing: [Element], turn: Int64) -> (taken: [Element], deferred: Int) {
        guard let limit, missing.count > limit else { return (missing, 0) }
        guard limit > 0 else { return ([], missing.count) }
        let count = Int64(missing.count)
        let first = Int(((turn % count) * Int64(limit) % count + count) % count)
        let taken = (0..<limit).map { missing[(first + $0) % missing.count] }
        return (taken, missing.count - limit)
    }
}
