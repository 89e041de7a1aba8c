import SeedCore
import Synchronization

/// Removes the temporary files a killed writer left in the local store's `.seiscache/tmp`.
///
/// A write goes to a temporary file first and is renamed over its key; a process killed
/// between the two (`kill -9`, OOM, power loss) leaves the temporary file behind, and nothing
/// else would ever remove it. The store sweeps the folder at its first write and again at
/// most every ``interval`` (a long-lived `seisapi`), removing only files that are older than
/// this store instance *and* at least ``minimumAge`` old: the store's own writes in flight are
/// newer than the instance, and a concurrent writer (a cron tick beside the API, a second
/// worker) renames its file within seconds of creating it.
final class TemporaryFileSweeper: Sendable {
    /// When the store instance was made (wall clock, nanoseconds since 1970).
    let createdNanoseconds: Int64
    /// Temporary files younger than this are spared.
    let minimumAge: Duration
    /// How long after a sweep the next write sweeps again.
    let interval: Duration
    /// The time ``interval`` is counted on (file ages are the files' wall-clock times).
    private let stopwatch: Stopwatch
    private let lastSweep = Mutex<Duration?>(nil)

    /// Creates a sweeper for a store instance made now.
    /// - Parameters:
    ///   - minimumAge: spare files younger than this; defaults to 60 seconds (a write's
    ///     temporary file lives milliseconds, seconds for a large chunk on a slow disk).
    ///   - interval: sweep again at most this often; defaults to 10 minutes.
    ///   - clock: the time `interval` is counted on; defaults to the system's.
    init(
        minimumAge: Duration = .seconds(60), interval: Duration = .seconds(600),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        stopwatch = Stopwatch(clock)
        createdNanoseconds = UTCTime.now().nanoseconds
        self.minimumAge = minimumAge
        self.interval = interval
    }

    /// Sweeps the temporary folder when this is the instance's first write or the last sweep
    /// is ``interval`` old.
    /// - Parameter folder: the open `.seiscache/tmp` folder.
    /// - Returns: how many files were removed.
    @discardableResult
    func sweepIfDue(in folder: Int32) -> Int {
        let now = stopwatch.elapsed
        let due = lastSweep.withLock { last in
            if let previous = last, now - previous < interval { return false }
            last = now
            return true
        }
        return due ? sweep(in: folder) : 0
    }

    /// Removes the files that are older than the instance and at least ``minimumAge`` old.
    func sweep(in folder: Int32) -> Int {
        let (seconds, attoseconds) = minimumAge.components
        let cutoff = min(createdNanoseconds, UTCTime.now().nanoseconds - (seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
        var removed = 0
        for name in POSIXFile.names(in: folder) ?? [] {
            guard let status = POSIXFile.status(in: folder, name), !status.isDirectory,
                status.modifiedNanoseconds < cutoff
            else { continue }
            if (try? POSIXFile.remove(in: folder, name, path: name)) == true { removed += 1 }
        }
        return removed
    }
}
