public import ChunkStore
import AsyncAlgorithms
public import Logging
public import SeedCore
public import WaveformSources

/// Follows a live feed for the configured channels and stores each window as soon as its last
/// sample arrived, through the ``WindowStorer`` — the bytes the cron's tick would store from
/// the same records (``LiveWindowCloser`` gives each window the traces the tick would decode).
/// A window the day metadata already records (the cron or an earlier run stored it) is not
/// stored again; one under 95 % is left to the cron. Windows are stored while the feed is read,
/// at most ``storesAtOnce`` at a time; when that many are in flight, reading waits (the feed
/// slows down over TCP; memory does not grow).
public struct LiveFollower<Source: LiveWaveformSource>: Sendable {
    /// The feed.
    public var source: Source
    /// The channels followed.
    public var channels: [SelectedChannel]
    /// How windows are stored.
    public var storer: WindowStorer
    /// The window every chunk covers (the tick's `CRON_DATA_DURATION_MINUTES`).
    public var kind: ChunkKind
    /// Station facts recorded with the chunks (asked once by the caller; may be empty).
    public var stationFacts: [SourceID: StationFacts]
    /// Windows stored at once.
    public var storesAtOnce: Int
    /// Where each window and each fault is logged.
    public var logger: Logger

    /// The window length, seconds.
    let windowSeconds: Int64

    /// A follower of `channels` on `source`; `kind` must be a known chunk kind.
    public init(
        source: Source, channels: [SelectedChannel], storer: WindowStorer, kind: ChunkKind = .tenMinutes,
        stationFacts: [SourceID: StationFacts] = [:], storesAtOnce: Int = 4, logger: Logger
    ) {
        self.source = source
        self.channels = channels
        self.storer = storer
        guard let seconds = kind.seconds else { preconditionFailure("\(kind) is not a chunk kind with a length") }
        self.kind = kind
        self.windowSeconds = seconds
        self.stationFacts = stationFacts
        self.storesAtOnce = max(1, storesAtOnce)
        self.logger = logger
    }

    /// What one closed window came to.
    public struct Stored: Sendable {
        /// The channel.
        public var channel: SourceID
        /// The storer's outcome (`nil`: the day metadata already recorded the window; not stored again).
        public var outcome: WindowOutcome?
    }

    /// A follower's running state that outlives ``follow(from:until:each:)``: where to resume.
    public final class Checkpoint: Sendable {
        let progress: LiveProgress<Source.Position>
        init(from position: Source.Position) { progress = LiveProgress(from: position) }
        /// The position a restart resumes from losing nothing: at or before the oldest record
        /// of a window not yet stored.
        public var resumePosition: Source.Position { progress.resumePosition }
    }

    /// A checkpoint starting at `position` for ``follow(from:until:each:)``.
    public func checkpoint(from position: Source.Position) -> Checkpoint { Checkpoint(from: position) }

    /// Follows the feed from the checkpoint's position until `stop` returns (a shutdown) or the
    /// calling task is cancelled; then it stops reading, finishes the stores in flight (not
    /// cancelled by a shutdown: a window complete when `stop` returned is stored) and returns.
    /// `each` gets every closed window's result, in the order stores finish.
    public func follow(
        _ checkpoint: Checkpoint, until stop: @escaping @Sendable () async -> Void,
        each: @escaping @Sendable (Stored) async -> Void = { _ in }
    ) async {
        let closed = AsyncChannel<(SelectedChannel, LiveWindowCloser.Closed, ticket: Int)>()
        let reader = Task { await read(checkpoint.progress, into: closed) }
        let stopper = Task {
            await stop()
            reader.cancel()
        }
        await withTaskCancellationHandler {
            var inFlight: [Task<Void, Never>] = []
            // Unstructured: a shutdown ends the reading, not the stores in flight.
            var windows = closed.makeAsyncIterator()
            while let (channel, window, ticket) = await windows.next() {
                if inFlight.count >= storesAtOnce { await inFlight.removeFirst().value }
                inFlight.append(
                    Task {
                        let result = await store(window, of: channel)
                        checkpoint.progress.stored(ticket)
                        await each(result)
                    })
            }
            for task in inFlight { await task.value }
        } onCancel: {
            reader.cancel()
        }
        stopper.cancel()
        reader.cancel()
    }

    /// Reads the feed, closes windows and hands each to the storing side until cancelled.
    private func read(
        _ progress: LiveProgress<Source.Position>,
        into closed: AsyncChannel<(SelectedChannel, LiveWindowCloser.Closed, ticket: Int)>
    ) async {
        defer { closed.finish() }
        let byID = Dictionary(channels.map { ($0.sourceID, $0) }, uniquingKeysWith: { first, _ in first })
        var closers: [SourceID: LiveWindowCloser] = [:]
        for await record in source.records(of: Array(byID.keys), from: progress.resumePosition, logger: logger) {
            guard let channel = byID[record.channel] else { continue }
            let arrival = progress.received(endingAt: record.trace.endTime, movingTo: record.position)
            var closer = closers[record.channel] ?? LiveWindowCloser(windowSeconds: windowSeconds)
            let windows = closer.add(record.trace, tag: arrival)
            progress.hold(
                record.channel, oldest: closer.oldestHeldTag,
                windowEnd: closer.openWindowStart.map { $0.adding(seconds: windowSeconds) })
            closers[record.channel] = closer
            // Ticketed before they are handed over: a window a shutdown keeps from its store
            // holds the resume point back.
            let tickets = windows.map { progress.storing(oldest: $0.oldestTag) }
            progress.settled()
            for (window, ticket) in zip(windows, tickets) {
                await closed.send((channel, window, ticket))
                if Task.isCancelled { return }
            }
        }
    }

    /// Stores one closed window unless its day metadata records it already.
    private func store(_ closed: LiveWindowCloser.Closed, of channel: SelectedChannel) async -> Stored {
        let window = ChunkWindow(kind: kind, window: closed.window)
        var recorded = RecordedWindows(store: storer.writer.store)
        if await recorded.contains(window, of: channel.home) {
            logger.debug("live: window already stored", metadata: ["channel": "\(channel.sourceID)", "window": "\(closed.window)"])
            return Stored(channel: channel.sourceID, outcome: nil)
        }
        let report = await storer.store(
            [window], of: channel.home, from: .success(closed.traces), station: stationFacts[channel.sourceID])
        return Stored(channel: channel.sourceID, outcome: report.outcomes.first)
    }
}
