package import SeedCore

/// The generation ladder (001): what a `/data` miss generates, chunk by chunk. Each known kind
/// declares its role in `policies`; the ladder and its choice of a kind follow from them.
extension ChunkKind {
    /// What a `/data` miss generates of a kind.
    package enum GenerationRole: Sendable, Hashable {
        /// A step of the ladder, taken from this many seconds into the request on (where its
        /// window is aligned and fits). The finest step is taken from the request's start.
        case ladder(fromSecondsIntoRequest: Int64)
        /// The complete windows at the leading edge of the data, where the finest ladder step
        /// is not available yet.
        case leadingEdge
        /// Not generated on demand (a kind only the cron or a roll-up writes).
        case none
    }

    /// This kind's role in on-demand generation; `nil` for a kind that is not known.
    package var generationRole: GenerationRole? { policy?.generation }

    /// The ladder's kinds, finest first (`1h`, `6h`, `24h`).
    package static var generationLadder: [ChunkKind] {
        policies.filter {
            if case .ladder = $0.generation { true } else { false }
        }.map(\.kind)
    }

    /// The kind generated at the leading edge of the data (`10min`), if any.
    package static var leadingEdge: ChunkKind? {
        policies.first { $0.generation == .leadingEdge }?.kind
    }

    /// The ladder's kind for a chunk starting at `start`: the coarsest step the request has
    /// reached (`secondsIntoRequest`, 0 before the request's start, at least the step's
    /// threshold) whose window starts at `start` and ends by `limit`.
    /// - Parameters:
    ///   - start: where the chunk would start.
    ///   - secondsIntoRequest: `start` minus the request's start (negative before it).
    ///   - limit: no chunk may end after it (the data available, the request rounded up).
    /// - Returns: the kind, or `nil` when no step fits (the leading edge's windows are next).
    package static func ladderStep(
        at start: UTCTime, secondsIntoRequest: Int64, endingBy limit: UTCTime
    ) -> ChunkKind? {
        let reached = max(0, secondsIntoRequest)
        for policy in policies.reversed() {
            guard case .ladder(let threshold) = policy.generation, reached >= threshold,
                policy.kind.isWindowStart(start), start.adding(seconds: policy.seconds) <= limit
            else { continue }
            return policy.kind
        }
        return nil
    }
}
