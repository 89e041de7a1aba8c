import ChunkStore
import Logging
import Pipeline
import SeedCore
import Synchronization
import TestSupport
import WaveformSources

/// A waveform source whose fetches never answer until cancelled (an FDSN server that hangs):
/// a backfill on it runs until the shutdown's drain deadline cancels it.
final class BlockingSource: WaveformSource {
    private let count = Mutex(0)

    var displayName: String { "blocking test source" }

    /// Fetches begun.
    var fetches: Int { count.withLock { $0 } }

    func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        count.withLock { $0 += 1 }
        try? await Task.sleep(for: .seconds(3600))
        throw WaveformSourceError(code: .transient, message: "the blocking test source was cancelled")
    }

    func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] { [:] }

    /// Waits until a fetch began (however long a loaded machine takes; the test's time limit
    /// ends a hang).
    func waitUntilFetching() async throws {
        try await waitUntil("a fetch began") { fetches > 0 }
    }
}
