import Foundation
import TestSupport
import Testing

/// `--out` of `process` and `store get` as Unix tools treat an output path: `-` is standard
/// output, an existing device or FIFO is written in place (never renamed over: as root that
/// turned `/dev/null` into a regular file), a regular file is replaced atomically. Every device
/// here is made in a temporary folder; the machine's own are never written.
@Suite struct OutputPathTests {
    static let sample = TestSupport.repository.appendingPathComponent("Samples/sds/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308").path

    /// `process` of the sample's 22:00–22:10 HV.UWE..HHZ window into `out`.
    static func process(out: String) throws -> TestSupport.Output {
        try TestSupport.run(
            try TestSupport.product("seiscron"),
            ["process", sample, "--channel", "HV.UWE..HHZ", "--start", "2025-11-04T22:00:00Z", "--end", "2025-11-04T22:10:00Z",
             "--out", out])
    }

    /// The window's bytes as `process` writes them to a new regular file (the reference here).
    static func referenceBytes() throws -> Data {
        let file = try TestSupport.temporaryFolder().appendingPathComponent("window.bin")
        let result = try process(out: file.path)
        #expect(result.status == 0, "\(result.stderr)")
        return try Data(contentsOf: file)
    }

    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// Runs `write` with a reader on the other end of a new FIFO at `fifo` (copying what arrives
    /// into a file: a pipe back to the test would fill while the test waits for seiscron) and
    /// returns what the reader received. Fails when the FIFO is no longer one afterwards: the
    /// reader would then wait on the old one for ever, so it is stopped.
    static func receive(through fifo: String, _ write: () throws -> TestSupport.Output) throws -> Data {
        #expect(mkfifo(fifo, 0o600) == 0, "mkfifo: \(String(cString: strerror(errno)))")
        let received = fifo + ".received"
        #expect(FileManager.default.createFile(atPath: received, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: received) }
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        reader.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: received))
        try reader.run()
        let result = try write()
        #expect(result.status == 0, "\(result.stderr)")
        let type = fileType(fifo)
        #expect(type == S_IFIFO, "the FIFO was replaced (file type \(String(describing: type)))")
        if type != S_IFIFO { reader.terminate() }
        reader.waitUntilExit()
        return try Data(contentsOf: URL(fileURLWithPath: received))
    }

    @Test func aFIFOIsWrittenInPlace() throws {
        let folder = try TestSupport.temporaryFolder()
        let fifo = folder.appendingPathComponent("samples.fifo").path
        let received = try Self.receive(through: fifo) { try Self.process(out: fifo) }
        let reference = try Self.referenceBytes()
        #expect(reference.count == 60_000 * 4)
        #expect(received == reference)
    }

    @Test(.enabled(if: getuid() == 0, "mknod needs root: run the tests as root to check a character device"))
    func aCharacterDeviceIsWrittenInPlace() throws {
        let folder = try TestSupport.temporaryFolder()
        let null = folder.appendingPathComponent("null").path
        // The null device's numbers (1, 3), as a new node in the temporary folder.
        let mknod = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/mknod"), ["-m", "666", null, "c", "1", "3"])
        try #require(mknod.status == 0, "mknod: \(mknod.stderr)")
        var before = stat()
        try #require(stat(null, &before) == 0)

        let result = try Self.process(out: null)
        #expect(result.status == 0, "\(result.stderr)")
        var after = stat()
        try #require(stat(null, &after) == 0)
        #expect(after.st_mode & S_IFMT == S_IFCHR, "the device was replaced by a file")
        #expect(after.st_rdev == before.st_rdev)
        #expect(after.st_ino == before.st_ino)
        #expect(after.st_size == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["null"], "a temporary file was left")
    }

    @Test func aDashIsStandardOutputAndTheSummaryGoesToStandardError() throws {
        let result = try Self.process(out: "-")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutBytes == (try Self.referenceBytes()))
        let summary = try #require(result.stderr.split(separator: "\n").last)
        let json = try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any]
        #expect(json?["samples"] as? Int == 60_000)
    }

    @Test func aRegularFileIsReplacedAtomicallyKeepingItsMode() throws {
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("window.bin")
        let secondName = folder.appendingPathComponent("link.bin")
        try Data("old".utf8).write(to: file)
        #expect(chmod(file.path, 0o600) == 0)
        // A second name for the old file: a replacement gives the path a new file and leaves the
        // old one to this name; writing in place would change both.
        #expect(link(file.path, secondName.path) == 0)

        let result = try Self.process(out: file.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: file) == (try Self.referenceBytes()))
        #expect(try Data(contentsOf: secondName) == Data("old".utf8))
        var info = stat()
        try #require(stat(file.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["window.bin", "link.bin"])
    }

    @Test func storeGetWritesAFIFOInPlaceAndDashToStandardOutput() throws {
        let folder = try TestSupport.temporaryFolder()
        let seiscron = try TestSupport.product("seiscron")
        let data = folder.appendingPathComponent("data").path
        let input = folder.appendingPathComponent("in.bin")
        let body = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        try body.write(to: input)
        let key = "data/2025/11/HV/kilauea/UWE//HHZ/x.bin.zst"
        let put = try TestSupport.run(seiscron, ["store", "put", key, input.path, "--data-dir", data])
        try #require(put.status == 0, "\(put.stderr)")

        let dash = try TestSupport.run(seiscron, ["store", "get", key, "--out", "-", "--data-dir", data])
        #expect(dash.status == 0, "\(dash.stderr)")
        #expect(dash.stdoutBytes == body)

        let fifo = folder.appendingPathComponent("object.fifo").path
        let received = try Self.receive(through: fifo) {
            try TestSupport.run(seiscron, ["store", "get", key, "--out", fifo, "--data-dir", data])
        }
        #expect(received == body)
    }
}
