import ChunkStore
import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the local store leaves behind and what it refuses to follow.
@Suite(.timeLimit(.minutes(5))) struct FileSystemStoreSafetyTests {
    static let key = "data/2025/11/HV/kilauea/UWE//HHZ/x.json"

    /// Files in `<root>/.seiscache/tmp`.
    static func temporaryFiles(_ root: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path + "/.seiscache/tmp")) ?? []).sorted()
    }

    /// Sets a file's modification time `seconds` into the past.
    static func age(_ path: String, seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -seconds)], ofItemAtPath: path)
    }

    // MARK: - Temporary files

    /// A killed writer's temporary file (older than this store and a minute old) is removed by
    /// the store's first write; a concurrent writer's fresh one is spared.
    @Test func firstWriteRemovesTemporaryFilesOfEarlierRuns() async throws {
        let root = try TestSupport.temporaryFolder()
        let tmp = root.path + "/.seiscache/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: tmp + "/4242-dead", contents: Data(count: 1000)))
        try Self.age(tmp + "/4242-dead", seconds: 120)
        #expect(FileManager.default.createFile(atPath: tmp + "/4343-writing", contents: Data(count: 10)))

        let store = FileSystemStore(root: root.path)
        // Reads and listings leave the folder alone.
        _ = try await store.listAll(prefix: "data/")
        #expect(Self.temporaryFiles(root) == ["4242-dead", "4343-writing"])
        try await store.put(Self.key, body: [1, 2, 3])
        #expect(Self.temporaryFiles(root) == ["4343-writing"])
        #expect(try await store.get(Self.key).body == [1, 2, 3])
    }

    /// The probe: writers killed with SIGKILL at random moments leave temporary
    /// files; once they are older than the next run, that run's first write removes them all.
    @Test func killedWritersLeaveNothingTheNextRunKeeps() async throws {
        let root = try TestSupport.temporaryFolder()
        let writer = try TestSupport.product("MetadataStressWriter")
        for round in 0..<12 {
            let process = Process()
            process.executableURL = writer
            process.arguments = [root.path, String(round % 8)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...120)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let leftovers = Self.temporaryFiles(root)
        // The next run starts later: what the killed writers left is older than it by then.
        for name in leftovers { try Self.age(root.path + "/.seiscache/tmp/" + name, seconds: 120) }
        let store = FileSystemStore(root: root.path)
        try await store.put("data/next-run", body: [1])
        #expect(Self.temporaryFiles(root).isEmpty, "left over: \(Self.temporaryFiles(root)) of \(leftovers)")
    }

    // MARK: - Symbolic links

    /// A link to a file outside the root is neither served, listed nor written through.
    @Test func symlinkedFileIsNotServedOrListed() async throws {
        let root = try TestSupport.temporaryFolder()
        let outside = try TestSupport.temporaryFolder().appendingPathComponent("secret.json")
        try Data("secret".utf8).write(to: outside)
        let folder = root.path + "/data/2025/11/HV/kilauea/UWE/--/HHZ"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/x.json", withDestinationPath: outside.path)
        let store = FileSystemStore(root: root.path)

        await #expect { try await store.get(Self.key) } throws: { ($0 as? ObjectStoreError)?.code == .notFound }
        await #expect { try await store.head(Self.key) } throws: { ($0 as? ObjectStoreError)?.code == .notFound }
        #expect(try await store.listAll(prefix: "data/").objects.isEmpty)
        #expect(try await store.listAll(prefix: "data/", delimiter: "/").commonPrefixes.isEmpty)
        // Writing the key replaces the link; the file it pointed to is untouched.
        try await store.put(Self.key, body: [7])
        #expect(try await store.get(Self.key).body == [7])
        #expect(try String(contentsOf: outside, encoding: .utf8) == "secret")
    }

    /// A folder on the key path that is a link (to a folder outside) is refused for reads,
    /// writes, deletes and listings.
    @Test func symlinkedFolderOnTheKeyPathIsRefused() async throws {
        let root = try TestSupport.temporaryFolder()
        let outside = try TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(
            at: outside.appendingPathComponent("11/HV/kilauea/UWE/--/HHZ"), withIntermediateDirectories: true)
        try Data("outside".utf8).write(to: outside.appendingPathComponent("11/HV/kilauea/UWE/--/HHZ/x.json"))
        try FileManager.default.createDirectory(atPath: root.path + "/data", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/data/2025", withDestinationPath: outside.path)
        let store = FileSystemStore(root: root.path)

        await #expect { try await store.get(Self.key) } throws: { ($0 as? ObjectStoreError)?.code == .notFound }
        await #expect { try await store.put("data/2025/11/new.json", body: [1]) } throws: {
            ($0 as? ObjectStoreError)?.code == .invalidKey
        }
        try await store.delete(Self.key)
        #expect(try await store.listAll(prefix: "data/").objects.isEmpty)
        #expect(try await store.listAll(prefix: "data/2025/").objects.isEmpty)
        #expect(try await store.listAll(prefix: "data/", delimiter: "/").commonPrefixes.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: outside.path + "/11/new.json"))
        #expect(FileManager.default.fileExists(atPath: outside.path + "/11/HV/kilauea/UWE/--/HHZ/x.json"))
    }

    /// The root itself may be a link (the operator's choice, e.g. `./data` → a volume).
    @Test func linkedRootWorks() async throws {
        let target = try TestSupport.temporaryFolder()
        let link = try TestSupport.temporaryFolder().appendingPathComponent("data")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        let store = FileSystemStore(root: link.path)
        try await store.put(Self.key, body: [5])
        #expect(try await store.get(Self.key).body == [5])
        #expect(try await store.listAll(prefix: "data/").objects.map(\.key) == [Self.key])
    }

    /// A FIFO planted under a key is not opened for reading (which would block forever).
    @Test func specialFilesAreNotRead() async throws {
        let root = try TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: root.path + "/data", withIntermediateDirectories: true)
        #expect(mkfifo(root.path + "/data/fifo", 0o644) == 0)
        let store = FileSystemStore(root: root.path)
        await #expect { try await store.get("data/fifo") } throws: { ($0 as? ObjectStoreError)?.code == .notFound }
        #expect(try await store.listAll(prefix: "data/").objects.isEmpty)
    }
}
