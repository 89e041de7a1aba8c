public import Logging
public import SeedCore

/// Cuts one channel's local miniSEED (an SDS archive, files from a colleague) into chunks of
/// one kind, aligned as the cron aligns them (10 min on the clock, 6 h at 00/06/12/18 UTC,
/// days at midnight), and stores the windows that reach the completeness threshold.
///
/// Windows are processed exactly as a tick processes fetched data (``WindowProcessor``):
/// each window sees the traces that overlap it. Metadata is recorded once per day file, as
/// soon as the channel moves past that day. A rerun stores nothing new.
public struct ArchiveIngester: Sendable {
    /// Stores the chunks.
    public var writer: ChunkWriter
    /// The SeedCore rules (95 % by default).
    public var processor: WindowProcessor
    /// Where windows below the threshold are logged (info).
    public var logger: Logger

    /// Creates an ingester.
    public init(writer: ChunkWriter, processor: WindowProcessor = WindowProcessor(), logger: Logger) {
        self.writer = writer
        self.processor = processor
        self.logger = logger
    }

    /// What happened to one channel.
    public struct Report: Sendable, Codable {
        /// `NET.STA.LOC.CHA`.
        public var channel: String
        /// Windows the data touches.
        public var windows = 0
        /// Chunks uploaded.
        public var stored = 0
        /// Chunks already stored with the same bytes.
        public var unchanged = 0
        /// Windows below the completeness threshold (not stored).
        public var incomplete = 0
        /// Windows that failed (decoding, store); see the log.
        public var failed = 0
        /// Day-metadata files written.
        public var metadataWritten = 0

        enum CodingKeys: String, CodingKey {
            case channel, windows, stored, unchanged, incomplete, failed
            case metadataWritten = "metadata_written"
        }
    }

    /// The windows of `kind` that data between `first` and `last` touches.
    public static func windows(kind: ChunkKind, from first: UTCTime, to last: UTCTime) -> [TimeWindow] {
        guard let seconds = kind.seconds, first <= last else { return [] }
        let firstSecond = first.secondsFloor
        var start = (firstSecond >= 0 ? firstSecond : firstSecond - seconds + 1) / seconds * seconds
        var windows: [TimeWindow] = []
        while UTCTime(seconds: start) <= last {
            windows.append(TimeWindow(start: UTCTime(seconds: start), end: UTCTime(seconds: start + seconds)))
            start += seconds
        }
        return windows
    }

    /// Ingests one channel.
    /// - Parameters:
    ///   - traces: the channel's traces (others are ignored).
    ///   - channel: its SEED codes.
    ///   - volcano: the volcano its keys are filed under.
    ///   - kind: the chunk kind to cut.
    ///   - progress: called after each window with (done, total).
    /// - Throws: ``ChunkKeyError`` for an invalid volcano or codes; everything else is counted
    ///   in the report and logged, window by window.
    public func ingest(
        _ traces: [Trace], channel: SourceID, volcano: String, kind: ChunkKind,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async throws(ChunkKeyError) -> Report {
        let selected = traces.filter { $0.id == channel }.sorted { $0.startTime < $1.startTime }
        var report = Report(channel: channel.description)
        guard let first = selected.first?.startTime, let last = selected.map(\.endTime).max() else { return report }
        try ChannelKey.validate(channel)
        try ChannelKey.validate(volcano: volcano)
        let windows = Self.windows(kind: kind, from: first, to: last)
        report.windows = windows.count
        var pending: [ChunkWriter.StoredChunk] = []
        var samples: [Int32] = []
        for (index, window) in windows.enumerated() {
            defer { progress(index + 1, windows.count) }
            if let day = pending.first?.key.day, CalendarDay(containing: window.start) != day {
                await flush(&pending, into: &report)
            }
            let overlapping = selected.filter { $0.startTime < window.end && $0.endTime >= window.start }
            guard let rate = overlapping.first?.sampleRate else { continue }
            do {
                let summary = try processor.process(overlapping, channel: channel, window: window, into: &samples)
                guard summary.accepted else {
                    report.incomplete += 1
                    logger.info(
                        "window below the completeness threshold, not stored",
                        metadata: [
                            "channel": "\(channel)", "window": "\(window)",
                            "completeness": "\(summary.completeness)",
                        ])
                    continue
                }
                let key = try ChunkKey(
                    channel: try ChannelKey(sourceID: channel, volcano: volcano, sampleRate: rate), start: window.start,
                    end: window.end)
                let chunk = try await writer.upload(samples, summary: summary, key: key)
                if chunk.uploaded { report.stored += 1 } else { report.unchanged += 1 }
                pending.append(chunk)
            } catch {
                report.failed += 1
                logger.error("window not stored", metadata: ["channel": "\(channel)", "window": "\(window)", "error": "\(error)"])
            }
        }
        await flush(&pending, into: &report)
        return report
    }

    private func flush(_ pending: inout [ChunkWriter.StoredChunk], into report: inout Report) async {
        guard !pending.isEmpty else { return }
        do {
            let outcomes = try await writer.record(pending)
            report.metadataWritten += outcomes.values.filter(\.written).count
        } catch {
            report.failed += pending.count
            report.stored -= pending.filter(\.uploaded).count
            report.unchanged -= pending.filter { !$0.uploaded }.count
        }
        pending.removeAll()
    }
}
