public import ChunkStore
import Foundation
public import Logging
public import SeedCore

/// The one way a window of a channel becomes a stored chunk (DESIGN "Processing", steps 4–6):
/// cut the window from the channel's decoded traces with ``WindowProcessor`` (each window
/// sees the traces that overlap it), keep it when complete enough, build its key under the
/// rate of its samples, compress and upload it (``ChunkWriter``), and record the uploaded
/// chunks in their day metadata, one conditional write per day file, after the chunks.
///
/// The cron tick, backfill (through the tick's engine), `/data` generation and `seiscron
/// ingest` all store through it and differ only in what they pass: the windows, the traces,
/// and when they record (``store(_:of:from:station:missLevel:each:)`` records as it goes; the
/// tick uploads every channel first and records after asking the source for station facts).
public struct WindowStorer: Sendable {
    /// Compresses, uploads and records.
    public var writer: ChunkWriter
    /// The SeedCore rules (95 % completeness).
    public var processor: WindowProcessor
    /// Cut and report, but write nothing.
    public var dryRun: Bool
    /// Per-window lines: misses at the caller's level, stored chunks at info, failures at error.
    public var logger: Logger

    /// Creates a storer.
    public init(writer: ChunkWriter, processor: WindowProcessor = WindowProcessor(), dryRun: Bool = false, logger: Logger) {
        self.writer = writer
        self.processor = processor
        self.dryRun = dryRun
        self.logger = logger
    }

    /// Creates a storer writing to `store` with a default ``ChunkWriter``.
    public init(store: any ObjectStore, processor: WindowProcessor = WindowProcessor(), dryRun: Bool = false, logger: Logger) {
        self.init(writer: ChunkWriter(store: store, logger: logger), processor: processor, dryRun: dryRun, logger: logger)
    }

    /// What ``store(_:of:from:station:missLevel:each:)`` did.
    public struct Report: Sendable {
        /// One outcome per window, in order (after recording).
        public var outcomes: [WindowOutcome] = []
        /// Day-metadata files written.
        public var metadataWritten = 0
        /// The first day file that could not be updated (its windows are ``WindowOutcome/Status/notStored``).
        public var metadataError: MetadataError?
    }

    // MARK: - Upload, then record as the windows move on

    /// Cuts, uploads and records windows of one channel in order: the chunks of a day file
    /// are recorded as soon as the next window belongs to another day, and at the end.
    ///
    /// Windows are cut one after the other; with `uploads` above 1, that many chunks are
    /// compressed and uploaded at once while the next windows are cut (001's parallel
    /// compression and upload). Outcomes still reach `each` and the day files in window
    /// (priority) order, and a chunk whose upload fails is simply not recorded: the others
    /// of its day file are.
    /// - Parameters:
    ///   - windows: the windows, in time order.
    ///   - home: the channel and its volcano.
    ///   - traces: the channel's traces (decoded once), or why there are none.
    ///   - station: station facts to record with the chunks.
    ///   - missLevel: the level of "no usable data" and "window incomplete" lines.
    ///   - uploads: chunks compressed and uploaded at once (at least 1; 1 reuses one sample buffer).
    ///   - each: called with every window's outcome after its upload (before recording), in order.
    /// - Returns: the outcomes after recording, and what the recording did.
    public func store(
        _ windows: [ChunkWindow], of home: ChannelHome, from traces: Result<[Trace], MiniSEEDError>,
        station: StationFacts? = nil, missLevel: Logger.Level = .info, uploads: Int = 1,
        each: (WindowOutcome) async -> Void = { _ in }
    ) async -> Report {
        var report = Report()
        var pending: [Int] = []
        func flush() async {
            guard !pending.isEmpty else { return }
            var batch = pending.map { report.outcomes[$0] }
            switch await record(&batch, station: station) {
            case .success(let written): report.metadataWritten += written
            case .failure(let error): report.metadataError = report.metadataError ?? error
            }
            for (index, outcome) in zip(pending, batch) { report.outcomes[index] = outcome }
            pending.removeAll()
        }
        /// Takes the next outcome in window order: its day file is recorded first when it starts another day.
        func take(_ outcome: WindowOutcome) async {
            if let day = pending.first.flatMap({ report.outcomes[$0].chunk?.key.day }),
                CalendarDay(containing: outcome.window.window.start) != day
            {
                await flush()
            }
            if outcome.isInStore { pending.append(report.outcomes.count) }
            report.outcomes.append(outcome)
            await each(outcome)
        }
        await withTaskGroup(of: (Int, WindowOutcome).self) { group in
            var samples: [Int32] = []
            var done: [Int: WindowOutcome] = [:]
            var running = 0
            func takeReady() async {
                while let outcome = done.removeValue(forKey: report.outcomes.count) { await take(outcome) }
            }
            func finishOne() async {
                guard let (index, outcome) = await group.next() else { return }
                running -= 1
                done[index] = outcome
                await takeReady()
            }
            for (index, window) in windows.enumerated() {
                while running >= max(1, uploads) { await finishOne() }
                let started = ContinuousClock.now
                let cut = self.cut(window, of: home, from: traces, missLevel: missLevel, samples: &samples)
                let cutDuration = ContinuousClock.now - started
                switch cut {
                case .refused(var outcome):
                    outcome.cutDuration = cutDuration
                    done[index] = outcome
                case .accepted(let summary) where dryRun:
                    var outcome = WindowOutcome(window: window, status: .dryRun, summary: summary)
                    outcome.cutDuration = cutDuration
                    done[index] = outcome
                case .accepted(let summary):
                    running += 1
                    let chunkSamples = samples  // shared until the next cut writes its own
                    group.addTask {
                        let uploadStart = ContinuousClock.now
                        var outcome = await self.put(window, of: home, summary: summary, samples: chunkSamples)
                        outcome.cutDuration = cutDuration
                        outcome.uploadDuration = ContinuousClock.now - uploadStart
                        return (index, outcome)
                    }
                    if uploads <= 1 { await finishOne() }
                }
                await takeReady()
            }
            while running > 0 { await finishOne() }
        }
        await flush()
        return report
    }

