import Metrics
package import SeedCore

/// The newest minutes of every live channel and the listeners following them: each record
/// added is kept while it is newer than ``bufferDuration`` before the channel's newest sample
/// and sent to every listener of its channel; a new listener first gets what is kept, then
/// each record as it arrives. Bounded everywhere: listeners per channel and in all
/// (``LiveChannelsError/tooManyListeners(_:)``, `/live` answers 503), and per listener the
/// records queued and not yet taken — a listener that falls that far behind is ended
/// (``LiveListener/ended``) rather than let memory grow.
package actor LiveChannels {
    /// The limits.
    package struct Limits: Sendable {
        /// How much of each channel is kept (`LIVE_BUFFER_MINUTES`).
        package var bufferDuration: Duration
        /// Listeners of one channel.
        package var listenersPerChannel: Int
        /// Listeners of all channels.
        package var listeners: Int
        /// Records queued for one listener before it is ended as too slow.
        package var queuedRecords: Int

        /// Creates limits.
        package init(bufferDuration: Duration, listenersPerChannel: Int, listeners: Int, queuedRecords: Int) {
            self.bufferDuration = bufferDuration
            self.listenersPerChannel = listenersPerChannel
            self.listeners = listeners
            self.queuedRecords = queuedRecords
        }
    }

    private struct Listener {
        var continuation: AsyncStream<LiveRecord>.Continuation
        /// Kept records it was given on joining and has not taken yet (not counted as queued).
        var backlog: Int
        /// New records sent and not taken yet.
        var queued = 0
    }

    package nonisolated let limits: Limits
    /// `seiscache_live_listeners`: listeners of all channels, for `/metrics`.
    private let listenersGauge = Gauge(label: "seiscache_live_listeners")
    private var rings: [SourceID: [LiveRecord]] = [:]
    private var listeners: [SourceID: [Int: Listener]] = [:]
    private var nextID = 0

    /// Creates an empty set of channels.
    package init(limits: Limits) { self.limits = limits }

    /// The channels someone listens to (what the upstream connection must select).
    package var listenedChannels: Set<SourceID> { Set(listeners.filter { !$0.value.isEmpty }.keys) }

    /// Listeners of all channels.
    package var listenerCount: Int { listeners.values.reduce(0) { $0 + $1.count } }

    /// What is kept of `channel`, oldest first.
    package func kept(_ channel: SourceID) -> [LiveRecord] { rings[channel] ?? [] }

    /// Keeps `record` (unless one of the newest kept starts when it does: a repeat) and sends it
    /// to the channel's listeners. A record overlapping the newest one but starting earlier is
    /// data, as for the SeedLink client and the tick's merge: kept and sent.
    package func add(_ record: LiveRecord) {
        if rings[record.channel]?.suffix(16).contains(where: { $0.start == record.start }) == true { return }
        // Changed in place: a copy taken out of the dictionary would copy the whole ring per record.
        rings[record.channel, default: []].append(record)
        let horizon = record.end - Int64(limits.bufferDuration.components.seconds) * 1_000_000_000
        if let keep = rings[record.channel]?.firstIndex(where: { $0.end > horizon }), keep > 0 {
            rings[record.channel]?.removeFirst(keep)
        }
        for id in listeners[record.channel]?.keys.map({ $0 }) ?? [] {
            guard let listener = listeners[record.channel]?[id] else { continue }
            if listener.queued >= limits.queuedRecords {
                listener.continuation.finish()
                listeners[record.channel]?[id] = nil
                listenersGauge.record(listenerCount)
                continue
            }
            listeners[record.channel]?[id]?.queued += 1
            listener.continuation.yield(record)
        }
    }

    /// Starts following `channel`: the kept records, then each new one.
    /// - Throws: ``LiveChannelsError/tooManyListeners(_:)`` past either listener limit.
    package func listen(to channel: SourceID) throws(LiveChannelsError) -> LiveListener {
        guard listenerCount < limits.listeners else { throw .tooManyListeners("\(limits.listeners) listeners in all") }
        guard (listeners[channel]?.count ?? 0) < limits.listenersPerChannel else {
            throw .tooManyListeners("\(limits.listenersPerChannel) listeners of \(channel)")
        }
        let (stream, continuation) = AsyncStream.makeStream(of: LiveRecord.self, bufferingPolicy: .unbounded)
        let backlog = rings[channel] ?? []
        for record in backlog { continuation.yield(record) }
        let id = nextID
        nextID += 1
        listeners[channel, default: [:]][id] = Listener(continuation: continuation, backlog: backlog.count)
        listenersGauge.record(listenerCount)
        continuation.onTermination = { [weak self] _ in Task { await self?.remove(channel, id) } }
        return LiveListener(id: id, channel: channel, backlog: backlog.count, records: stream, channels: self)
    }

    /// Notes that a listener took a record off its queue.
    package func took(_ channel: SourceID, _ id: Int) {
        guard var listener = listeners[channel]?[id] else { return }
        if listener.backlog > 0 { listener.backlog -= 1 } else { listener.queued -= 1 }
        listeners[channel]?[id] = listener
    }

    /// Stops a listener.
    package func remove(_ channel: SourceID, _ id: Int) {
        listeners[channel]?[id]?.continuation.finish()
        listeners[channel]?[id] = nil
        if listeners[channel]?.isEmpty == true { listeners[channel] = nil }
        listenersGauge.record(listenerCount)
    }
}

/// One listener of a live channel: the kept records, oldest first, then each new one; the
/// sequence ends when the listener is stopped or was too slow (it had
/// ``LiveChannels/Limits/queuedRecords`` new records not taken).
package struct LiveListener: AsyncSequence, Sendable {
    package typealias Element = LiveRecord
    package let id: Int
    package let channel: SourceID
    /// How many kept records come first (what the channel held when it joined).
    package let backlog: Int
    let records: AsyncStream<LiveRecord>
    let channels: LiveChannels

    package struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<LiveRecord>.AsyncIterator
        let listener: LiveListener

        package mutating func next() async -> LiveRecord? {
            guard let record = await base.next() else { return nil }
            await listener.channels.took(listener.channel, listener.id)
            return record
        }
    }

    package func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: records.makeAsyncIterator(), listener: self) }

    /// Stops listening.
    package func stop() async { await channels.remove(channel, id) }
}

/// Why a listener was not added.
package enum LiveChannelsError: Error, Equatable, Sendable {
    /// A listener limit is reached (`/live` answers 503 with `Retry-After`).
    case tooManyListeners(String)
}
