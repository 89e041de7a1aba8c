package import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Paths and processes the tests need: the repository, the built executables, temporary
/// folders, the reference tools of `scripts/setup`.
package enum TestSupport {
    /// The repository root (three levels above this file).
    package static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The folder of the built products (beside the test bundle).
    package static var productsFolder: URL {
        var url = Bundle.main.bundleURL
        while url.pathComponents.count > 1 && !FileManager.default.fileExists(atPath: url.appendingPathComponent("seiscron").path) {
            url.deleteLastPathComponent()
        }
        return url
    }

    /// A built executable of this package.
    package static func product(_ name: String) throws -> URL {
        let url = productsFolder.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Missing(description: "\(name) is not built; run `swift build` first")
        }
        return url
    }

    /// Something a test needs is not there; the description says how to get it.
    package struct Missing: Error, CustomStringConvertible {
        package var description: String
        package init(description: String) { self.description = description }
    }

    /// The venv's Python (with ObsPy, zstandard), installed by `scripts/setup`.
    package static func python() throws -> URL {
        let url = repository.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Missing(description: "\(url.path) is missing; run scripts/setup to install .venv")
        }
        return url
    }

    /// A new empty folder, removed when the process ends.
    package static func temporaryFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seiscache-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        TemporaryFolders.removeAtExit(url)
        return url
    }

    package struct Output {
        package var status: Int32
        package var stdout: String
        package var stderr: String
        package var stdoutBytes: Data
    }

    /// Every byte of a descriptor until its end. Foundation's `readDataToEndOfFile()` traps
    /// (`try!`) on `EINTR`, which a loaded machine's signals cause; this retries instead.
    static func readToEnd(_ descriptor: Int32) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return data
            } else if errno != EINTR {
                throw Missing(description: "reading a child process's output failed: errno \(errno)")
            }
        }
    }

    /// Runs a process to completion.
    package static func run(_ executable: URL, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil)
        throws -> Output
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        // stderr goes to a file, so reading stdout to its end cannot deadlock on a full pipe.
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errFile.path, contents: nil) else {
            throw Missing(description: "cannot create \(errFile.path) for a child process's standard error")
        }
        defer { try? FileManager.default.removeItem(at: errFile) }
        let err = try FileHandle(forWritingTo: errFile)
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdoutData = try readToEnd(out.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        try err.close()
        let stderrData = (try? Data(contentsOf: errFile)) ?? Data()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self), stdoutBytes: stdoutData)
    }
}

/// The temporary folders the tests made, removed when the test process exits (a test that
/// fails keeps nothing behind either; a crash leaves them for the system's /tmp cleaning).
enum TemporaryFolders {
    private static let made = Mutex<[URL]>([])
    private static let registered = Mutex(false)

    static func removeAtExit(_ url: URL) {
        made.withLock { $0.append(url) }
        let first = registered.withLock { done in
            defer { done = true }
            return !done
        }
        if first { atexit { TemporaryFolders.removeAll() } }
    }

    private static func removeAll() {
        for url in made.withLock({ $0 }) { try? FileManager.default.removeItem(at: url) }
    }
}