    // MARK: - The two steps

    /// Cuts one window from the channel's traces and uploads it when complete enough (not
    /// yet recorded: ``record(_:station:)``).
    /// - Parameters:
    ///   - window: the window.
    ///   - home: the channel and its volcano; the key takes the rate of the window's samples.
    ///   - traces: the channel's traces, or why there are none.
    ///   - missLevel: the level of "no usable data" and "window incomplete" lines.
    ///   - samples: a buffer reused across windows.
    public func upload(
        _ window: ChunkWindow, of home: ChannelHome, from traces: Result<[Trace], MiniSEEDError>,
        missLevel: Logger.Level = .info, samples: inout [Int32]
    ) async -> WindowOutcome {
        let started = ContinuousClock.now
        let cut = self.cut(window, of: home, from: traces, missLevel: missLevel, samples: &samples)
        let cutDone = ContinuousClock.now
        var outcome: WindowOutcome
        switch cut {
        case .refused(let refused):
            outcome = refused
        case .accepted(let summary) where dryRun:
            outcome = WindowOutcome(window: window, status: .dryRun, summary: summary)
        case .accepted(let summary):
            outcome = await put(window, of: home, summary: summary, samples: samples)
            outcome.uploadDuration = ContinuousClock.now - cutDone
        }
        outcome.cutDuration = cutDone - started
        return outcome
    }

    /// A window cut from the traces, or what it came to instead.
    private enum Cut {
        case accepted(WindowSummary)
        case refused(WindowOutcome)
    }

