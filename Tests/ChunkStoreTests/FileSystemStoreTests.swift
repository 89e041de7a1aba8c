import ChunkStore
import Foundation
import ObjectStoreConformance
import SeedCore
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct FileSystemStoreTests {
    static let root = try! TestSupport.temporaryFolder("conformance")

    @Test(arguments: ObjectStoreConformance.checkNames)
    func passesTheConformanceSuite(check: String) async throws {
        let store = FileSystemStore(root: Self.root.path)
        try await ObjectStoreConformance(store: store, base: "run/").run(check)
    }

    @Test(arguments: ["../outside", "a/../../outside", "a/./b", "..", ".", "a/\0b", ""])
    func keysCannotEscapeTheRoot(key: String) async throws {
        let folder = try TestSupport.temporaryFolder()
        let store = FileSystemStore(root: folder.appendingPathComponent("data").path)
        await #expect { try await store.put(key, body: [1]) } throws: {
            ($0 as? ObjectStoreError)?.code == .invalidKey
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("outside").path))
    }

    @Test func diskLayoutMirrorsTheKeys() async throws {
        let folder = try TestSupport.temporaryFolder()
        let store = FileSystemStore(root: folder.path)
        try await store.put("data/2025/11/HV/kilauea/UWE//HHZ/x.json", body: [1])
        try await store.put("odd/--/.hidden/%", body: [2])
        #expect(FileManager.default.fileExists(atPath: folder.path + "/data/2025/11/HV/kilauea/UWE/--/HHZ/x.json"))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/odd/%2D%2D/%2Ehidden/%25"))
        let listed = try await store.listAll(prefix: "").objects.map(\.key)
        #expect(listed == ["data/2025/11/HV/kilauea/UWE//HHZ/x.json", "odd/--/.hidden/%"])
    }

    @Test func deleteLeavesNoEmptyFolders() async throws {
        let folder = try TestSupport.temporaryFolder()
        let store = FileSystemStore(root: folder.path)
        try await store.put("a/b/c/d", body: [1])
        try await store.delete("a/b/c/d")
        #expect(try await store.listAll(prefix: "", delimiter: "/").commonPrefixes.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/a"))
    }

    @Test func keyUnderAnObjectIsRefusedClearly() async throws {
        let store = FileSystemStore(root: try TestSupport.temporaryFolder().path)
        try await store.put("a", body: [1])
        await #expect { try await store.put("a/b", body: [1]) } throws: {
            ($0 as? ObjectStoreError)?.code == .invalidKey
        }
        #expect(try await store.get("a").body == [1])
    }

    @Test func missingRootListsNothing() async throws {
        let store = FileSystemStore(root: "/nonexistent/seiscache-\(UUID().uuidString)")
        #expect(try await store.listAll(prefix: "data/").objects.isEmpty)
        await #expect { try await store.get("data/x") } throws: { ($0 as? ObjectStoreError)?.code == .notFound }
    }

    /// Eight separate processes × 25 conditional read-modify-writes on one day file.
    @Test func concurrentWriterProcessesLoseNothing() async throws {
        let folder = try TestSupport.temporaryFolder()
        let writer = try TestSupport.product("MetadataStressWriter")
        // Each writer's output (its retries' log lines) goes to a file, shown only when it fails.
        let processes = try (0..<8).map { index in
            let process = Process()
            process.executableURL = writer
            process.arguments = [folder.path, String(index)]
            let log = folder.appendingPathComponent("writer-\(index).log")
            #expect(FileManager.default.createFile(atPath: log.path, contents: nil))
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = process.standardOutput
            try process.run()
            return (process, log)
        }
        for (process, log) in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
        }
        let store = FileSystemStore(root: folder.path)
        let key = try #require(
            try await store.listAll(prefix: "data/").objects.map(\.key).first { $0.hasSuffix(".json") })
        let metadata = try DayMetadata(json: try await store.get(key).body)
        #expect(metadata.entries(.tenMinutes).count == 200)
        #expect(Set(metadata.entries(.tenMinutes).map(\.start)).count == 200)
    }
}
