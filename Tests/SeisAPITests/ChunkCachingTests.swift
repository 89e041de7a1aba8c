import CacheServices
import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import seisapi
import Testing

/// Issue 15 item 5: a forced backfill can rewrite a chunk under the same key, so manifests
/// name chunks by a versioned URL, `/files/` revalidates by ETag, and only a URL whose version
/// names the bytes served is immutable. Expected versions and ETags come from `md5sum` of the
/// stored file, not from the code under test.
@Suite("chunk caching: versions, ETags, Cache-Control", .timeLimit(.minutes(5)))
struct ChunkCachingTests {
    static let hour = "network=HV&volcano=kilauea&station=LONG&location=&channel=LHZ"
        + "&start=2025-11-02T00:00:00Z&end=2025-11-02T01:00:00Z"
    static let chunkKey = "data/2025/11/HV/kilauea/LONG//LHZ/HV_LONG__LHZ_1Hz_2025-11-02-00-00-00_to_2025-11-02-01-00-00.bin.zst"
    static let immutable = "public, max-age=31536000, immutable"
    static let revalidating = "public, max-age=60, must-revalidate"

    static func manifest(_ client: some TestClientProtocol) async throws -> ChunkManifest {
        let response = try await client.execute(uri: "/data?\(hour)", method: .get)
        #expect(response.headers[HTTPField.Name("X-Cache")!] == "hit")
        return try JSONDecoder().decode(ChunkManifest.self, from: Data(String(buffer: response.body).utf8))
    }

    @Test func aForcedRewriteChangesTheVersionTheURLAndTheServedETag() async throws {
        // A short metadata lifetime: the rewrite below comes from another writer (no invalidation).
        let harness = try SeisAPITestHarness(metadataLifetime: .milliseconds(100))
        try await StoredChunkWriter.write(harness.services.store, kind: .oneHour, starts: ["2025-11-02T00:00:00Z"], seed: 1)
        try await harness.application.test(.router) { client in
            let before = try #require(try await Self.manifest(client).chunks.first)
            let md5Before = try StoredChunkWriter.md5sum(dataRoot: harness.dataRoot, key: Self.chunkKey)
            #expect(before.key == Self.chunkKey)
            #expect(before.version == String(md5Before.prefix(12)))
            #expect(before.url.hasSuffix(".bin.zst?v=\(md5Before.prefix(12))"))
            let first = try await client.execute(uri: before.url, method: .get)
            #expect(first.headers[.eTag] == "\"\(md5Before)\"")
            #expect(first.headers[.cacheControl] == Self.immutable)

            // The rewrite: other samples under the same key (a forced backfill).
            try await StoredChunkWriter.write(
                harness.services.store, kind: .oneHour, starts: ["2025-11-02T00:00:00Z"], seed: 2)
            try await Task.sleep(for: .milliseconds(150))
            let after = try #require(try await Self.manifest(client).chunks.first)
            let md5After = try StoredChunkWriter.md5sum(dataRoot: harness.dataRoot, key: Self.chunkKey)
            #expect(md5After != md5Before)
            #expect(after.key == before.key)
            #expect(after.version == String(md5After.prefix(12)))
            #expect(after.url != before.url)
            let fresh = try await client.execute(uri: after.url, method: .get)
            #expect(fresh.headers[.eTag] == "\"\(md5After)\"")
            #expect(fresh.headers[.cacheControl] == Self.immutable)

            // The old manifest's URL now gets the new bytes, which must not be kept as its version.
            let old = try await client.execute(uri: before.url, method: .get)
            #expect(old.status == .ok)
            #expect(old.headers[.eTag] == "\"\(md5After)\"")
            #expect(old.headers[.cacheControl] == Self.revalidating)
            #expect(Array(old.body.readableBytesView) == Array(fresh.body.readableBytesView))
            // A browser revalidating its old copy gets the new bytes, not a 304.
            let revalidated = try await client.execute(
                uri: before.url, method: .get, headers: [.ifNoneMatch: "\"\(md5Before)\""])
            #expect(revalidated.status == .ok)
            #expect(revalidated.body.readableBytes == fresh.body.readableBytes)
        }
    }

