/// What cutting one window produced: the numbers the day metadata and the run logs report.
public struct WindowSummary: Sendable, Hashable, Codable {
    /// Samples in the chunk: `seconds × rate`.
    public var samples: Int
    /// Sample rate in Hz.
    public var sampleRate: Double
    /// Smallest sample of the chunk.
    public var min: Int32
    /// Largest sample of the chunk.
    public var max: Int32
    /// Gaps inside the window, as ObsPy's `get_gaps()` counts them.
    public var gapCount: Int
    /// Summed gap duration in seconds.
    public var gapDurationSeconds: Double
    /// Summed missing samples of those gaps (filled by interpolation).
    public var gapSamplesFilled: Int
    /// Samples at the window's edges filled by holding the nearest real value.
    public var edgeFilledSamples: Int
    /// Samples that came from real (not interpolated, not held) data.
    public var realSamples: Int
    /// `realSamples / samples`.
    public var completeness: Double
    /// Whether completeness reaches the processor's minimum (95 % by default).
    public var accepted: Bool
    /// Float samples clamped to the int32 range (or NaN) while converting.
    public var clampedSamples: Int
    /// The gaps behind ``gapCount``, in time order (not part of the JSON line `seiscron
    /// process` prints: the day metadata records them, ``WindowGap``).
    public var gaps: [WindowGap] = []

    enum CodingKeys: String, CodingKey {
        case samples
        case sampleRate = "sample_rate"
        case min
        case max
        case gapCount = "gap_count"
        case gapDurationSeconds = "gap_duration_seconds"
        case gapSamplesFilled = "gap_samples_filled"
        case edgeFilledSamples = "edge_filled_samples"
        case realSamples = "real_samples"
        case completeness
        case accepted
        case clampedSamples = "clamped_samples"
    }
}
