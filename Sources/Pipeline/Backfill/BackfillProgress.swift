/// How far a backfill is (reported after every batch).
public struct BackfillProgress: Sendable, Hashable, Codable {
    /// Channel-windows in the range (all channels).
    public var windowsTotal: Int
    /// Channel-windows finished (stored, already cached, or failed).
    public var windowsDone: Int
    /// Chunks stored so far.
    public var chunksAdded: Int
    /// Windows the day metadata already recorded (skipped unless `force`).
    public var chunksAlreadyCached: Int
    /// Windows that could not be stored (no data, incomplete, errors).
    public var chunksFailed: Int

    /// Creates a progress value.
    public init(windowsTotal: Int, windowsDone: Int = 0, chunksAdded: Int = 0, chunksAlreadyCached: Int = 0, chunksFailed: Int = 0) {
        self.windowsTotal = windowsTotal
        self.windowsDone = windowsDone
        self.chunksAdded = chunksAdded
        self.chunksAlreadyCached = chunksAlreadyCached
        self.chunksFailed = chunksFailed
    }

    /// 0–100.
    public var percent: Double { windowsTotal == 0 ? 100 : Double(windowsDone) * 100 / Double(windowsTotal) }

    enum CodingKeys: String, CodingKey {
        case windowsTotal = "windows_total", windowsDone = "windows_done", chunksAdded = "chunks_added"
        case chunksAlreadyCached = "chunks_already_cached", chunksFailed = "chunks_failed"
    }
}
