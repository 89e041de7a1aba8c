import ChunkStore
import SeedCore
import FDSN

/// One channel-window the tick (or a backfill batch) works on, and what became of it so far.
struct TickJob: Sendable {
    enum Role: String, Sendable { case primary, checkpoint, catchUp = "catch_up", backfill }

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

    init(channel: SelectedChannel, window: TimeWindow, kind: ChunkKind, role: Role) {
        self.channel = channel
        self.window = ChunkWindow(kind: kind, window: window)
        self.role = role
    }

    var request: WaveformRequest { WaveformRequest(channel: channel.sourceID, window: window.window) }

    /// Primary and checkpoint windows must be stored for the tick to succeed.
    var counts: Bool { role != .catchUp }

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
        retryable = outcome.retryable
    }
}
