import Metrics
import Synchronization

/// Counts the API's open connections against ``ServerLimits/maximumConnections``.
final class ConnectionSlots: Sendable {
    /// Connections served at once.
    let maximum: Int
    private let open = Atomic<Int>(0)
    private let gauge = Gauge(label: "seisapi_connections_open")

    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    /// Takes a slot for a new connection; `false` when all are taken.
    func acquire() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, original) = open.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                gauge.record(current + 1)
                return true
            }
            current = original
        }
        return false
    }

    /// Gives a slot back when its connection closed.
    func release() {
        let now = open.subtract(1, ordering: .acquiringAndReleasing).newValue
        gauge.record(now)
    }

    /// Connections open now.
    var count: Int { open.load(ordering: .relaxed) }
}
