public import ChunkStore
import Foundation
public import Logging
public import SeedCore

/// One cron tick (DESIGN "The cron tick"): plan the windows, skip what the day metadata
/// already records, fetch each window length with one source request, process every
/// channel with SeedCore, upload accepted chunks, record them (one conditional write per
/// day file), then retry the incomplete channels every `retryInterval` until
/// `retryWindow` has passed. One channel's failure never blocks another. The whole tick is
/// bounded by `deadline`: a fetch still running then is cancelled, and what was stored is
/// recorded before the tick ends.
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

    /// Runs the tick for a time.
    /// - Parameter time: `--at`, or the clock.
    /// - Returns: the run summary (also logged).
    public func run(at time: UTCTime) async -> TickSummary {
        let started = ContinuousClock.now
        let runStart = UTCTime.now()
        let plan = TickPlan(at: time, configuration: configuration)
        var timing = Timing()
        logger.info(
            "tick started",
            metadata: [
                "tick.time": "\(time.iso8601())", "tick.window": "\(plan.primary)",
                "tick.checkpoint": "\(plan.checkpoint.map { "\($0)" } ?? "none")", "tick.channels": "\(channels.count)",
                "tick.store": "\(store.displayName)", "tick.source": "\(source.displayName)",
            ])
        var jobs = await planJobs(plan, timing: &timing)
        let deadline = started + configuration.deadline
        let (passes, metadataWritten) = await work(&jobs, started: started, deadline: deadline, timing: &timing)
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
                "tick.seconds": "\(Self.seconds(ContinuousClock.now - started))",
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

    /// Fetches, stores and records the jobs without an outcome, then retries the incomplete
    /// ones every `retryInterval` until `retryWindow` (from `started`) or the pass limit.
    /// Fetches stop at `deadline`; no retry pass starts that could not finish before it.
    /// - Returns: the retry passes made and the metadata files written.
    func work(
        _ jobs: inout [TickJob], started: ContinuousClock.Instant, deadline: ContinuousClock.Instant, timing: inout Timing
    ) async -> (passes: Int, metadataWritten: Int) {
        let writer = ChunkWriter(store: store, logger: logger)
        var metadataWritten = 0
        var passes = 0
        var pending = jobs.indices.filter { jobs[$0].outcome == nil }
        while !pending.isEmpty && !Task.isCancelled {
            await runPass(&jobs, indices: pending, writer: writer, deadline: deadline, timing: &timing)
            metadataWritten += await record(&jobs, indices: pending, writer: writer, deadline: deadline, timing: &timing)
            pending = pending.filter { jobs[$0].retryable && jobs[$0].counts }
            guard !pending.isEmpty else { break }
            let elapsed = ContinuousClock.now - started
            guard elapsed + configuration.retryInterval <= configuration.retryWindow,
                passes < configuration.maximumRetryPasses, ContinuousClock.now + configuration.retryInterval < deadline
            else { break }
            passes += 1
            logger.info(
                "retrying incomplete channels",
                metadata: ["tick.pending": "\(pending.count)", "tick.pass": "\(passes)"])
            await sleep(configuration.retryInterval)
        }
        return (passes, metadataWritten)
    }

    // MARK: - Planning

    /// The jobs of the plan; windows the day metadata already records are marked stored.
    func planJobs(_ plan: TickPlan, timing: inout Timing) async -> [TickJob] {
        var jobs: [TickJob] = []
        let clock = ContinuousClock.now
        var metadataCache: [DayMetadataKey: DayMetadata?] = [:]
        for channel in channels {
            var candidates = [(plan.primary, plan.primaryKind, TickJob.Role.primary)]
            if let checkpoint = plan.checkpoint { candidates.append((checkpoint, .sixHours, .checkpoint)) }
            candidates += plan.lookBack.map { ($0, plan.primaryKind, .catchUp) }
            for (window, kind, role) in candidates {
                var job = TickJob(channel: channel, window: window, kind: kind, role: role)
                if await recordedEntry(job, cache: &metadataCache) != nil { job.outcome = .alreadyStored }
                // Catch-up windows only matter when they are missing.
                if role == .catchUp && job.outcome == .alreadyStored { continue }
                jobs.append(job)
            }
        }
        timing.upload += ContinuousClock.now - clock
        return jobs
    }

    /// The entry recording this job's window, if the day metadata has one.
    func recordedEntry(_ job: TickJob, cache: inout [DayMetadataKey: DayMetadata?]) async -> ChunkEntry? {
        guard let rate = job.channel.sampleRate,
            let channelKey = try? ChannelKey(sourceID: job.channel.sourceID, volcano: job.channel.volcano, sampleRate: rate),
            let chunkKey = try? ChunkKey(channel: channelKey, start: job.window.start, end: job.window.end)
        else { return nil }
        let dayKey = chunkKey.dayMetadataKey
        if cache[dayKey] == nil {
            let stored = try? await store.getIfPresent(dayKey.key)
            cache[dayKey] = .some(stored.flatMap { try? DayMetadata(json: $0.body) })
        }
        return cache[dayKey]??.entries(job.kind).first { $0.start == chunkKey.entryStart }
    }

    // MARK: - One pass

    /// Fetches and processes the given jobs: one source request per window length.
    func runPass(
        _ jobs: inout [TickJob], indices: [Int], writer: ChunkWriter, deadline: ContinuousClock.Instant,
        timing: inout Timing
    ) async {
        let byLength = Dictionary(grouping: indices) { jobs[$0].window.seconds }
        for (_, group) in byLength.sorted(by: { $0.key < $1.key }) {
            guard !Task.isCancelled else { return }
            let fetchStart = ContinuousClock.now
            let bytes: [UInt8]
            do throws(WaveformSourceError) {
                // Contiguous windows of a channel become one line: records on their
                // boundaries are then sent once, not once per window.
                let requests = WaveformRequest.coalesced(group.map { jobs[$0].request })
                let (source, logger) = (source, logger)
                let fetched = await Deadline.run(until: deadline) {
                    do throws(WaveformSourceError) {
                        return Result<[UInt8], WaveformSourceError>.success(try await source.fetch(requests, logger: logger))
                    } catch {
                        return .failure(error)
                    }
                }
                guard let fetched else { throw Self.deadlineError(configuration.deadline) }
                bytes = try fetched.get()
            } catch {
                timing.fetch += ContinuousClock.now - fetchStart
                for index in group {
                    jobs[index].attempts += 1
                    jobs[index].outcome = .failed
                    jobs[index].error = "\(error)"
                    jobs[index].retryable = error.code == .transient || error.code == .truncated
                    jobs[index].cutOffByDeadline = error.code == .deadline
                }
                logger.error("fetch failed", metadata: ["tick.requests": "\(group.count)", "error": "\(error)"])
                continue
            }
            timing.fetch += ContinuousClock.now - fetchStart
            // Decode one channel at a time (memory: the response plus one channel's traces).
            let byChannel = Dictionary(grouping: group) { jobs[$0].channel.sourceID }
            for (id, channelJobs) in byChannel.sorted(by: { $0.key < $1.key }) {
                guard !Task.isCancelled else { return }
                let decodeStart = ContinuousClock.now
                let traces = decode(bytes, channel: id)
                timing.processing += ContinuousClock.now - decodeStart
                for index in channelJobs {
                    await process(&jobs[index], traces: traces, writer: writer, timing: &timing)
                }
            }
        }
    }

    /// The channel's traces in a response (`Result` keeps a decoding failure for the jobs).
    func decode(_ bytes: [UInt8], channel id: SourceID) -> Result<[Trace], MiniSEEDError> {
        guard !bytes.isEmpty else {
            return .failure(MiniSEEDError(code: .noData, message: "the source returned no records"))
        }
        do {
            let read = try MiniSEEDReader().read(bytes) { $0 == id }
            for warning in read.warnings {
                logger.warning(
                    "record skipped",
                    metadata: ["channel": "\(id)", "byte.offset": "\(warning.byteOffset)", "reason": "\(warning.code)"])
            }
            return .success(read.traces)
        } catch {
            return .failure(error)
        }
    }

    /// Cuts one job's window from its channel's traces and uploads it.
    func process(
        _ job: inout TickJob, traces decoded: Result<[Trace], MiniSEEDError>, writer: ChunkWriter, timing: inout Timing
    ) async {
        job.attempts += 1
        job.retryable = false
        job.error = nil
        let processStart = ContinuousClock.now
        let id = job.channel.sourceID
        var samples: [Int32] = []
        let summary: WindowSummary
        let rate: Double
        do throws(MiniSEEDError) {
            let window = job.window
            let traces = try decoded.get().filter { $0.startTime < window.end && $0.endTime >= window.start }
            guard let first = traces.first else {
                throw MiniSEEDError(code: .noData, message: "no records of \(id) in \(job.window)")
            }
            rate = first.sampleRate
            summary = try configuration.processor.process(traces, channel: id, window: job.window, into: &samples)
        } catch {
            timing.processing += ContinuousClock.now - processStart
            job.outcome = error.code == .noData ? .noData : .failed
            job.error = error.code == .noData ? nil : "\(error)"
            job.retryable = true
            // Missing look-back windows are expected (that is why they are checked): debug only.
            logger.log(
                level: job.role == .catchUp ? .debug : .info, "no usable data",
                metadata: ["channel": "\(id)", "window": "\(job.window)", "reason": "\(error.message)"])
            return
        }
        timing.processing += ContinuousClock.now - processStart
        job.summary = summary
        guard summary.accepted else {
            job.outcome = .incomplete
            job.retryable = true
            logger.log(
                level: job.role == .catchUp ? .debug : .info, "window incomplete",
                metadata: [
                    "channel": "\(id)", "window": "\(job.window)",
                    "completeness": "\(String(format: "%.4f", summary.completeness))",
                ])
            return
        }
        if summary.clampedSamples > 0 {
            logger.warning("float samples clamped to int32", metadata: ["channel": "\(id)", "count": "\(summary.clampedSamples)"])
        }
        guard !configuration.dryRun else {
            job.outcome = .dryRun
            return
        }
        let uploadStart = ContinuousClock.now
        do {
            let key = try ChunkKey(
                channel: try ChannelKey(sourceID: id, volcano: job.channel.volcano, sampleRate: rate),
                start: job.window.start, end: job.window.end)
            let stored = try await writer.upload(samples, summary: summary, key: key)
            job.stored = stored
            job.outcome = stored.uploaded ? .stored : .unchanged
            logger.info(
                "chunk stored",
                metadata: [
                    "channel": "\(id)", "volcano": "\(job.channel.volcano)", "kind": "\(job.kind)",
                    "window": "\(job.window)", "samples": "\(summary.samples)", "gaps": "\(summary.gapCount)",
                    "gap.seconds": "\(summary.gapDurationSeconds)", "bytes.raw": "\(summary.samples * 4)",
                    "bytes.compressed": "\(stored.entry.compressedSizeBytes ?? 0)",
                    "ratio": "\(String(format: "%.3f", Double(stored.entry.compressedSizeBytes ?? 0) / Double(max(1, summary.samples * 4))))",
                    "uploaded": "\(stored.uploaded)",
                ])
        } catch let error as ChunkWriteError {
            job.outcome = .failed
            job.error = error.description
            job.retryable = error.storeError?.code == .transient
        } catch {
            job.outcome = .failed
            job.error = "\(error)"
        }
        timing.upload += ContinuousClock.now - uploadStart
    }

    /// The failure of a fetch the deadline cut off (not retried: the tick is over).
    static func deadlineError(_ deadline: Duration) -> WaveformSourceError {
        WaveformSourceError(
            code: .deadline,
            message: "the tick's deadline (TICK_DEADLINE_SECONDS=\(Int(seconds(deadline)))) passed while fetching; "
                + "the source is stalled or slow: the next tick's catch-up fetches these windows again")
    }

    /// Records the chunks this pass uploaded: one conditional write per day file. Station
    /// facts are asked for only while the deadline allows (they are optional).
    func record(
        _ jobs: inout [TickJob], indices: [Int], writer: ChunkWriter, deadline: ContinuousClock.Instant,
        timing: inout Timing
    ) async -> Int {
        let stored = indices.filter { jobs[$0].stored != nil && (jobs[$0].outcome == .stored || jobs[$0].outcome == .unchanged) }
        guard !stored.isEmpty else { return 0 }
        let start = ContinuousClock.now
        defer { timing.upload += ContinuousClock.now - start }
        var facts: [SourceID: StationFacts] = [:]
        let ids = Array(Set(stored.map { jobs[$0].channel.sourceID }))
        let (source, logger) = (source, logger)
        facts = await Deadline.run(until: deadline) { await source.stationFacts(for: ids, logger: logger) } ?? [:]
        var written = 0
        let byChannel = Dictionary(grouping: stored) { jobs[$0].channel.sourceID }
        for (id, group) in byChannel {
            do {
                let outcomes = try await writer.record(group.compactMap { jobs[$0].stored }, station: facts[id])
                written += outcomes.values.filter(\.written).count
            } catch {
                // The chunks are stored; the next tick (or a rerun) records them.
                for index in group {
                    jobs[index].outcome = .failed
                    jobs[index].error = "metadata: \(error)"
                    jobs[index].retryable = error.storeError?.code == .transient || error.code == .tooManyConflicts
                }
            }
        }
        return written
    }

    // MARK: - Summary

    struct Timing {
        var fetch: Duration = .zero
        var processing: Duration = .zero
        var upload: Duration = .zero
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    func summarize(
        _ jobs: [TickJob], plan: TickPlan, time: UTCTime, runStart: UTCTime, timing: Timing, passes: Int,
        metadataWritten: Int
    ) -> TickSummary {
        let results = jobs.map { job in
            TickSummary.Result(
                channel: job.channel.sourceID.description, volcano: job.channel.volcano, kind: job.kind.rawValue,
                start: job.window.start.iso8601(), end: job.window.end.iso8601(), role: job.role.rawValue,
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
            fetchTimeSeconds: Self.seconds(timing.fetch), processingTimeSeconds: Self.seconds(timing.processing),
            uploadTimeSeconds: Self.seconds(timing.upload), retryPasses: passes,
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
