package import InMemoryLogging
package import Logging

/// Loggers for tests: what they log is kept in memory, never printed, so a passing `swift test`
/// prints no log lines (an error a test provokes on purpose is not an error of the run), and a
/// test can assert on what was logged (swift-log's "Testing code that logs": an
/// `InMemoryLogHandler` per test instead of bootstrapping the process).
extension Logger {
    /// A logger whose entries go to `logs` at `level` and above.
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - level: the lowest level kept; `.trace` keeps everything.
    /// - Returns: the logger and its handler; `logs.entries` lists what was logged.
    package static func capturing(_ label: String, level: Logger.Level = .trace) -> (logger: Logger, logs: InMemoryLogHandler) {
        var handler = InMemoryLogHandler()
        handler.logLevel = level
        // The handler keeps its entries by reference: the copy returned sees what the logger logs.
        return (Logger(label: label) { _ in handler }, handler)
    }

    /// A logger for a test that does not look at its logs: kept in memory, never printed.
    package static func quiet(_ label: String, level: Logger.Level = .info) -> Logger {
        capturing(label, level: level).logger
    }
}

extension InMemoryLogHandler {
    /// The entries at `level` or above, as `level message key=value ...` lines (metadata sorted), for `#expect`s.
    package func lines(atLeast level: Logger.Level = .trace) -> [String] {
        entries.filter { $0.level >= level }.map { entry in
            let metadata = entry.metadata.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            return "\(entry.level) \(entry.message)\(metadata)"
        }
    }
}
