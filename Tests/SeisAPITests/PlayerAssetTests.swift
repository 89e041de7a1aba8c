import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import seisapi
import TestSupport
import Testing

/// The player's files come from the binary, byte for byte as in `Sources/seisapi/Player/`,
/// with a Content-Security-Policy and ETags.
@Suite(.timeLimit(.minutes(5))) struct PlayerAssetTests {
    static let folder = TestSupport.repository.appendingPathComponent("Sources/seisapi/Player")

    static func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func everyFileOfTheFolderIsServedAsOnDisk() async throws {
        let harness = try SeisAPITestHarness()
        let files = try Self.files()
        #expect(files.contains("index.html") && files.contains("zstd.wasm"))
        try await harness.application.test(.router) { client in
            for file in files {
                let uri = file == "index.html" ? "/" : "/player/\(file)"
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri) is not served: add it to PlayerAssets.byName")
                let onDisk = try Data(contentsOf: Self.folder.appendingPathComponent(file))
                #expect(Data(response.body.readableBytesView) == onDisk, "\(uri)")
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "\(uri)")
                #expect(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"))
                #expect(response.headers[.eTag] != nil)
                let type = response.headers[.contentType] ?? ""
                switch (file as NSString).pathExtension {
                case "js": #expect(type.hasPrefix("text/javascript"), "\(uri)")
                case "wasm": #expect(type == "application/wasm")
                case "css": #expect(type.hasPrefix("text/css"))
                case "html": #expect(type.hasPrefix("text/html"))
                default: Issue.record("unexpected file \(file) in the player folder")
                }
            }
        }
    }

    @Test func aMatchingETagIs304AndUnknownFilesAre404() async throws {
        let harness = try SeisAPITestHarness()
        try await harness.application.test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get)
            let etag = try #require(page.headers[.eTag])
            let again = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            for uri in ["/player/nope.js", "/player/..%2FPackage.swift", "/player/index.html", "/player/"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
            }
        }
    }

    @Test func chunksFromAPublicBucketAreAllowedByThePolicy() {
        let policy = PlayerRoutes.contentSecurityPolicy(chunkOrigin: "https://chunks.example.org")
        #expect(policy.contains("connect-src 'self' https://chunks.example.org;"))
        #expect(PlayerRoutes.contentSecurityPolicy(chunkOrigin: nil).contains("connect-src 'self';"))
    }
}
