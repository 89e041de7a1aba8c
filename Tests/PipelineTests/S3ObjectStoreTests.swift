import AsyncHTTPClient
import ChunkStore
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ObjectStoreConformance
import Pipeline
import R2Client
import TestSupport
import Testing

/// The S3 store against a real server that checks signatures (SeaweedFS, started by scripts/test).
@Suite(.timeLimit(.minutes(5))) struct S3ObjectStoreTests {
    static let store: Task<S3ObjectStore, any Error> = Task { S3ObjectStore(client: try await S3TestBucket.client()) }

    /// The same conformance suite as the local store, 8-writer metadata test included.
    /// SeaweedFS lists `a//b` as `a/b` (reads and writes keep `//`) and keeps listing a folder
    /// after its last object is deleted: both tolerated as quirks.
    @Test(arguments: ObjectStoreConformance.checkNames)
    func passesTheConformanceSuite(check: String) async throws {
        let store = try await Self.store.value
        let quirks = ObjectStoreConformance.Quirks(
            collapsesEmptySegmentsInListings: true, listsEmptyFoldersAsPrefixes: true)
        try await ObjectStoreConformance(store: store, base: "run/", quirks: quirks).run(check)
    }

    @Test func aWrongSecretIsRefusedAsPermissionDenied() async throws {
        let good = try await Self.store.value
        var configuration = good.client.configuration
        configuration.credentials = S3Credentials(
            accessKeyID: configuration.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        configuration.retryPolicy = .never
        let bad = S3ObjectStore(client: S3Client(configuration: configuration, httpClient: .shared, logger: .init(label: "t")))
        await #expect { try await bad.put("x", body: [1]) } throws: {
            ($0 as? ObjectStoreError)?.code == .permissionDenied
        }
        await #expect { try await bad.get("x") } throws: { ($0 as? ObjectStoreError)?.code == .permissionDenied }
    }

    @Test func presignedURLsReadWithoutCredentials() async throws {
        let store = try await Self.store.value
        try await store.put("presign/object", body: Array("hello".utf8))
        let url = try store.presignedURL(for: "presign/object", expiresIn: .seconds(60))
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(10))
        #expect(response.status == .ok)
        #expect(Array(try await response.body.collect(upTo: 1 << 20).readableBytesView) == Array("hello".utf8))
    }
}
