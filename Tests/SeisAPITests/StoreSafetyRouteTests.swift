import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import seisapi
import Testing

/// What the API serves from the store and what `/health` checks.
@Suite("seisapi store safety", .timeLimit(.minutes(5)))
struct StoreSafetyRouteTests {
    static let chunk = "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst"

    static func json(_ body: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }

    /// `/files/` of a key whose file, or a folder on whose path, is a symbolic link is a 404:
    /// the link is neither followed nor served.
    @Test func symlinkedKeysAreNotServed() async throws {
        let harness = try SeisAPITestHarness(sampleArchive: true)
        let outside = try TestFolder.make()
        try Data("not a chunk".utf8).write(to: outside.appendingPathComponent("secret"))
        let folder = harness.dataRoot.path + "/data/2025/11/HV/kilauea/UWE/--/HHZ"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst",
            withDestinationPath: outside.appendingPathComponent("secret").path)
        // A linked folder: data/2025/10 → a folder outside holding a real-looking file.
        let linked = outside.appendingPathComponent("10/HV/kilauea/UWE/--/HHZ")
        try FileManager.default.createDirectory(at: linked, withIntermediateDirectories: true)
        try Data("outside".utf8).write(
            to: linked.appendingPathComponent("HV_UWE__HHZ_100Hz_2025-10-04-22-00-00_to_2025-10-04-22-10-00.bin.zst"))
        try FileManager.default.createSymbolicLink(
            atPath: harness.dataRoot.path + "/data/2025/10", withDestinationPath: outside.appendingPathComponent("10").path)
        try await harness.application.test(.router) { client in
            let file = try await client.execute(uri: "/files/" + Self.chunk, method: .get)
            #expect(file.status == .notFound)
            #expect(!String(buffer: file.body).contains("not a chunk"))
            let throughFolder = try await client.execute(
                uri: "/files/data/2025/10/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-10-04-22-00-00_to_2025-10-04-22-10-00.bin.zst",
                method: .get)
            #expect(throughFolder.status == .notFound)
        }
    }

    /// A store that lists but cannot be written is unhealthy: 503 naming the write.
    @Test func healthIs503OnAReadOnlyStore() async throws {
        let readOnly = LockedBox<ReadOnlyStore?>(nil)
        let harness = try SeisAPITestHarness(
            sampleArchive: true, environment: ["HEALTH_CACHE_SECONDS": "60"],
            store: { local in
                let store = ReadOnlyStore(wrapping: local)
                readOnly.value = store
                return store
            })
        try await harness.application.test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .serviceUnavailable)
            let body = try Self.json(response.body)
            #expect(body["status"] as? String == "unavailable")
            #expect(body["failed"] as? String == "write")
            // The step and the error's code; the store's own message (keys, paths) only in the log.
            #expect((body["error"] as? String)?.contains("probe object") == true)
            #expect((body["error"] as? String)?.contains("permissionDenied") == true)
            // Cached: a second check within HEALTH_CACHE_SECONDS does not touch the store.
            let attempts = readOnly.value?.writeAttempts
            let again = try await client.execute(uri: "/health", method: .get)
            #expect(again.status == .serviceUnavailable)
            #expect(readOnly.value?.writeAttempts == attempts)
        }
    }

    /// A healthy check writes and deletes its probe: nothing is left behind.
    @Test func healthProbeLeavesNothing() async throws {
        let harness = try SeisAPITestHarness(sampleArchive: true)
        try await harness.application.test(.router) { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
        }
        let store = FileSystemStore(root: harness.dataRoot.path)
        #expect(try await store.listAll(prefix: "health/").objects.isEmpty)
        #expect(FileManager.default.fileExists(atPath: harness.dataRoot.path + "/.seiscache/tmp"))
    }
}
