public import ChunkStore
import Foundation
public import Logging
public import SeedCore
public import WaveformSources

/// One cron tick (DESIGN "The cron tick"): plan the windows (``TickPlan``), skip what the day
/// metadata already records — of the look-backs (the 10-minute catch-up, the `6h`
/// checkpoints of the last 24 hours) only the missing windows are fetched, a bounded number
/// of checkpoints per tick — then fetch → store → retry (``TickEngine``: one source request
/// per window length, every window stored through the ``WindowStorer``, the incomplete
/// channels fetched again on the ``TickConfiguration/retrySchedule``). One channel's failure
/// never blocks another. The whole tick is bounded by `deadline`: a fetch still running then
/// is cancelled, and what was stored is recorded before the tick ends.
public struct Tick: Sendable {
    /// The channels to store.
    public var channels: [SelectedChannel]
    /// Where miniSEED comes from.
    public var source: any WaveformSource
    /// Where chunks go.
    public var store: any ObjectStore
    /// Delays, windows, retries.
    public var configuration: TickConfiguration
    /// Logs per the seed: a banner, a line per channel-window, a summary.
    public var logger: Logger
    /// Volcanoes the station config selects no channel of: warned about at the start and
    /// listed in the summary.
    public var volcanoesWithoutChannels: [VolcanoWithoutChannels]
    /// The clock the tick's deadline and retry passes are scheduled on (tests pass a manual
    /// one, so the retry schedule and the deadline are checked without waiting minutes).
    public var clock: any Clock<Duration>

    /// Creates a tick.
    public init(
        channels: [SelectedChannel], source: any WaveformSource, store: any ObjectStore,
        configuration: TickConfiguration = TickConfiguration(), logger: Logger,
        volcanoesWithoutChannels: [VolcanoWithoutChannels] = [],
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.channels = channels
        self.source = source
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.volcanoesWithoutChannels = volcanoesWithoutChannels
        self.clock = clock
    }

    /// Runs the tick for a time: plan → fetch → store → retry.
    /// - Parameter time: `--at`, or the clock.
    /// - Returns: the run summary (also logged).
    public func run(at time: UTCTime) async -> TickSummary {
        let engine = self.engine
        let runStart = UTCTime.now()
        let plan = TickPlan(at: time, configuration: configuration)
        var timing = TickTiming()
        logger.info(
            "tick started",
            metadata: [
                "tick.time": "\(time.iso8601())", "tick.window": "\(plan.primary)",
                "tick.checkpoint": "\(plan.checkpoint.map { "\($0)" } ?? "none")", "tick.channels": "\(channels.count)",
                "tick.store": "\(store.displayName)", "tick.source": "\(source.displayName)",
            ])
        for volcano in volcanoesWithoutChannels {
            logger.warning(
                "volcano has no channel", metadata: ["volcano": "\(volcano.volcano)", "reason": "\(volcano.reason)"])
        }
        var (jobs, deferred) = await planJobs(plan, at: time, timing: &timing)
        let (passes, metadataWritten) = await engine.run(
            &jobs, deadline: configuration.deadline, timing: &timing)
        let summary = summarize(
            jobs, plan: plan, time: time, runStart: runStart, timing: timing, passes: passes,
            metadataWritten: metadataWritten, checkpointsDeferred: deferred)
        let rebuilt = LookBack.Purpose.checkpointRebuild.rawValue
        for result in summary.results where result.role == rebuilt && result.isStored {
            logger.info(
                "checkpoint rebuilt",
                metadata: [
                    "channel": "\(result.channel)", "volcano": "\(result.volcano)",
                    "window": "\(result.start)–\(result.end)", "status": "\(result.status.rawValue)",
                    "key": "\(result.key ?? "-")",
                ])
        }
        logger.info(
            "tick finished",
            metadata: [
                "tick.successful": "\(summary.successfulStations)/\(summary.totalStations)",
                "tick.stored": "\(summary.results.filter { $0.status == .stored }.count)",
                "tick.catch_up": "\(summary.catchUpStored)", "tick.retry_passes": "\(passes)",
                "tick.no_data_given_up": "\(summary.noDataGivenUp)",
                "tick.checkpoints_rebuilt": "\(summary.checkpointsRebuilt)",
                "tick.checkpoints_deferred": "\(summary.checkpointsDeferred)",
                "tick.deadline_reached": "\(summary.deadlineReached)",
                "tick.seconds": "\(TickTiming.seconds(engine.stopwatch.elapsed))",
            ])
        for result in summary.results where result.counts && !result.isStored {
            logger.warning(
                "channel not stored",
                metadata: [
                    "channel": "\(result.channel)", "window": "\(result.start)–\(result.end)",
                    "status": "\(result.status.rawValue)", "error": "\(result.error ?? "-")",
                ])
        }
        return summary
    }

    /// Fetch → store → retry on this tick's source and store, its time counted from now.
    var engine: TickEngine {
        TickEngine(
            source: source,
            storer: WindowStorer(store: store, processor: configuration.processor, dryRun: configuration.dryRun, logger: logger),
            configuration: configuration, logger: logger, stopwatch: Stopwatch(clock))
    }

