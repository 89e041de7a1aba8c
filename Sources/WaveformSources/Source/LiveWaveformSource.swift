public import Logging
public import SeedCore

/// A waveform source that pushes: records arrive as the stations send them, and the source
/// is followed, not asked (the pull shape is ``WaveformSource``). Following yields each record
/// once, decoded, in the order the source delivered it (per channel, time order), with the
/// position that resumes right after it: a follower that keeps the last position it handled
/// and follows again from it after a restart loses and repeats nothing the source still holds.
public protocol LiveWaveformSource: Sendable {
    /// Where a follower stands in the feed; kept (it is `Codable`) to resume.
    associatedtype Position: Sendable & Codable & Equatable

    /// For logs: `seedlink rtserve.earthscope.org:18000`.
    var displayName: String { get }

    /// The position of a follower that has received nothing: each channel starts at the
    /// source's newest data.
    var start: Position { get }

    /// The records of `channels` from `position` on, for as long as the iterating task runs;
    /// the sequence throws only `CancellationError` (connection faults are retried inside).
    /// Iteration paces the source: the next record is read after the previous one was taken.
    func records(
        of channels: [SourceID], from position: Position, logger: Logger
    ) -> LiveRecords<Position>
}

/// One record of a live feed: its channel, the record as received, its decoded samples and
/// where the feed stands once it is taken.
public struct LiveSourceRecord<Position: Sendable>: Sendable {
    /// The record's channel.
    public var channel: SourceID
    /// The miniSEED record as the source sent it.
    public var bytes: [UInt8]
    /// Its samples, decoded by SeedCore (one trace).
    public var trace: Trace
    /// The feed's position including this record.
    public var position: Position

    /// Creates a record.
    public init(channel: SourceID, bytes: [UInt8], trace: Trace, position: Position) {
        self.channel = channel
        self.bytes = bytes
        self.trace = trace
        self.position = position
    }
}
