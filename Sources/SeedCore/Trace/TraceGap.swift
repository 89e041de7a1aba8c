/// A gap (or overlap) between two consecutive traces of one channel, as libmseed's `msi -G`
/// and ObsPy's `Stream.print_gaps()` list them: what `seiscron inspect` prints.
public struct TraceGap: Sendable, Hashable {
    /// The channel.
    public var id: SourceID
    /// Time of the last sample before the gap.
    public var lastSample: UTCTime
    /// Time of the first sample after the gap.
    public var nextSample: UTCTime
    /// Seconds between where the next sample was due (last sample + one period) and the next
    /// sample; negative for an overlap.
    public var seconds: Double
    /// Missing samples (negative: overlapping samples), `seconds × rate` rounded half away from 0.
    public var samples: Int

    /// Creates a gap.
    public init(id: SourceID, lastSample: UTCTime, nextSample: UTCTime, seconds: Double, samples: Int) {
        self.id = id
        self.lastSample = lastSample
        self.nextSample = nextSample
        self.seconds = seconds
        self.samples = samples
    }

    /// The gaps and overlaps between the traces of each channel, channels in ``SourceID``
    /// order, traces by start time.
    ///
    /// Traces without samples or without a sample grid (rate 0, as text and `LOG` records
    /// have, or a rate that is not finite) have no gaps and are left out.
    public static func list(_ traces: [Trace]) -> [TraceGap] {
        let timed = traces.filter {
            $0.count > 0 && $0.sampleRate > 0 && $0.sampleRate.isFinite && $0.samples.kind != .text
        }
        let byChannel = Dictionary(grouping: timed, by: \.id)
        var gaps: [TraceGap] = []
        for id in byChannel.keys.sorted() {
            let sorted = (byChannel[id] ?? []).sorted { $0.startTime < $1.startTime }
            for (left, right) in zip(sorted, sorted.dropFirst()) {
                let seconds = Double(right.startTime.nanoseconds &- left.endTime.nanoseconds) / 1e9 - 1.0 / left.sampleRate
                let samples = ObsPyTime.roundAway(seconds * left.sampleRate)
                guard samples != 0 else { continue }
                gaps.append(
                    TraceGap(
                        id: id, lastSample: left.endTime, nextSample: right.startTime, seconds: seconds,
                        samples: samples))
            }
        }
        return gaps
    }
}
