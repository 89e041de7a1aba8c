import Foundation
import R2Client
import Testing

/// CopyObject onto its own key with new attributes, against the real S3 server (SeaweedFS).
@Suite(.timeLimit(.minutes(5))) struct CopyObjectIntegrationTests {
    static let key = "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst"

    @Test func copyOntoItselfReplacesTheAttributesAndKeepsBytesAndETag() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let body = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 13) }
        let put = try await s3.putObject(
            key: Self.key, body: body, contentType: "application/octet-stream",
            cacheControl: "public, max-age=31536000, immutable", metadata: ["sample-rate": "100"])
        let eTag = try #require(put.eTag)

        let copy = try await s3.copyObject(
            from: Self.key, to: Self.key, contentType: "application/x-seiscache-test",
            cacheControl: "public, max-age=60, must-revalidate", metadata: ["sample-rate": "100"], sourceETag: eTag)
        #expect(copy.eTag == eTag)

        let object = try await s3.getObject(key: Self.key)
        #expect(object.body == body)
        #expect(object.eTag == eTag)
        #expect(object.attributes.cacheControl == "public, max-age=60, must-revalidate")
        #expect(object.attributes.contentType == "application/x-seiscache-test")
        #expect(object.attributes.metadata == ["sample-rate": "100"])
    }

    @Test func aStaleSourceETagCopiesNothing() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let first = try #require(try await s3.putObject(key: Self.key, body: Array("first".utf8), cacheControl: "max-age=1").eTag)
        _ = try await s3.putObject(key: Self.key, body: Array("second".utf8), cacheControl: "max-age=2")
        let error = await #expect(throws: S3Error.self) {
            try await s3.copyObject(from: Self.key, to: Self.key, cacheControl: "max-age=3", sourceETag: first)
        }
        #expect(error?.code == .preconditionFailed)
        let head = try await s3.headObject(key: Self.key)
        #expect(head.cacheControl == "max-age=2")
    }

    @Test func aMissingSourceIsNotFound() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let error = await #expect(throws: S3Error.self) {
            try await s3.copyObject(from: "data/none.bin.zst", to: "data/none.bin.zst", cacheControl: "max-age=3")
        }
        #expect(error?.code == .notFound)
    }
}
