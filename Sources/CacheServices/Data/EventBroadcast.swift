import Pipeline
/// The events of one generation for every request waiting on it: a late subscriber first
/// gets what was already sent, then the rest live (concurrent identical misses share one
/// generation).
actor EventBroadcast {
    private var events: [DataEvent] = []
    private var subscribers: [Int: AsyncStream<DataEvent>.Continuation] = [:]
    private var nextID = 0
    private(set) var finished = false

    func send(_ event: DataEvent) {
        guard !finished else { return }
        events.append(event)
        for continuation in subscribers.values { continuation.yield(event) }
        if event.isFinal {
            finished = true
            for continuation in subscribers.values { continuation.finish() }
            subscribers = [:]
        }
    }

    func subscribe() -> AsyncStream<DataEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: DataEvent.self, bufferingPolicy: .unbounded)
        for event in events { continuation.yield(event) }
        if finished {
            continuation.finish()
        } else {
            // A subscriber that goes away stays until the end: yielding to it is a no-op, and
            // a generation lives seconds to minutes.
            subscribers[nextID] = continuation
            nextID += 1
        }
        return stream
    }

    /// Whether a `metadata` event was sent (a stream carries one).
    var hasMetadata: Bool { events.contains { if case .metadata = $0 { true } else { false } } }

    /// Whether the generation failed (its last event is an error).
    var failed: Bool { finished && events.last.map { if case .error = $0 { true } else { false } } == true }
}
