import Foundation

/// A progress line on standard error: rewritten in place on a terminal, otherwise printed
/// at most every few seconds (logs stay readable in cron output).
final class ProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastPrinted = Date.distantPast
    private var pending: String?

    func update(_ text: String) {
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            pending = text
        } else if Date().timeIntervalSince(lastPrinted) >= 5 {
            FileHandle.standardError.write(Data("\(text)\n".utf8))
            lastPrinted = Date()
            pending = nil
        } else {
            pending = text
        }
    }

    /// Ends the line (prints the last state once when not on a terminal).
    func finish() {
        guard let pending else { return }
        FileHandle.standardError.write(Data((isTerminal ? "\n" : "\(pending)\n").utf8))
        self.pending = nil
        lastPrinted = .distantPast
    }
}
