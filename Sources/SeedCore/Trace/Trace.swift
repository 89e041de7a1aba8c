/// A contiguous run of samples of one channel: what ObsPy calls a `Trace`.
public struct Trace: Sendable, Equatable {
    /// The channel.
    public var id: SourceID
    /// The data quality indicator of the records the trace was read from.
    public var quality: Character
    /// Time of the first sample.
    public var startTime: UTCTime
    /// Samples per second.
    public var sampleRate: Double
    /// The samples.
    public var samples: TraceSamples

    /// Creates a trace.
    public init(id: SourceID, quality: Character = "D", startTime: UTCTime, sampleRate: Double, samples: TraceSamples) {
        self.id = id
        self.quality = quality
        self.startTime = startTime
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// Number of samples.
    public var count: Int { samples.count }

    /// Time of the last sample, computed as ObsPy's `Stats.endtime`.
    public var endTime: UTCTime {
        UTCTime(nanoseconds: ObsPyTime.endTime(start: startTime.nanoseconds, count: count, rate: sampleRate))
    }
}
