import ChunkStore
public import SeedCore

/// What a backfill fetches: 10-minute windows of some channels over a time range (000's
/// `POST /api/backfill`, `seiscron backfill`).
public struct BackfillRequest: Sendable, Hashable {
    /// The channels.
    public var channels: [SelectedChannel]
    /// The range, widened to whole 10-minute windows.
    public var range: TimeWindow
    /// Refetch windows the day metadata already records (default: only fill gaps).
    public var force: Bool

    /// The longest range one request may cover (000: 1–168 hours).
    public static let maximumHours = 168

    /// Creates a request.
    /// - Parameters:
    ///   - channels: from ``ChannelSelector/channels(from:catalog:)``.
    ///   - start: the range's start (floored to 10 minutes).
    ///   - hours: 1–168.
    ///   - force: refetch what is stored.
    ///   - now: windows that end after it are left out (their data is not there yet).
    /// - Throws: ``FieldError`` naming `duration_hours` or `start_time`.
    public init(channels: [SelectedChannel], start: UTCTime, hours: Int, force: Bool, now: UTCTime)
        throws(FieldError)
    {
        guard (1...Self.maximumHours).contains(hours) else {
            throw FieldError(field: "duration_hours", message: "must be 1–\(Self.maximumHours) (got \(hours))")
        }
        // Whole windows of the backfill's kind, from the one holding `start` to the last ended by `now`.
        let first = BackfillPlan.kind.windowStart(containing: start) ?? start.flooredToSecond
        let due = BackfillPlan.kind.windowStart(containing: now) ?? now.flooredToSecond
        let last = min(first.adding(seconds: Int64(hours) * 3600), due)
        guard last > first else {
            throw FieldError(field: "start_time", message: "\(start.iso8601()) is not in the past")
        }
        self.channels = channels
        self.range = TimeWindow(start: first, end: last)
        self.force = force
    }
}
