public import ChunkStore
public import SeedCore

/// How a tick runs (DESIGN "The cron tick"); the executable fills it from the environment
/// (`IRIS_DELAY_MINUTES`, `CRON_DATA_DURATION_MINUTES`, `RETRY_INTERVAL_SECONDS`,
/// `RETRY_WINDOW_SECONDS`, `CATCHUP_MINUTES`, `CHECKPOINT_REBUILDS_PER_TICK`,
/// `TICK_DEADLINE_SECONDS`).
public struct TickConfiguration: Sendable {
    /// Minutes data needs to reach the FDSN service (EarthScope: up to 80 s seen). Default 2.
    public var delayMinutes: Int
    /// The kind of the window every tick stores. Default `10min`.
    public var windowKind: ChunkKind
    /// Ticks within this many minutes after a 6 h boundary also store the checkpoint. Default 20.
    public var checkpointGraceMinutes: Int
    /// How far back missing windows of the tick's kind are fetched again. Default 120.
    public var lookBackMinutes: Int
    /// How far back missing `6h` checkpoints are rebuilt: the completed 6 h windows ending
    /// within this span. Default 1440 (the last 24 hours: the four latest checkpoints).
    public var checkpointLookBackMinutes: Int
    /// At most this many missing checkpoints (6 h windows, across all channels) are rebuilt
    /// per tick; the rest are left to the following ticks, so a long outage cannot make one
    /// tick fetch days of data. `0` turns the checkpoint audit off. Default 6 (36 channel-hours,
    /// about what the 10-minute catch-up may fetch).
    public var maximumCheckpointRebuilds: Int
    /// Retry pass `k` starts `k × retryInterval` after the first pass ended. Default 30 s.
    public var retryInterval: Duration
    /// Retry passes are scheduled while `k × retryInterval` stays within this span after the
    /// first pass. Default 120 s: retries at 30, 60, 90 and 120 s.
    public var retryWindow: Duration
    /// At most this many retry passes (the seed's `max_retries = 4`: 30 s × 4 = 2 minutes).
    public var maximumRetryPasses: Int
    /// The whole tick's limit, from its start: a fetch still running then is cancelled, what
    /// was stored is recorded and the tick ends (failed). Default 240 s, well below Railway's
    /// 600 s kill, so a stalled FDSN service cannot hold the cron past the next schedule.
    public var deadline: Duration
    /// The SeedCore rules (95 % completeness).
    public var processor: WindowProcessor
    /// Fetch and process, but write nothing.
    public var dryRun: Bool

    /// Creates a configuration; every argument has the documented default.
    public init(
        delayMinutes: Int = 2, windowKind: ChunkKind = .tenMinutes, checkpointGraceMinutes: Int = 20,
        lookBackMinutes: Int = 120, checkpointLookBackMinutes: Int = 1440, maximumCheckpointRebuilds: Int = 6,
        retryInterval: Duration = .seconds(30), retryWindow: Duration = .seconds(120), maximumRetryPasses: Int = 4,
        deadline: Duration = .seconds(240), processor: WindowProcessor = WindowProcessor(), dryRun: Bool = false
    ) {
        self.delayMinutes = delayMinutes
        self.windowKind = windowKind
        self.checkpointGraceMinutes = checkpointGraceMinutes
        self.lookBackMinutes = lookBackMinutes
        self.checkpointLookBackMinutes = checkpointLookBackMinutes
        self.maximumCheckpointRebuilds = maximumCheckpointRebuilds
        self.retryInterval = retryInterval
        self.retryWindow = retryWindow
        self.maximumRetryPasses = maximumRetryPasses
        self.deadline = deadline
        self.processor = processor
        self.dryRun = dryRun
    }
}
