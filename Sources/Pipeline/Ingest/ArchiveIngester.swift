public import ChunkStore
public import SeedCore

/// Cuts one channel's local miniSEED (an SDS archive, files from a colleague) into chunks of
/// one kind, on the kind's own grid as the cron's (``ChunkKind/windows(from:through:)``: 10 min
/// on the clock, 6 h at 00/06/12/18 UTC, days at midnight), and stores the windows that reach
/// the completeness threshold.
///
/// Windows are stored exactly as a tick stores fetched data (``WindowStorer``): each window
/// sees the traces that overlap it, and metadata is recorded once per day file, as soon as
/// the channel moves past that day. A rerun stores nothing new.
public struct ArchiveIngester: Sendable {
    /// Cuts, uploads and records the windows.
    public var storer: WindowStorer

    /// Creates an ingester.
    public init(storer: WindowStorer) { self.storer = storer }

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

    /// Ingests one channel.
    /// - Parameters:
    ///   - traces: the channel's traces (others are ignored).
    ///   - home: its SEED codes and the volcano its keys are filed under.
    ///   - kind: the chunk kind to cut.
    ///   - progress: called after each window with (done, total).
    /// - Throws: ``ChunkKeyError`` for an invalid volcano or codes; everything else is counted
    ///   in the report and logged, window by window.
    public func ingest(
        _ traces: [Trace], home: ChannelHome, kind: ChunkKind, progress: (Int, Int) -> Void = { _, _ in }
    ) async throws(ChunkKeyError) -> Report {
        let selected = traces.filter { $0.id == home.sourceID }.sorted { $0.startTime < $1.startTime }
        var report = Report(channel: home.sourceID.description)
        guard let first = selected.first?.startTime, let last = selected.map(\.endTime).max() else { return report }
        try ChannelKey.validate(home.sourceID)
        try ChannelKey.validate(volcano: home.volcano)
        let windows = kind.windows(from: first, through: last).map { ChunkWindow(kind: kind, window: $0) }
        report.windows = windows.count
        var done = 0
        let stored = await storer.store(windows, of: home, from: .success(selected)) { _ in
            done += 1
            progress(done, windows.count)
        }
        for outcome in stored.outcomes {
            switch outcome.status {
            case .stored: report.stored += 1
            case .unchanged: report.unchanged += 1
            case .incomplete: report.incomplete += 1
            case .unprocessable, .notStored: report.failed += 1
            case .noData, .dryRun: break
            }
        }
        report.metadataWritten = stored.metadataWritten
        return report
    }
}
