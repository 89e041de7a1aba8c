import ChunkStore
import Logging
import SeedCore
import WaveformSources

/// Fetch → store → retry, shared by the cron tick and backfill: fetches the jobs' windows
/// with one source request per window length, splits each response per channel once
/// (``SourceResponse``), stores every window through the ``WindowStorer``, records the
/// stored chunks with the station facts (one conditional write per day file), and fetches
/// the incomplete ones again on the configuration's ``TickConfiguration/retrySchedule``. One
/// channel's failure never blocks another; fetches stop at the deadline.
struct TickEngine: Sendable {
    /// Where miniSEED comes from.
    var source: any WaveformSource
    /// How windows are stored.
    var storer: WindowStorer
    /// Delays, retries, the deadline.
    var configuration: TickConfiguration
    var logger: Logger
    /// The injected clock the deadline and the retry passes are scheduled on (a manual one in
    /// tests), read from when the engine was made.
    var stopwatch: Stopwatch

    /// The channels with their rates resolved from their stored keys, so the day metadata of
    /// channels outside the catalog can be found too. The catalog's rates are already there:
    /// the channels were selected from the process's catalog (`StationConfig.select(from:)`,
    /// `ChannelSelector`), which gives every channel it knows its nominal rate.
    func resolvingRates(_ channels: [SelectedChannel], near time: UTCTime) async -> [SelectedChannel] {
        let resolver = SampleRateResolver(catalog: StationCatalog(volcanoes: [:]), store: storer.writer.store)
        var resolved = channels
        for index in resolved.indices where resolved[index].sampleRate == nil {
            resolved[index].sampleRate = try? await resolver.storedRate(of: resolved[index].home, near: time)
        }
        return resolved
    }

    /// Fetches, stores and records the jobs without an outcome, then retries the incomplete
    /// ones: retry pass `k` starts `retrySchedule[k - 1]` after the first pass ended (30, 60,
    /// 90, 120 s by default), however long the passes take. Fetches stop at `deadline` (a
    /// point on the ``stopwatch``); no retry pass starts at or after it.
    /// - Returns: the retry passes made and the metadata files written.
    func run(
        _ jobs: inout [TickJob], deadline: Duration, timing: inout TickTiming
    ) async -> (passes: Int, metadataWritten: Int) {
        var metadataWritten = 0
        var passes = 0
        var pending = jobs.indices.filter { jobs[$0].outcome == nil }
        let schedule = configuration.retrySchedule
        var firstPassEnd: Duration?
        while !pending.isEmpty && !Task.isCancelled {
            await fetchAndUpload(&jobs, indices: pending, deadline: deadline, timing: &timing)
            metadataWritten += await record(&jobs, indices: pending, deadline: deadline, timing: &timing)
            let outages = pending.filter { jobs[$0].givenUpAsOutage && jobs[$0].counts }
            if !outages.isEmpty {
                logger.warning(
                    "no data twice: not retried in this tick",
                    metadata: [
                        "tick.windows": "\(outages.count)",
                        "tick.channels": "\(Set(outages.map { jobs[$0].channel.sourceID.description }).sorted().joined(separator: ","))",
                    ])
            }
            pending = pending.filter { jobs[$0].retryable && jobs[$0].counts }
            guard !pending.isEmpty, passes < schedule.count else { break }
            let anchor = firstPassEnd ?? stopwatch.elapsed
            firstPassEnd = anchor
            let start = anchor + schedule[passes]
            guard start < deadline else { break }
            passes += 1
            logger.info(
                "retrying incomplete channels",
                metadata: ["tick.pending": "\(pending.count)", "tick.pass": "\(passes)"])
            try? await stopwatch.sleep(until: start)
        }
        return (passes, metadataWritten)
    }

