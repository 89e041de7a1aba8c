import ChunkStore
import SeedCore

/// One channel-window a tick works on, and what became of it so far.
struct TickJob: Sendable {
    enum Role: String, Sendable { case primary, checkpoint, catchUp = "catch_up", backfill }

    var channel: SelectedChannel
    var window: TimeWindow
    var kind: ChunkKind
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

    var request: WaveformRequest { WaveformRequest(channel: channel.sourceID, window: window) }

    /// Primary and checkpoint windows must be stored for the tick to succeed.
    var counts: Bool { role != .catchUp }
}
