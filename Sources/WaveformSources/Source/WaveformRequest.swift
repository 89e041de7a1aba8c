public import SeedCore

/// One channel and window to fetch.
public struct WaveformRequest: Hashable, Sendable, CustomStringConvertible {
    /// The channel.
    public var channel: SourceID
    /// The window `[start, end)`.
    public var window: TimeWindow

    /// Creates a request.
    public init(channel: SourceID, window: TimeWindow) {
        self.channel = channel
        self.window = window
    }

    /// The shortest window ``halves`` splits: a request of less than twice this is not split.
    public static let shortestSplitSeconds: Int64 = 600

    /// The request for the first and the second half of the window, split at the last whole
    /// ``shortestSplitSeconds`` from its start before the middle (a day splits at 12:00, so
    /// windows of aligned requests stay aligned); `nil` when the window is shorter than twice
    /// that.
    public var halves: (WaveformRequest, WaveformRequest)? {
        let seconds = window.seconds
        guard seconds >= 2 * Self.shortestSplitSeconds else { return nil }
        let middle = window.start.adding(seconds: seconds / 2 / Self.shortestSplitSeconds * Self.shortestSplitSeconds)
        return (
            WaveformRequest(channel: channel, window: TimeWindow(start: window.start, end: middle)),
            WaveformRequest(channel: channel, window: TimeWindow(start: middle, end: window.end))
        )
    }

    /// `NET STA LOC CHA START END`, as an FDSN bulk POST line (`--` for an empty location;
    /// times as `YYYY-MM-DDTHH:MM:SS`, UTC implied, as the FDSN specification and ObsPy write them).
    public var description: String {
        let location = channel.location.isEmpty ? "--" : channel.location
        return "\(channel.network) \(channel.station) \(location) \(channel.channel) "
            + "\(window.start.iso8601().dropLast()) \(window.end.iso8601().dropLast())"
    }
}
