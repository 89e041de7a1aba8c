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

    /// `NET STA LOC CHA START END`, as an FDSN bulk POST line (`--` for an empty location;
    /// times as `YYYY-MM-DDTHH:MM:SS`, UTC implied, as the FDSN specification and ObsPy write them).
    public var description: String {
        let location = channel.location.isEmpty ? "--" : channel.location
        return "\(channel.network) \(channel.station) \(location) \(channel.channel) "
            + "\(window.start.iso8601().dropLast()) \(window.end.iso8601().dropLast())"
    }
}
