import SeedCore
import Synchronization

/// A per-client limit on `/data` misses (each may make the API fetch from FDSN and write
/// chunks): a token bucket per client holding `perMinute` misses, refilled at `perMinute`
/// per minute. Hits are never limited.
///
/// The table of clients is bounded: when it reaches ``maximumClients`` the clients whose
/// bucket has refilled completely (idle ones) are forgotten, and if none has, the oldest
/// half, so a flood of addresses costs bounded memory. Buckets refill on the given clock (a
/// manual one in tests).
final class MissRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        /// When the bucket was last refilled, on ``stopwatch``.
        var updated: Duration
    }

    /// Misses one client may start per minute (also the burst); 0 disables the limit.
    let perMinute: Int
    /// Clients remembered at once.
    let maximumClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])
    private let stopwatch: Stopwatch

    /// Creates a limiter whose buckets refill on `clock`.
    init(perMinute: Int, maximumClients: Int = 10_000, clock: any Clock<Duration> = ContinuousClock()) {
        self.perMinute = perMinute
        self.maximumClients = max(1, maximumClients)
        stopwatch = Stopwatch(clock)
    }

    /// Takes one miss from the client's bucket.
    /// - Returns: `nil` when allowed, else the whole seconds until the next miss is.
    func admit(_ client: String) -> Int? {
        guard perMinute > 0 else { return nil }
        let now = stopwatch.elapsed
        let capacity = Double(perMinute)
        let perSecond = capacity / 60
        return buckets.withLock { buckets -> Int? in
            var bucket = buckets[client] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + max(0, seconds) * perSecond)
            bucket.updated = now
            defer {
                if buckets[client] == nil && buckets.count >= maximumClients {
                    forget(&buckets, capacity: capacity, now: now, perSecond: perSecond)
                }
                buckets[client] = bucket
            }
            guard bucket.tokens >= 1 else {
                return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Clients remembered now (tests).
    var clientCount: Int { buckets.withLock { $0.count } }

    /// Makes room: forgets idle clients (their bucket is full again), then, if the table is
    /// still over half full, the least recently seen half.
    private func forget(
        _ buckets: inout [String: Bucket], capacity: Double, now: Duration, perSecond: Double
    ) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + Double((now - bucket.updated).components.seconds) * perSecond < capacity
        }
        guard buckets.count >= maximumClients / 2 else { return }
        let oldest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(buckets.count / 2).map(\.key)
        for key in oldest { buckets[key] = nil }
    }
}
