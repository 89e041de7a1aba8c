import Metrics
import Synchronization

/// Counts the API's open connections against ``ServerLimits/maximumConnections`` and, per
/// client, against ``ServerLimits/maximumConnectionsPerClient``.
final class ConnectionSlots: Sendable {
    /// Connections served at once.
    let maximum: Int
    /// Connections one client may hold at once.
    let maximumPerClient: Int
    /// Open connections past which the server is busy (``ServerLimits/busyThreshold``).
    let busyThreshold: Int
    private let open = Atomic<Int>(0)
    private let perClient = Mutex<[String: Int]>([:])
    private let gauge = Gauge(label: "seisapi_connections_open")

    /// Why a connection was not admitted.
    enum Refusal: Sendable, Equatable {
        /// Every slot is taken (``ServerLimits/maximumConnections``).
        case serverFull
        /// This client holds all its slots (``ServerLimits/maximumConnectionsPerClient``).
        case clientFull
    }

    init(limits: ServerLimits) {
        maximum = max(1, limits.maximumConnections)
        maximumPerClient = max(1, limits.maximumConnectionsPerClient)
        busyThreshold = limits.busyThreshold
    }

    /// Takes a slot for a new connection of `client` (`nil`: not counted per client, as a
    /// trusted proxy's connections are not); the refusal when none is left.
    func acquire(client: String?) -> Refusal? {
        if let client {
            let admitted = perClient.withLock { counts in
                let held = counts[client, default: 0]
                guard held < maximumPerClient else { return false }
                counts[client] = held + 1
                return true
            }
            guard admitted else { return .clientFull }
        }
        var current = open.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, original) = open.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                gauge.record(current + 1)
                return nil
            }
            current = original
        }
        if let client { releaseClient(client) }
        return .serverFull
    }

    /// Gives a slot back when its connection closed.
    func release(client: String?) {
        let now = open.subtract(1, ordering: .acquiringAndReleasing).newValue
        gauge.record(now)
        if let client { releaseClient(client) }
    }

    private func releaseClient(_ client: String) {
        perClient.withLock { counts in
            let held = counts[client, default: 1] - 1
            counts[client] = held > 0 ? held : nil
        }
    }

    /// Connections open now.
    var count: Int { open.load(ordering: .relaxed) }

    /// Whether so many connections are open that idle ones are closed early.
    var isBusy: Bool { count >= busyThreshold }
}
