public import ChunkStore
public import SeedCore

/// A window to store as a chunk of one kind (`10min` of the tick, the `1h`/`6h`/`24h` of a
/// `/data` miss, the kind an ingest cuts).
public struct ChunkWindow: Sendable, Hashable, CustomStringConvertible {
    /// The chunk kind it is recorded under.
    public var kind: ChunkKind
    /// `[start, end)` on whole seconds.
    public var window: TimeWindow

    /// Creates a window.
    public init(kind: ChunkKind, window: TimeWindow) {
        self.kind = kind
        self.window = window
    }

    /// `10min 2025-11-04T22:00:00Z–...`.
    public var description: String { "\(kind) \(window)" }
}
