import ChunkStore
import SeedCore
import WaveformSources

/// One channel-window the tick (or a backfill batch) works on, and what became of it so far.
struct TickJob: Sendable {
    enum Role: String, Sendable {
        case primary, checkpoint, backfill
        case catchUp = "catch_up"
        case checkpointRebuild = "checkpoint_rebuild"

        /// The role of a look-back's windows.
        init(_ purpose: LookBack.Purpose) {
            switch purpose {
            case .catchUp: self = .catchUp
            case .checkpointRebuild: self = .checkpointRebuild
            }
        }

        /// Look-back windows are fetched only when missing and do not decide the tick's
        /// success (a channel without data for hours would fail every tick).
        var isLookBack: Bool { self == .catchUp || self == .checkpointRebuild }
    }

    var channel: SelectedChannel
    var window: ChunkWindow
    var role: Role
    var attempts = 0
    var outcome: TickSummary.Status?
    var summary: WindowSummary?
    var stored: ChunkWriter.StoredChunk?
    var error: String?
    /// Whether another pass may change the outcome (incomplete, no data, transient failure).
    var retryable = false
    /// Whether the tick's deadline cancelled its fetch.
    var cutOffByDeadline = false
    /// Passes in a row on which the source answered "no data" (not an error) for the window.
    var noDataPasses = 0

    /// "No data" on this many passes in a row (the first pass and one retry) means an outage:
    /// the window is not retried further in this tick (the next tick's catch-up asks again),
    /// so an outage costs one retry, not the whole retry window.
    static let noDataPassesBeforeGivingUp = 2

    /// Whether the window was given up on as an outage (``noDataPassesBeforeGivingUp``).
    var givenUpAsOutage: Bool { outcome == .noData && noDataPasses >= Self.noDataPassesBeforeGivingUp }

    init(channel: SelectedChannel, window: TimeWindow, kind: ChunkKind, role: Role) {
        self.channel = channel
        self.window = ChunkWindow(kind: kind, window: window)
        self.role = role
    }

    var request: WaveformRequest { WaveformRequest(channel: channel.sourceID, window: window.window) }

    /// Primary and checkpoint windows must be stored for the tick to succeed.
    var counts: Bool { !role.isLookBack }

    /// Takes the storer's outcome of this job's window.
    mutating func take(_ outcome: WindowOutcome) {
        self.outcome =
            switch outcome.status {
            case .stored: .stored
            case .unchanged: .unchanged
            case .incomplete: .incomplete
            case .noData: .noData
            case .dryRun: .dryRun
            case .unprocessable, .notStored: .failed
            }
        summary = outcome.summary ?? summary
        stored = outcome.chunk
        error = outcome.error
        noDataPasses = outcome.status == .noData ? noDataPasses + 1 : 0
        retryable = outcome.retryable && !givenUpAsOutage
    }
}
