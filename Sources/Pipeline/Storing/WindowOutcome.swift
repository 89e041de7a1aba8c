public import ChunkStore
public import SeedCore

/// What became of one window a ``WindowStorer`` was given.
public struct WindowOutcome: Sendable {
    /// The outcome's kind.
    public enum Status: String, Sendable, Hashable {
        /// Uploaded (and, once recorded, in the day metadata).
        case stored
        /// The same bytes were already stored; recorded like a stored chunk.
        case unchanged
        /// Below the completeness threshold: nothing stored.
        case incomplete
        /// No sample of the channel in the window.
        case noData
        /// The data could not be cut (decoding, text records, an invalid rate...); see ``error``.
        case unprocessable
        /// The chunk could not be uploaded, or its day file not updated; see ``error``.
        case notStored
        /// Cut, but the storer writes nothing (`--dry-run`).
        case dryRun
    }

    /// The window.
    public var window: ChunkWindow
    /// What became of it.
    public var status: Status
    /// Its summary, once it was cut.
    public var summary: WindowSummary?
    /// The stored chunk (``Status/stored``, ``Status/unchanged``).
    public var chunk: ChunkWriter.StoredChunk?
    /// What failed (``Status/unprocessable``, ``Status/notStored``).
    public var error: String?
    /// Whether trying again later may change it (incomplete, no data, transient store failures).
    public var retryable: Bool
    /// Time spent cutting the window (merge, grid, completeness).
    public var cutDuration: Duration = .zero
    /// Time spent compressing and uploading it.
    public var uploadDuration: Duration = .zero

    /// Creates an outcome.
    public init(
        window: ChunkWindow, status: Status, summary: WindowSummary? = nil, chunk: ChunkWriter.StoredChunk? = nil,
        error: String? = nil, retryable: Bool = false
    ) {
        self.window = window
        self.status = status
        self.summary = summary
        self.chunk = chunk
        self.error = error
        self.retryable = retryable
    }

    /// Whether the chunk is in the store (stored now or with the same bytes before).
    public var isInStore: Bool { status == .stored || status == .unchanged }
}
