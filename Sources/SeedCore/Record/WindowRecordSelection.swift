/// Chooses, from record headers alone, the records one time window needs, so that a reader
/// decodes a window of a long file rather than the whole file.
///
/// What a window's result depends on, and so what is kept per channel:
/// - every record with a sample within ``marginSamples`` sample periods of the window (the
///   cut takes the sample *nearest* each grid position, and ObsPy's trim for the gap
///   statistics keeps the nearest samples to the window's first and last sample times);
/// - the nearest record before and the nearest record after those that decode: a gap
///   across a window edge is filled by ObsPy's merge from the last sample before it and the
///   first sample after it, and data reaching past the window's end decides the leading-edge
///   rule.
///
/// This gives ObsPy's whole-file result only when the merge of the whole channel is a plain
/// concatenation with gaps: one sample rate, one sample kind, no record overlapping another,
/// every record on one sample grid (its start within 1 % of a sample period of the others'),
/// and that grid not within 5 % of a half-sample tie with the window's edges. A channel that is
/// not so regular — overlaps decide which trace wins, the first trace fixes the grid the others
/// are snapped to — keeps all its records, as does a channel with text or undecodable records.
///
/// ```swift
/// let selection = WindowRecordSelection(window: window)
/// let keep = selection.select(records) { index in decodes(index) }
/// ```
public struct WindowRecordSelection: Sendable {
    /// What the selection reads from one record's header.
    public struct Record: Sendable, Hashable {
        /// Records of one channel share a number (any numbering of the channels).
        public var channel: Int
        /// Time of the first sample.
        public var startTime: UTCTime
        /// Number of samples.
        public var sampleCount: Int
        /// Sample rate in Hz.
        public var sampleRate: Double
        /// The kind of samples its encoding yields (nil: an encoding no reader decodes).
        public var kind: SampleKind?

        /// Creates a record description from its fields.
        public init(channel: Int, startTime: UTCTime, sampleCount: Int, sampleRate: Double, kind: SampleKind?) {
            self.channel = channel
            self.startTime = startTime
            self.sampleCount = sampleCount
            self.sampleRate = sampleRate
            self.kind = kind
        }

        /// Creates a record description from a parsed header.
        public init(channel: Int, header: RecordHeader) {
            self.init(
                channel: channel,
                startTime: header.startTime,
                sampleCount: header.sampleCount,
                sampleRate: header.sampleRate,
                kind: header.encoding.sampleKind
            )
        }
    }

    /// The window whose records are wanted.
    public var window: TimeWindow
    /// Sample periods around the window within which every record is kept (default 2: the
    /// nearest sample to an edge is at most half a period away).
    public var marginSamples: Int

    /// Creates a selection for `window`.
    public init(window: TimeWindow, marginSamples: Int = 2) {
        self.window = window
        self.marginSamples = marginSamples
    }

    /// The indices of `records` (all channels, in input order) to decode.
    ///
    /// - Parameters:
    ///   - records: the records, in input order.
    ///   - decodes: whether the record at an index decodes; asked only of the neighbours
    ///     before and after a window, so that a corrupt neighbour gives way to the next one
    ///     (as the whole-file merge, which skips it, would use the next one). The corrupt one
    ///     stays selected, so that its reader warns about it as a whole-file read does.
    /// - Returns: ascending indices.
    public func select(_ records: [Record], decodes: (Int) -> Bool) -> [Int] {
        var byChannel: [Int: [Int]] = [:]
        for index in records.indices { byChannel[records[index].channel, default: []].append(index) }
        var kept: [Int] = []
        for indices in byChannel.values {
            kept += select(channel: indices, of: records, decodes: decodes) ?? indices
        }
        return kept.sorted()
    }

    /// The records of one channel the window needs, or nil when the channel is not regular.
    private func select(channel indices: [Int], of records: [Record], decodes: (Int) -> Bool) -> [Int]? {
        let withSamples = indices.filter { records[$0].sampleCount > 0 }
        guard let first = withSamples.first else { return [] }
        let rate = records[first].sampleRate
        let kind = records[first].kind
        guard rate > 0, rate.isFinite, let kind, kind != .text else { return nil }
        guard withSamples.allSatisfy({ records[$0].sampleRate == rate && records[$0].kind == kind }) else { return nil }
        // Sample positions relative to the window's start, in periods.
        func position(_ time: Int64) -> Double { Double(time &- window.start.nanoseconds) / 1e9 * rate }
        let origin = position(records[first].startTime.nanoseconds)
        let originPhase = origin - origin.rounded()
        var low = 0.0
        var high = 0.0
        for index in withSamples {
            let p = position(records[index].startTime.nanoseconds) - origin
            let phase = p - p.rounded()
            low = Swift.min(low, phase)
            high = Swift.max(high, phase)
        }
        guard high - low <= 0.02 else { return nil }
        // The grid must not sit near a half-sample tie with the window's edges.
        let endOffset = position(window.end.nanoseconds)
        for edge in [0.0, endOffset] {
            let tie = originPhase - edge - (originPhase - edge).rounded()
            guard abs(abs(tie) - 0.5) >= 0.05 else { return nil }
        }
        // In time order no record may start before an earlier one ends.
        let sorted = withSamples.sorted { records[$0].startTime < records[$1].startTime }
        var end = Int.min
        for index in sorted {
            let start = Int((position(records[index].startTime.nanoseconds) - originPhase).rounded())
            guard start >= end else { return nil }
            end = start + records[index].sampleCount
        }
        // Records with a sample in the window widened by the margin; then the neighbours.
        let from = -Double(marginSamples)
        let to = endOffset + Double(marginSamples)
        var kept: [Int] = []
        var firstKept: Int?
        var lastKept: Int?
        for (place, index) in sorted.enumerated() {
            let start = position(records[index].startTime.nanoseconds)
            let stop = start + Double(records[index].sampleCount - 1)
            if stop >= from && start <= to {
                kept.append(index)
                if firstKept == nil { firstKept = place }
                lastKept = place
            }
        }
        let before: ArraySlice<Int>
        let after: ArraySlice<Int>
        if let firstKept, let lastKept {
            before = sorted[..<firstKept]
            after = sorted[(lastKept + 1)...]
        } else {
            let split = sorted.firstIndex { position(records[$0].startTime.nanoseconds) > to } ?? sorted.endIndex
            before = sorted[..<split]
            after = sorted[split...]
        }
        // Neighbours that do not decode are kept too: the reader skips them with the warning
        // the whole-input read gives.
        for index in before.reversed() {
            kept.append(index)
            if decodes(index) { break }
        }
        for index in after {
            kept.append(index)
            if decodes(index) { break }
        }
        return kept
    }
}
