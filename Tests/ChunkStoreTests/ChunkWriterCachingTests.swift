import ChunkStore
import Foundation
import Logging
import SeedCore
import Synchronization
import Testing
import TestSupport

/// What ``ChunkWriter`` stores for caches: the Cache-Control S3/R2 keep with a chunk (a
/// public bucket or CDN serves it for every URL) and the ETag recorded in the entry, from
/// which manifests derive the chunk's version (issue 15 item 5).
@Suite(.timeLimit(.minutes(5))) struct ChunkWriterCachingTests {
    /// Records the options of every write, then writes through.
    final class RecordingStore: ObjectStore {
        let store: any ObjectStore
        private let puts = Mutex<[String: PutOptions]>([:])

        init(wrapping store: any ObjectStore) { self.store = store }

        func options(_ key: String) -> PutOptions? { puts.withLock { $0[key] } }
        var displayName: String { store.displayName }

        func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
            try await store.get(key, range: range)
        }

        func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo { try await store.head(key) }

        func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
            puts.withLock { $0[key] = options }
            return try await store.put(key, body: body, options: options)
        }

        func delete(_ key: String) async throws(ObjectStoreError) { try await store.delete(key) }

        func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
            async throws(ObjectStoreError) -> ObjectListing
        {
            try await store.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
        }
    }

    static let id = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")

    /// Writes the 22:00 10-minute chunk of a 1 Hz ramp starting at `first`.
    static func write(_ store: any ObjectStore, first: Int32) async throws -> ChunkWriter.StoredChunk {
        let writer = ChunkWriter(store: store, logger: Logger.quiet("writer-caching-test"))
        let channel = try ChannelKey(sourceID: id, volcano: "kilauea", sampleRate: 1)
        let start = try #require(UTCTime(iso8601: "2025-11-04T22:00:00Z"))
        let key = try ChunkKey(channel: channel, kind: .tenMinutes, start: start)
        let values = ContiguousArray((0..<601).map { first + Int32($0) })
        let trace = Trace(id: id, startTime: start, sampleRate: 1, samples: .int32(values))
        var samples: [Int32] = []
        let summary = try WindowProcessor().process([trace], channel: id, window: key.window, into: &samples)
        let stored = try await writer.upload(samples, summary: summary, key: key)
        try await writer.record([stored])
        return stored
    }

    static func md5sum(_ root: URL, _ key: String) throws -> String {
        let path = root.appendingPathComponent(key.replacingOccurrences(of: "//", with: "/--/")).path
        return String(try TestSupport.run(URL(fileURLWithPath: "/usr/bin/md5sum"), [path]).stdout.prefix(32))
    }

    @Test func chunksAreStoredRevalidatingWithTheirETagRecorded() async throws {
        let root = try TestSupport.temporaryFolder()
        let store = RecordingStore(wrapping: FileSystemStore(root: root.path))
        let first = try await Self.write(store, first: 0)
        // Not immutable: a forced backfill may rewrite the key (Docs/data-format.md, "Caching").
        #expect(store.options(first.key.key)?.cacheControl == "public, max-age=60, must-revalidate")
        let md5 = try Self.md5sum(root, first.key.key)
        let metadata = try DayMetadata(json: try await store.get(first.key.dayMetadataKey.key).body)
        let entry = try #require(metadata.entries(.tenMinutes).first)
        #expect(entry.etag == md5)
        #expect(entry.version == String(md5.prefix(12)))

        // Rewritten with other samples: a new ETag in the entry (the one entry, replaced).
        let second = try await Self.write(store, first: 1000)
        #expect(second.uploaded)
        let md5After = try Self.md5sum(root, second.key.key)
        #expect(md5After != md5)
        let after = try DayMetadata(json: try await store.get(second.key.dayMetadataKey.key).body)
        #expect(after.entries(.tenMinutes).map(\.etag) == [md5After])
    }

    @Test func entriesWithoutAnETagStillParseAndHaveNoVersion() throws {
        let json = """
            {"start": "22:00:00", "end": "22:10:00", "min": -1, "max": 1, "samples": 600}
            """
        let entry = try JSONDecoder().decode(ChunkEntry.self, from: Data(json.utf8))
        #expect(entry.etag == nil)
        #expect(entry.version == nil)
        let withTag = try JSONDecoder().decode(
            ChunkEntry.self, from: Data(json.replacingOccurrences(of: "}", with: ", \"etag\": \"0123456789abcdef0123456789abcdef\"}").utf8))
        #expect(withTag.version == "0123456789ab")
        let encoded = String(decoding: try JSONEncoder().encode(withTag), as: UTF8.self)
        #expect(encoded.contains("\"etag\":\"0123456789abcdef0123456789abcdef\""))
        #expect(withTag.extra.isEmpty, "etag is a known field, not an unknown one kept aside")
    }
}