    @Test func filesAnswerAMatchingIfNoneMatchWith304() async throws {
        let harness = try SeisAPITestHarness()
        try await StoredChunkWriter.write(harness.services.store, kind: .oneHour, starts: ["2025-11-02T00:00:00Z"], seed: 3)
        let md5 = try StoredChunkWriter.md5sum(dataRoot: harness.dataRoot, key: Self.chunkKey)
        let day = "data/2025/11/HV/kilauea/LONG//LHZ/HV_LONG__LHZ_1Hz_2025-11-02.json"
        let dayMD5 = try StoredChunkWriter.md5sum(dataRoot: harness.dataRoot, key: day)
        try await harness.application.test(.router) { client in
            let cases: [(uri: String, ifNoneMatch: String, status: HTTPResponse.Status)] = [
                ("/files/\(Self.chunkKey)", "\"\(md5)\"", .notModified),
                ("/files/\(Self.chunkKey)?v=\(md5.prefix(12))", "\"\(md5)\"", .notModified),
                ("/files/\(Self.chunkKey)", "W/\"\(md5)\"", .notModified),
                ("/files/\(Self.chunkKey)", "\"0123\", \"\(md5)\"", .notModified),
                ("/files/\(Self.chunkKey)", "*", .notModified),
                ("/files/\(Self.chunkKey)", "\"0123\"", .ok),
                ("/files/\(day)", "\"\(dayMD5)\"", .notModified),
            ]
            for (uri, condition, status) in cases {
                let response = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: condition])
                #expect(response.status == status, "\(uri) If-None-Match: \(condition)")
                #expect(response.headers[.eTag] != nil, "\(uri)")
                #expect(response.headers[.cacheControl] != nil, "\(uri): a 304 repeats the caching headers")
                if status == .notModified { #expect(response.body.readableBytes == 0) }
            }
        }
    }

    /// Each route's Cache-Control, from a stored hit, a miss and the files behind them.
    @Test func cacheControlPerRoute() async throws {
        let harness = try SeisAPITestHarness()
        try await StoredChunkWriter.write(harness.services.store, kind: .oneHour, starts: ["2025-11-02T00:00:00Z"], seed: 4)
        let md5 = try StoredChunkWriter.md5sum(dataRoot: harness.dataRoot, key: Self.chunkKey)
        let day = "/files/data/2025/11/HV/kilauea/LONG//LHZ/HV_LONG__LHZ_1Hz_2025-11-02.json"
        let miss = "/data?network=HV&volcano=kilauea&station=LONG&location=&channel=LHZ"
            + "&start=2025-11-02T03:00:00Z&end=2025-11-02T04:00:00Z"
        let expected: [(uri: String, cacheControl: String)] = [
            ("/files/\(Self.chunkKey)?v=\(md5.prefix(12))", Self.immutable),
            ("/files/\(Self.chunkKey)?v=\(md5.prefix(12).uppercased())", Self.immutable),
            ("/files/\(Self.chunkKey)", Self.revalidating),
            ("/files/\(Self.chunkKey)?v=000000000000", Self.revalidating),
            ("/files/\(Self.chunkKey)?v=\(md5.prefix(6))", Self.revalidating),
            (day, "no-cache"),
            ("/data?\(Self.hour)", "public, max-age=5"),
            (miss, "no-store"),
        ]
        try await harness.application.test(.router) { client in
            for (uri, cacheControl) in expected {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.cacheControl] == cacheControl, "\(uri)")
            }
        }
    }

    /// `/files/`'s choice: immutable only when `v` is the version of the bytes served.
    @Test(arguments: [
        (String?.none, "0123456789abcdef0123456789abcdef", revalidating),
        ("0123456789ab", "0123456789abcdef0123456789abcdef", immutable),
        ("0123456789AB", "0123456789abcdef0123456789abcdef", immutable),
        ("0123456789ac", "0123456789abcdef0123456789abcdef", revalidating),
        ("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", revalidating),
    ])
    func fileRouteImmutableOnlyForTheServedVersion(asked: String?, etag: String, expected: String) {
        #expect(FileRoutes.chunkCacheControl(asked: asked, stored: ETag(etag)) == expected)
        #expect(FileRoutes.chunkCacheControl(asked: asked, stored: nil) == Self.revalidating)
    }
}