    /// One source request per window length; each channel's traces decoded once and its
    /// windows cut and uploaded.
    func fetchAndUpload(
        _ jobs: inout [TickJob], indices: [Int], deadline: Duration, timing: inout TickTiming
    ) async {
        let byLength = Dictionary(grouping: indices) { jobs[$0].window.window.seconds }
        var samples: [Int32] = []
        for (_, group) in byLength.sorted(by: { $0.key < $1.key }) {
            guard !Task.isCancelled else { return }
            let fetchStart = ContinuousClock.now
            let response: SourceResponse
            switch await fetch(group.map { jobs[$0].request }, deadline: deadline) {
            case .success(let bytes):
                timing.fetch += ContinuousClock.now - fetchStart
                let indexStart = ContinuousClock.now
                response = SourceResponse(bytes)
                timing.processing += ContinuousClock.now - indexStart
            case .failure(let error):
                timing.fetch += ContinuousClock.now - fetchStart
                for index in group {
                    jobs[index].attempts += 1
                    jobs[index].noDataPasses = 0
                    jobs[index].outcome = .failed
                    jobs[index].error = "\(error)"
                    jobs[index].retryable = error.code == .transient || error.code == .truncated
                    jobs[index].cutOffByDeadline = error.code == .deadline
                }
                logger.error("fetch failed", metadata: ["tick.requests": "\(group.count)", "error": "\(error)"])
                continue
            }
            // One channel at a time (memory: the response plus one channel's traces).
            let byChannel = Dictionary(grouping: group) { jobs[$0].channel.sourceID }
            for (id, channelJobs) in byChannel.sorted(by: { $0.key < $1.key }) {
                guard !Task.isCancelled else { return }
                let decodeStart = ContinuousClock.now
                let traces = response.traces(of: id, logger: logger)
                timing.processing += ContinuousClock.now - decodeStart
                for index in channelJobs {
                    let outcome = await storer.upload(
                        jobs[index].window, of: jobs[index].channel.home, from: traces,
                        missLevel: jobs[index].role.isLookBack ? .debug : .info, samples: &samples)
                    jobs[index].attempts += 1
                    jobs[index].take(outcome)
                    timing.processing += outcome.cutDuration
                    timing.upload += outcome.uploadDuration
                }
            }
        }
    }

    /// The records of the requests, or why there are none; the deadline cancels the fetch.
    func fetch(_ requests: [WaveformRequest], deadline: Duration) async
        -> Result<[UInt8], WaveformSourceError>
    {
        // Contiguous windows of a channel become one line: records on their boundaries are
        // then sent once, not once per window.
        let requests = WaveformRequest.coalesced(requests)
        let (source, logger) = (source, logger)
        let fetched = await Deadline.run(until: deadline, on: stopwatch) {
            do throws(WaveformSourceError) {
                return Result<[UInt8], WaveformSourceError>.success(try await source.fetch(requests, logger: logger))
            } catch {
                return .failure(error)
            }
        }
        return fetched ?? .failure(Self.deadlineError(configuration.deadline))
    }

    /// The failure of a fetch the deadline cut off (not retried: the tick is over).
    static func deadlineError(_ deadline: Duration) -> WaveformSourceError {
        WaveformSourceError(
            code: .deadline,
            message: "the tick's deadline (TICK_DEADLINE_SECONDS=\(Int(TickTiming.seconds(deadline)))) passed while fetching; "
                + "the source is stalled or slow: the next tick's catch-up fetches these windows again")
    }

    /// Records the chunks this pass uploaded, channel by channel: one conditional write per
    /// day file. Station facts are asked for only while the deadline allows (they are optional).
    /// - Returns: the day files written.
    func record(
        _ jobs: inout [TickJob], indices: [Int], deadline: Duration, timing: inout TickTiming
    ) async -> Int {
        let stored = indices.filter { jobs[$0].stored != nil && (jobs[$0].outcome == .stored || jobs[$0].outcome == .unchanged) }
        guard !stored.isEmpty else { return 0 }
        let start = ContinuousClock.now
        defer { timing.upload += ContinuousClock.now - start }
        let ids = Array(Set(stored.map { jobs[$0].channel.sourceID }))
        let (source, logger) = (source, logger)
        let facts =
            await Deadline.run(until: deadline, on: stopwatch) { await source.stationFacts(for: ids, logger: logger) }
            ?? [:]
        var written = 0
        for (id, group) in Dictionary(grouping: stored, by: { jobs[$0].channel.sourceID }) {
            var outcomes = group.map { index in
                WindowOutcome(
                    window: jobs[index].window, status: jobs[index].outcome == .stored ? .stored : .unchanged,
                    chunk: jobs[index].stored)
            }
            switch await storer.record(&outcomes, station: facts[id]) {
            case .success(let files):
                written += files
            case .failure:
                // The chunks are stored; the next tick (or a rerun) records them.
                for (index, outcome) in zip(group, outcomes) { jobs[index].take(outcome) }
            }
        }
        return written
    }
}
