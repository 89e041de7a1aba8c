import Foundation
import NIOHTTP1
import Testing

@testable import R2Client

/// What CopyObject puts on the wire, and S3's "200 with an `<Error>` body", against ``FakeS3Server``.
@Suite(.timeLimit(.minutes(5))) struct CopyObjectWireTests {
    static let key = "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst"

    @Test func sendsTheSourceTheNewAttributesAndTheSourceCondition() async throws {
        let result = "<CopyObjectResult><LastModified>2025-11-05T00:00:00.000Z</LastModified><ETag>&quot;e1&quot;</ETag></CopyObjectResult>"
        let server = try await FakeS3Server.start([FakeS3Server.Canned(status: 200, body: result)])
        let client = try S3ClientWireTests.client(server)
        let copy = try await client.copyObject(
            from: Self.key, to: Self.key, contentType: "application/octet-stream", cacheControl: "public, max-age=60",
            metadata: ["Writer": "test"], sourceETag: "\"e0\"")
        try await server.shutdown()
        #expect(copy.eTag == "\"e1\"")
        let request = try #require(server.requests.first)
        #expect(request.method == "PUT")
        #expect(request.uri == "/wire-bucket/" + Self.key)
        #expect(request.body.isEmpty)
        // The source is bucket/key encoded as a path: `//` kept, nothing encoded twice.
        #expect(request.headers.first(name: "x-amz-copy-source") == "wire-bucket/" + Self.key)
        #expect(request.headers.first(name: "x-amz-metadata-directive") == "REPLACE")
        #expect(request.headers.first(name: "x-amz-copy-source-if-match") == "\"e0\"")
        #expect(request.headers.first(name: "content-type") == "application/octet-stream")
        #expect(request.headers.first(name: "cache-control") == "public, max-age=60")
        #expect(request.headers.first(name: "x-amz-meta-writer") == "test")
        // Signed like every other header (SigV4 signs what is sent).
        let signed = request.headers.first(name: "authorization") ?? ""
        #expect(signed.contains("x-amz-copy-source;x-amz-copy-source-if-match;x-amz-date;x-amz-meta-writer;x-amz-metadata-directive"))
    }

    @Test func anErrorInsideA200IsThrown() async throws {
        let server = try await FakeS3Server.start([
            FakeS3Server.Canned(status: 200, body: S3ClientWireTests.errorXML("InternalError"))
        ])
        let client = try S3ClientWireTests.client(server)
        let error = await #expect(throws: S3Error.self) {
            try await client.copyObject(from: Self.key, to: Self.key, cacheControl: "max-age=1")
        }
        try await server.shutdown()
        #expect(error?.code == .serverError)
        #expect(error?.s3Code == "InternalError")
    }
}
