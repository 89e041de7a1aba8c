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
    /// - Parameters:
    ///   - windows: the windows, in time order.
    ///   - home: the channel and its volcano.
    ///   - traces: the channel's traces (decoded once), or why there are none.
    ///   - station: station facts to record with the chunks.
    ///   - missLevel: the level of "no usable data" and "window incomplete" lines.
    ///   - each: called with every window's outcome after its upload (before recording).
    /// - Returns: the outcomes after recording, and what the recording did.
    public func store(
        _ windows: [ChunkWindow], of home: ChannelHome, from traces: Result<[Trace], MiniSEEDError>,
        station: StationFacts? = nil, missLevel: Logger.Level = .info, each: (WindowOutcome) async -> Void = { _ in }
    ) async -> Report {
        var report = Report()
        var pending: [Int] = []
        var samples: [Int32] = []
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
        for window in windows {
            if let day = pending.first.flatMap({ report.outcomes[$0].chunk?.key.day }),
                CalendarDay(containing: window.window.start) != day
            {
                await flush()
            }
            let outcome = await upload(window, of: home, from: traces, missLevel: missLevel, samples: &samples)
            if outcome.isInStore { pending.append(report.outcomes.count) }
            report.outcomes.append(outcome)
            await each(outcome)
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
        var outcome = await cutAndUpload(window, of: home, from: traces, missLevel: missLevel, samples: &samples)
        outcome.cutDuration = (outcome.cutDuration == .zero ? ContinuousClock.now - started : outcome.cutDuration)
        return outcome
    }

    private func cutAndUpload(
        _ window: ChunkWindow, of home: ChannelHome, from traces: Result<[Trace], MiniSEEDError>,
        missLevel: Logger.Level, samples: inout [Int32]
    ) async -> WindowOutcome {
        let started = ContinuousClock.now
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
            return error.code == .noData
                ? WindowOutcome(window: window, status: .noData, retryable: true)
                : WindowOutcome(window: window, status: .unprocessable, error: "\(error)", retryable: true)
        }
        guard summary.accepted else {
            logger.log(
                level: missLevel, "window incomplete",
                metadata: [
                    "channel": "\(id)", "window": "\(span)", "completeness": "\(String(format: "%.4f", summary.completeness))",
                ])
            return WindowOutcome(window: window, status: .incomplete, summary: summary, retryable: true)
        }
        if summary.clampedSamples > 0 {
            logger.warning("float samples clamped to int32", metadata: ["channel": "\(id)", "count": "\(summary.clampedSamples)"])
        }
        let cut = ContinuousClock.now
        guard !dryRun else { return WindowOutcome(window: window, status: .dryRun, summary: summary) }
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
            var outcome = WindowOutcome(
                window: window, status: chunk.uploaded ? .stored : .unchanged, summary: summary, chunk: chunk)
            (outcome.cutDuration, outcome.uploadDuration) = (cut - started, ContinuousClock.now - cut)
            return outcome
        } catch {
            logger.error("window not stored", metadata: ["channel": "\(id)", "window": "\(span)", "error": "\(error)"])
            let retryable = (error as? ChunkWriteError)?.storeError?.code == .transient
            var outcome = WindowOutcome(
                window: window, status: .notStored, summary: summary, error: "\(error)", retryable: retryable)
            (outcome.cutDuration, outcome.uploadDuration) = (cut - started, ContinuousClock.now - cut)
            return outcome
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
