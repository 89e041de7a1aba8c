public import ChunkStore
import Foundation
public import Logging
public import SeedCore

/// One cron tick (DESIGN "The cron tick"): plan the windows (``TickPlan``), skip what the day
/// metadata already records, then fetch → store → retry (``TickEngine``: one source request
/// per window length, every window stored through the ``WindowStorer``, the incomplete
/// channels fetched again every `retryInterval` until `retryWindow` has passed). One
/// channel's failure never blocks another. The whole tick is bounded by `deadline`: a fetch
/// still running then is cancelled, and what was stored is recorded before the tick ends.
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
    /// Waits between retry passes (tests pass a short one).
    public var sleep: @Sendable (Duration) async -> Void

    /// Creates a tick.
    public init(
        channels: [SelectedChannel], source: any WaveformSource, store: any ObjectStore,
        configuration: TickConfiguration = TickConfiguration(), logger: Logger,
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
    ) {
        self.channels = channels
        self.source = source
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.sleep = sleep
    }

    /// Runs the tick for a time: plan → fetch → store → retry.
    /// - Parameter time: `--at`, or the clock.
    /// - Returns: the run summary (also logged).
    public func run(at time: UTCTime) async -> TickSummary {
        let started = ContinuousClock.now
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
        var jobs = await planJobs(plan, at: time, timing: &timing)
        let (passes, metadataWritten) = await engine.run(
            &jobs, started: started, deadline: started + configuration.deadline, timing: &timing)
        let summary = summarize(
            jobs, plan: plan, time: time, runStart: runStart, timing: timing, passes: passes,
            metadataWritten: metadataWritten)
        logger.info(
            "tick finished",
            metadata: [
                "tick.successful": "\(summary.successfulStations)/\(summary.totalStations)",
                "tick.stored": "\(summary.results.filter { $0.status == .stored }.count)",
                "tick.catch_up": "\(summary.catchUpStored)", "tick.retry_passes": "\(passes)",
                "tick.deadline_reached": "\(summary.deadlineReached)",
                "tick.seconds": "\(TickTiming.seconds(ContinuousClock.now - started))",
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

    /// Fetch → store → retry on this tick's source and store.
    var engine: TickEngine {
        TickEngine(
            source: source,
            storer: WindowStorer(store: store, processor: configuration.processor, dryRun: configuration.dryRun, logger: logger),
            configuration: configuration, logger: logger, sleep: sleep)
    }

    /// The jobs of the plan; windows the day metadata already records are marked stored
    /// (catch-up windows only matter when they are missing).
    func planJobs(_ plan: TickPlan, at time: UTCTime, timing: inout TickTiming) async -> [TickJob] {
        let clock = ContinuousClock.now
        defer { timing.upload += ContinuousClock.now - clock }
        var recorded = RecordedWindows(store: store)
        var jobs: [TickJob] = []
        for channel in await engine.resolvingRates(channels, near: time) {
            var candidates = [(plan.primary, plan.primaryKind, TickJob.Role.primary)]
            if let checkpoint = plan.checkpoint { candidates.append((checkpoint, .sixHours, .checkpoint)) }
            candidates += plan.lookBack.map { ($0, plan.primaryKind, .catchUp) }
            for (window, kind, role) in candidates {
                var job = TickJob(channel: channel, window: window, kind: kind, role: role)
                if await recorded.contains(job.window, of: channel.home) { job.outcome = .alreadyStored }
                if role == .catchUp && job.outcome == .alreadyStored { continue }
                jobs.append(job)
            }
        }
        return jobs
    }

    // MARK: - Summary

    func summarize(
        _ jobs: [TickJob], plan: TickPlan, time: UTCTime, runStart: UTCTime, timing: TickTiming, passes: Int,
        metadataWritten: Int
    ) -> TickSummary {
        let results = jobs.map { job in
            TickSummary.Result(
                channel: job.channel.sourceID.description, volcano: job.channel.volcano, kind: job.window.kind.rawValue,
                start: job.window.window.start.iso8601(), end: job.window.window.end.iso8601(), role: job.role.rawValue,
                status: job.outcome ?? .failed, samples: job.summary?.samples, completeness: job.summary?.completeness,
                gapCount: job.summary?.gapCount, gapDurationSeconds: job.summary?.gapDurationSeconds,
                gapSamplesFilled: job.summary?.gapSamplesFilled, uncompressedBytes: job.summary.map { $0.samples * 4 },
                compressedBytes: job.stored?.entry.compressedSizeBytes, key: job.stored?.key.key, attempts: job.attempts,
                error: job.error)
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
            catchUpStored: results.filter { $0.role == "catch_up" && $0.isStored }.count,
            metadataFilesWritten: metadataWritten, success: failedChannels.isEmpty,
            deadlineReached: jobs.contains(where: \.cutOffByDeadline), results: results)
    }
}

extension TickSummary.Result {
    /// Primary and checkpoint windows decide success.
    var counts: Bool { role != "catch_up" }
    /// Stored now or before (a dry run counts as stored: nothing was meant to be written).
    var isStored: Bool { [.stored, .unchanged, .alreadyStored, .dryRun].contains(status) }
}
