public import ChunkStore
public import Logging
import SeedCore
public import WaveformSources

/// Fills 10-minute windows of a range (000's smart gap-fill): windows the day metadata
/// records are skipped unless `force`; the rest are fetched a batch at a time (one bulk
/// source request per batch for all channels) and stored by the tick's engine
/// (``TickEngine``: fetch → ``WindowStorer`` → retry). The API's `POST /api/backfill` and `seiscron backfill` both run it.
public struct Backfill: Sendable {
    /// Where miniSEED comes from.
    public var source: any WaveformSource
    /// Where chunks go.
    public var store: any ObjectStore
    /// Hours per batch (one source request each). Default 6.
    public var batchHours: Int
    /// The processing rules and retries (default: one retry pass after 5 s for windows that
    /// failed transiently or were incomplete).
    public var configuration: TickConfiguration
    /// The caller's logger.
    public var logger: Logger
    /// The clock of each batch's deadline and retry pass (tests pass a manual one).
    public var clock: any Clock<Duration>

    /// Creates a backfill service.
    public init(
        source: any WaveformSource, store: any ObjectStore, batchHours: Int = 6,
        configuration: TickConfiguration = TickConfiguration(
            retryInterval: .seconds(5), retryWindow: .seconds(60), maximumRetryPasses: 1),
        logger: Logger, clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.clock = clock
        self.source = source
        self.store = store
        self.batchHours = batchHours
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs a backfill; cancellation stops it between batches (what is stored stays recorded).
    /// - Parameters:
    ///   - request: channels, range, force.
    ///   - progress: called after planning and after every batch.
    /// - Returns: what was done.
    public func run(_ request: BackfillRequest, progress: (BackfillProgress) async -> Void = { _ in }) async
        -> BackfillResult
    {
        let started = ContinuousClock.now
        let plan = BackfillPlan(range: request.range, batchHours: batchHours)
        let engine = TickEngine(
            source: source,
            storer: WindowStorer(store: store, processor: configuration.processor, dryRun: configuration.dryRun, logger: logger),
            configuration: configuration, logger: logger, stopwatch: Stopwatch(clock))
        // A channel outside the catalog has no nominal rate: its stored keys tell it, so
        // gap-filling can see what is stored.
        let channels = await engine.resolvingRates(request.channels, near: request.range.start)
        var state = BackfillProgress(windowsTotal: plan.windowCount * request.channels.count)
        var requested = 0
        var noData = 0
        var incomplete = 0
        var metadataWritten = 0
        var failures: [BackfillResult.Failure] = []
        logger.info(
            "backfill started",
            metadata: [
                "backfill.range": "\(request.range)", "backfill.channels": "\(request.channels.count)",
                "backfill.windows": "\(state.windowsTotal)", "backfill.force": "\(request.force)",
            ])
        await progress(state)
        var cancelled = false
        for batch in plan.batches {
            if Task.isCancelled {
                cancelled = true
                break
            }
            var jobs: [TickJob] = []
            var recorded = RecordedWindows(store: store)
            for channel in channels {
                for window in batch {
                    var job = TickJob(channel: channel, window: window, kind: BackfillPlan.kind, role: .backfill)
                    if !request.force, await recorded.contains(job.window, of: channel.home) {
                        job.outcome = .alreadyStored
                    }
                    jobs.append(job)
                }
            }
            var timing = TickTiming()
            // Each batch has the tick's deadline: a stalled source cannot hold a backfill forever.
            metadataWritten += await engine.run(
                &jobs, deadline: engine.stopwatch.elapsed + configuration.deadline, timing: &timing
            ).metadataWritten
            for job in jobs {
                state.windowsDone += 1
                switch job.outcome {
                case .alreadyStored:
                    state.chunksAlreadyCached += 1
                    continue
                case .stored, .unchanged, .dryRun:
                    state.chunksAdded += 1
                case .noData:
                    noData += 1
                    state.chunksFailed += 1
                case .incomplete:
                    incomplete += 1
                    state.chunksFailed += 1
                default:
                    state.chunksFailed += 1
                }
                requested += 1
                if ![.stored, .unchanged, .dryRun].contains(job.outcome), failures.count < 50 {
                    failures.append(
                        BackfillResult.Failure(
                            channel: job.channel.sourceID.description, start: job.window.window.start.iso8601(),
                            end: job.window.window.end.iso8601(), status: (job.outcome ?? .failed).rawValue,
                            completeness: job.summary?.completeness, error: job.error))
                }
            }
            logger.info(
                "backfill batch done",
                metadata: [
                    "backfill.batch": "\(batch.first?.start.iso8601() ?? "")", "backfill.done": "\(state.windowsDone)/\(state.windowsTotal)",
                    "backfill.added": "\(state.chunksAdded)", "backfill.failed": "\(state.chunksFailed)",
                ])
            await progress(state)
        }
        let status =
            cancelled ? "cancelled" : state.chunksFailed == 0 ? "complete" : state.chunksAdded == 0 ? "failed" : "partial"
        let result = BackfillResult(
            status: status, chunksRequested: requested, chunksAdded: state.chunksAdded, chunksFailed: state.chunksFailed,
            chunksAlreadyCached: state.chunksAlreadyCached, chunksNoData: noData, chunksIncomplete: incomplete,
            timeRange: .init(start: request.range.start.iso8601(), end: request.range.end.iso8601()),
            metadataUpdated: metadataWritten > 0, channels: request.channels.map(\.sourceID.description),
            failures: failures, seconds: TickTiming.seconds(ContinuousClock.now - started))
        logger.info(
            "backfill finished",
            metadata: [
                "backfill.status": "\(status)", "backfill.added": "\(result.chunksAdded)",
                "backfill.failed": "\(result.chunksFailed)", "backfill.cached": "\(result.chunksAlreadyCached)",
                "backfill.seconds": "\(result.seconds)",
            ])
        return result
    }
}