    /// The jobs of the plan: the primary window and the due checkpoint of every channel
    /// (marked stored when the day metadata records them), then per look-back the missing
    /// windows only, as many as its bound lets this tick take.
    /// - Returns: the jobs, and how many missing checkpoints are left to later ticks.
    func planJobs(_ plan: TickPlan, at time: UTCTime, timing: inout TickTiming) async
        -> (jobs: [TickJob], deferred: Int)
    {
        let clock = ContinuousClock.now
        defer { timing.upload += ContinuousClock.now - clock }
        var recorded = RecordedWindows(store: store)
        var jobs: [TickJob] = []
        let resolved = await engine.resolvingRates(channels, near: time)
        for channel in resolved {
            var candidates = [(plan.primary, plan.primaryKind, TickJob.Role.primary)]
            if let checkpoint = plan.checkpoint { candidates.append((checkpoint, .sixHours, .checkpoint)) }
            for (window, kind, role) in candidates {
                var job = TickJob(channel: channel, window: window, kind: kind, role: role)
                if await recorded.contains(job.window, of: channel.home) { job.outcome = .alreadyStored }
                jobs.append(job)
            }
        }
        var deferred = 0
        for lookBack in plan.lookBacks where !lookBack.windows.isEmpty {
            // Oldest window first, then channel order: the order the bound takes them in turn.
            var missing: [TickJob] = []
            for window in lookBack.windows {
                for channel in resolved {
                    let job = TickJob(
                        channel: channel, window: window, kind: lookBack.kind, role: TickJob.Role(lookBack.purpose))
                    if await !recorded.contains(job.window, of: channel.home) { missing.append(job) }
                }
            }
            let (taken, left) = lookBack.taking(missing, turn: plan.turn)
            if lookBack.purpose == .checkpointRebuild {
                deferred += left
                if !missing.isEmpty {
                    logger.info(
                        "checkpoints missing",
                        metadata: [
                            "tick.checkpoints_missing": "\(missing.count)", "tick.checkpoints_rebuilding": "\(taken.count)",
                        ])
                }
            }
            jobs += taken
        }
        return (jobs, deferred)
    }

    // MARK: - Summary

    func summarize(
        _ jobs: [TickJob], plan: TickPlan, time: UTCTime, runStart: UTCTime, timing: TickTiming, passes: Int,
        metadataWritten: Int, checkpointsDeferred: Int
    ) -> TickSummary {
        let results = jobs.map { job in
            TickSummary.Result(
                channel: job.channel.sourceID.description, volcano: job.channel.volcano, kind: job.window.kind.rawValue,
                start: job.window.window.start.iso8601(), end: job.window.window.end.iso8601(), role: job.role.rawValue,
                status: job.outcome ?? .failed, samples: job.summary?.samples, completeness: job.summary?.completeness,
                gapCount: job.summary?.gapCount, gapDurationSeconds: job.summary?.gapDurationSeconds,
                gapSamplesFilled: job.summary?.gapSamplesFilled, uncompressedBytes: job.summary.map { $0.samples * 4 },
                compressedBytes: job.stored?.entry.compressedSizeBytes, key: job.stored?.key.key, attempts: job.attempts,
                error: job.error, noDataGivenUp: job.givenUpAsOutage && job.counts ? true : nil)
        }
        let failedChannels = Set(results.filter { $0.counts && !$0.isStored }.map(\.channel))
        let uploaded = results.filter { $0.status == .stored }
        return TickSummary(
            runStart: runStart.iso8601(fractionDigits: 6), runEnd: UTCTime.now().iso8601(fractionDigits: 6),
            tickTime: time.iso8601(), windows: [plan.primary.description] + (plan.checkpoint.map { ["\($0)"] } ?? []),
            totalStations: channels.count, successfulStations: channels.count - failedChannels.count,
            failedStations: failedChannels.count, totalSamplesFetched: results.compactMap(\.samples).reduce(0, +),
            totalGapsFilled: results.compactMap(\.gapSamplesFilled).reduce(0, +),
            totalBytesUploaded: uploaded.compactMap(\.compressedBytes).reduce(0, +),
            totalBytesRaw: uploaded.compactMap(\.uncompressedBytes).reduce(0, +),
            fetchTimeSeconds: TickTiming.seconds(timing.fetch), processingTimeSeconds: TickTiming.seconds(timing.processing),
            uploadTimeSeconds: TickTiming.seconds(timing.upload), retryPasses: passes,
            noDataGivenUp: results.filter { $0.noDataGivenUp == true }.count,
            catchUpStored: results.filter { $0.role == LookBack.Purpose.catchUp.rawValue && $0.isStored }.count,
            checkpointsRebuilt: results.filter { LookBack.Purpose(rawValue: $0.role) == .checkpointRebuild && $0.isStored }
                .count,
            checkpointsDeferred: checkpointsDeferred, volcanoesWithoutChannels: volcanoesWithoutChannels,
            metadataFilesWritten: metadataWritten, success: failedChannels.isEmpty,
            deadlineReached: jobs.contains(where: \.cutOffByDeadline), results: results)
    }
}

extension TickSummary.Result {
    /// Primary and checkpoint windows decide success; look-back windows do not.
    var counts: Bool { LookBack.Purpose(rawValue: role) == nil }
    /// Stored now or before (a dry run counts as stored: nothing was meant to be written).
    var isStored: Bool { [.stored, .unchanged, .alreadyStored, .dryRun].contains(status) }
}