    /// Steps 4–5: the window on the sample grid from the traces that overlap it, and whether
    /// it is complete enough.
    private func cut(
        _ window: ChunkWindow, of home: ChannelHome, from traces: Result<[Trace], MiniSEEDError>,
        missLevel: Logger.Level, samples: inout [Int32]
    ) -> Cut {
        let id = home.sourceID
        let span = window.window
        let summary: WindowSummary
        do throws(MiniSEEDError) {
            let overlapping = try traces.get().filter { $0.startTime < span.end && $0.endTime >= span.start }
            guard !overlapping.isEmpty else {
                throw MiniSEEDError(code: .noData, message: "no records of \(id) in \(span)")
            }
            summary = try processor.process(overlapping, channel: id, window: span, into: &samples)
        } catch {
            logger.log(
                level: missLevel, "no usable data",
                metadata: ["channel": "\(id)", "window": "\(span)", "reason": "\(error.message)"])
            return .refused(
                error.code == .noData
                    ? WindowOutcome(window: window, status: .noData, retryable: true)
                    : WindowOutcome(window: window, status: .unprocessable, error: "\(error)", retryable: true))
        }
        guard summary.accepted else {
            logger.log(
                level: missLevel, "window incomplete",
                metadata: [
                    "channel": "\(id)", "window": "\(span)", "completeness": "\(String(format: "%.4f", summary.completeness))",
                ])
            return .refused(WindowOutcome(window: window, status: .incomplete, summary: summary, retryable: true))
        }
        if summary.clampedSamples > 0 {
            logger.warning("float samples clamped to int32", metadata: ["channel": "\(id)", "count": "\(summary.clampedSamples)"])
        }
        return .accepted(summary)
    }

    /// Step 6: the key under the samples' rate, compressed and uploaded (skipped when the
    /// same bytes are stored).
    private func put(_ window: ChunkWindow, of home: ChannelHome, summary: WindowSummary, samples: [Int32]) async
        -> WindowOutcome
    {
        let id = home.sourceID
        let span = window.window
        if let expected = home.sampleRate, expected != summary.sampleRate {
            logger.warning(
                "the data's sample rate is not the channel's; filed under the data's",
                metadata: ["channel": "\(id)", "rate.expected": "\(expected)", "rate.data": "\(summary.sampleRate)"])
        }
        do {
            guard let channel = try home.channelKey(rate: summary.sampleRate) else {
                throw ChunkKeyError(code: .invalidSampleRate, field: "sample_rate", message: "no sample rate")
            }
            let key = try ChunkKey(channel: channel, start: span.start, end: span.end)
            let chunk = try await writer.upload(samples, summary: summary, key: key)
            let compressed = chunk.entry.compressedSizeBytes ?? 0
            logger.info(
                "chunk stored",
                metadata: [
                    "channel": "\(id)", "volcano": "\(home.volcano)", "kind": "\(window.kind)", "window": "\(span)",
                    "samples": "\(summary.samples)", "gaps": "\(summary.gapCount)",
                    "gap.seconds": "\(summary.gapDurationSeconds)", "bytes.raw": "\(summary.samples * 4)",
                    "bytes.compressed": "\(compressed)",
                    "ratio": "\(String(format: "%.3f", Double(compressed) / Double(max(1, summary.samples * 4))))",
                    "uploaded": "\(chunk.uploaded)",
                ])
            return WindowOutcome(window: window, status: chunk.uploaded ? .stored : .unchanged, summary: summary, chunk: chunk)
        } catch {
            logger.error("window not stored", metadata: ["channel": "\(id)", "window": "\(span)", "error": "\(error)"])
            let retryable = (error as? ChunkWriteError)?.storeError?.code == .transient
            return WindowOutcome(window: window, status: .notStored, summary: summary, error: "\(error)", retryable: retryable)
        }
    }

    /// Records the chunks of these outcomes that are in the store in their day files: one
    /// conditional write per day file. When a file cannot be updated, every chunk of the
    /// call becomes ``WindowOutcome/Status/notStored`` (the chunks stay; the next run
    /// records them).
    /// - Parameters:
    ///   - outcomes: outcomes of ``upload(_:of:from:missLevel:samples:)``; the others are left alone.
    ///   - station: station facts to store with them, when known.
    /// - Returns: the day files written, or the first file's error.
    public func record(_ outcomes: inout [WindowOutcome], station: StationFacts?) async -> Result<Int, MetadataError> {
        let stored = outcomes.indices.filter { outcomes[$0].isInStore && outcomes[$0].chunk != nil }
        guard !stored.isEmpty else { return .success(0) }
        do {
            let written = try await writer.record(stored.compactMap { outcomes[$0].chunk }, station: station)
            return .success(written.values.filter(\.written).count)
        } catch {
            for index in stored {
                outcomes[index].status = .notStored
                outcomes[index].error = "metadata: \(error)"
                outcomes[index].retryable = error.storeError?.code == .transient || error.code == .tooManyConflicts
            }
            return .failure(error)
        }
    }
}
