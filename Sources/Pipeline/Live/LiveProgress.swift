import SeedCore
import Synchronization

/// Where a live follower could resume after a restart without losing a record: at or before
/// the oldest record it still needs — one held for a window still open, or one of a closed
/// window whose store has not finished. Records are numbered in arrival order, and the feed's
/// position is kept every ``snapshotInterval`` (about twenty positions span a 10-minute
/// window, whatever the number of channels). Resuming replays some records whose windows are
/// already stored (the follower skips those windows: their day metadata records them), never
/// skips one. A channel whose open window ended ``staleAfter`` before the newest record
/// (it went silent mid-window) no longer holds the resume point back: that window is the cron's.
final class LiveProgress<Position: Sendable>: Sendable {
    private struct Held {
        var oldest: Int
        var windowEnd: UTCTime
    }

    private struct State {
        var latest: Position
        var next = 0
        /// Positions before some records, oldest first: (arrival number, position before it).
        var snapshots: [(arrival: Int, position: Position)] = []
        var lastSnapshot: ContinuousClock.Instant?
        var newestEnd: UTCTime?
        /// The record being handled: needed until ``settled()`` (its window may not hold it yet).
        var handling: Int?
        var held: [SourceID: Held] = [:]
        /// Per closed window being stored: the oldest arrival number it was cut from.
        var storing: [Int: Int] = [:]
        var nextTicket = 0
    }

    private let state: Mutex<State>
    /// How often the position is kept.
    let snapshotInterval: Duration
    /// After how many records at most the position is kept.
    let snapshotRecords: Int
    /// How long after its end an open window stops holding the resume point back.
    let staleAfter: Duration

    /// Progress starting at `position`.
    init(
        from position: Position, snapshotInterval: Duration = .seconds(30), snapshotRecords: Int = 1024,
        staleAfter: Duration = .seconds(1200)
    ) {
        state = Mutex(State(latest: position))
        self.snapshotInterval = snapshotInterval
        self.snapshotRecords = snapshotRecords
        self.staleAfter = staleAfter
    }

    /// Numbers a record ending at `end` that moved the feed to `position`; it counts as needed
    /// until ``settled()``.
    func received(endingAt end: UTCTime, movingTo position: Position) -> Int {
        let (interval, records) = (snapshotInterval, snapshotRecords)
        return state.withLock { state in
            let number = state.next
            let now = ContinuousClock.now
            let due = state.lastSnapshot.map { now - $0 >= interval } ?? true
            if due || number - (state.snapshots.last?.arrival ?? number) >= records {
                state.snapshots.append((number, state.latest))
                state.lastSnapshot = now
            }
            state.latest = position
            state.newestEnd = max(state.newestEnd ?? end, end)
            state.handling = number
            state.next += 1
            return number
        }
    }

    /// Notes that the record ``received(endingAt:movingTo:)`` numbered last is held by its
    /// window or its closed windows' tickets (or needed by none).
    func settled() {
        state.withLock { $0.handling = nil }
    }

    /// Notes the oldest record a channel's open window (ending at `windowEnd`) holds (`nil`: none).
    func hold(_ channel: SourceID, oldest: Int?, windowEnd: UTCTime?) {
        state.withLock { state in
            if let oldest, let windowEnd {
                state.held[channel] = Held(oldest: oldest, windowEnd: windowEnd)
            } else {
                state.held[channel] = nil
            }
        }
    }

    /// Notes a closed window about to be stored, cut from records numbered `oldest` and later;
    /// returns its ticket for ``stored(_:)``.
    func storing(oldest: Int) -> Int {
        state.withLock { state in
            let ticket = state.nextTicket
            state.storing[ticket] = oldest
            state.nextTicket += 1
            return ticket
        }
    }

    /// Notes that a window's store finished (stored or not: a window the follower gave up on
    /// is the cron's).
    func stored(_ ticket: Int) {
        _ = state.withLock { $0.storing.removeValue(forKey: ticket) }
    }

    /// The position to resume from: at or before the oldest record still needed, else the newest.
    var resumePosition: Position {
        let staleAfter = staleAfter
        return state.withLock { state in
            let newest = state.newestEnd
            let live = state.held.values.filter { held in
                guard let newest else { return true }
                return held.windowEnd.nanoseconds + Int64(staleAfter.components.seconds) * 1_000_000_000 > newest.nanoseconds
            }
            let needed = (live.map(\.oldest) + state.storing.values + (state.handling.map { [$0] } ?? [])).min()
            guard let needed else {
                state.snapshots.removeAll()
                state.lastSnapshot = nil
                return state.latest
            }
            guard let keep = state.snapshots.lastIndex(where: { $0.arrival <= needed }) else {
                return state.snapshots.first?.position ?? state.latest
            }
            state.snapshots.removeFirst(keep)
            return state.snapshots[0].position
        }
    }
}
