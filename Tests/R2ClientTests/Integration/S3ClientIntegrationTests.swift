import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import R2Client
import Testing

/// Round trips against a real S3 server (SeaweedFS `weed mini`, see scripts/s3-test-server).
///
/// SeaweedFS quirks these tests allow for: it stores `a//b` as `a/b` (GET/PUT/HEAD with `//` still
/// find the object, listings show one slash), and it does not check `x-amz-content-sha256`
/// against the body (S3ClientWireTests checks what is sent instead).
@Suite(.serialized, .timeLimit(.minutes(5))) struct S3ClientIntegrationTests {
    @Test func putGetHeadDeleteRoundTrip() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let body = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let put = try await s3.putObject(
            key: "dir/object.bin",
            body: body,
            contentType: "application/zstd",
            cacheControl: "public, max-age=31536000, immutable",
            metadata: ["Sample-Rate": "100"]
        )
        let eTag = try #require(put.eTag)

        let object = try await s3.getObject(key: "dir/object.bin")
        #expect(object.body == body)
        #expect(object.eTag == eTag)
        #expect(object.attributes.contentType == "application/zstd")
        #expect(object.attributes.cacheControl == "public, max-age=31536000, immutable")
        #expect(object.attributes.metadata["sample-rate"] == "100")

        let head = try await s3.headObject(key: "dir/object.bin")
        #expect(head.eTag == eTag)
        #expect(head.contentLength == 1000)
        #expect(head.objectSize == 1000)
        #expect(head.lastModified != nil)

        try await s3.deleteObject(key: "dir/object.bin")
        let getError = await #expect(throws: S3Error.self) { try await s3.getObject(key: "dir/object.bin") }
        #expect(getError?.code == .notFound)
        let headError = await #expect(throws: S3Error.self) { try await s3.headObject(key: "dir/object.bin") }
        #expect(headError?.code == .notFound)
        // Deleting again is fine (S3 semantics).
        try await s3.deleteObject(key: "dir/object.bin")
    }

    @Test(
        "keys with special characters round-trip",
        arguments: [
            "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_20251101.bin.zst",
            "with space/a b.bin",
            "plus+sign/a+b.bin",
            "tilde~/~x.bin",
            "ünïcødé/ключ/日本語.bin",
            "mixed/a b+c~d ü//e.bin",
            "reserved/!'()*;:@&=$,.bin",
        ]
    )
    func specialKeyRoundTrips(_ key: String) async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let body = Array("body of \(key)".utf8)
        let put = try await s3.putObject(key: key, body: body)
        let object = try await s3.getObject(key: key)
        #expect(object.body == body)
        #expect(object.eTag == put.eTag)
        #expect(try await s3.headObject(key: key).contentLength == body.count)

        let listed = try await s3.listObjectsV2().objects.map(\.key)
        // SeaweedFS quirk: it stores `a//b` as `a/b`, so its listings show one slash. R2 and S3 keep `//`.
        let seaweedKey = key.replacingOccurrences(of: "//", with: "/")
        #expect(listed == [key] || listed == [seaweedKey], "listed \(listed)")

        try await s3.deleteObject(key: key)
        await #expect(throws: S3Error.self) { try await s3.headObject(key: key) }
    }

    @Test func byteRangesReturnTheRequestedBytes() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let body = Array("0123456789abcdefghij".utf8)
        _ = try await s3.putObject(key: "r", body: body)

        let first = try await s3.getObject(key: "r", range: .bytes(0...9))
        #expect(first.body == Array(body[0...9]))
        #expect(first.attributes.contentRange == "bytes 0-9/20")
        #expect(first.attributes.objectSize == 20)
        #expect(first.attributes.contentLength == 10)

        // A range running past the end is clamped to it (S3 semantics).
        let clamped = try await s3.getObject(key: "r", range: .bytes(15...100))
        #expect(clamped.body == Array(body[15...]))
        #expect(clamped.attributes.objectSize == 20)

        #expect(try await s3.getObject(key: "r", range: .from(15)).body == Array(body[15...]))
        #expect(try await s3.getObject(key: "r", range: .suffix(4)).body == Array(body[16...]))

        let error = await #expect(throws: S3Error.self) { try await s3.getObject(key: "r", range: .bytes(100...200)) }
        #expect(error?.code == .invalidRange)
    }

    @Test func listingPagesThroughTwentyFiveKeysTenAtATime() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let keys = (0..<25).map { String(format: "page/key-%02d", $0) }
        for key in keys { _ = try await s3.putObject(key: key, body: [1]) }
        _ = try await s3.putObject(key: "other/x", body: [1])

        var seen: [String] = []
        var pageSizes: [Int] = []
        var token: String? = nil
        repeat {
            let page = try await s3.listObjectsV2(prefix: "page/", continuationToken: token, maxKeys: 10)
            seen += page.objects.map(\.key)
            pageSizes.append(page.objects.count)
            #expect(page.objects.allSatisfy { $0.size == 1 && $0.eTag != nil })
            // `String`, not `String?`: an optional result would make #require accept nil.
            token = page.isTruncated ? try #require(page.nextContinuationToken) as String : nil
        } while token != nil && pageSizes.count < 10
        #expect(seen == keys)
        #expect(pageSizes == [10, 10, 5])

        let after = try await s3.listObjectsV2(prefix: "page/", startAfter: "page/key-22")
        #expect(after.objects.map(\.key) == ["page/key-23", "page/key-24"])
    }

    @Test func delimiterRollsKeysUpIntoCommonPrefixes() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        for key in ["d/a/1", "d/a/2", "d/b/1", "d/c", "e/x"] { _ = try await s3.putObject(key: key, body: [0]) }
        let page = try await s3.listObjectsV2(prefix: "d/", delimiter: "/")
        #expect(page.objects.map(\.key) == ["d/c"])
        #expect(page.commonPrefixes == ["d/a/", "d/b/"])
        #expect(!page.isTruncated)
        let top = try await s3.listObjectsV2(delimiter: "/")
        #expect(top.commonPrefixes == ["d/", "e/"])
        #expect(top.objects.isEmpty)
    }

    @Test func ifNoneMatchStarCreatesOnceThenFailsThePrecondition() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        _ = try await s3.putObject(key: "meta/day.json", body: Array("v1".utf8), condition: .ifNoneMatchAny)
        let error = await #expect(throws: S3Error.self) {
            try await s3.putObject(key: "meta/day.json", body: Array("v2".utf8), condition: .ifNoneMatchAny)
        }
        #expect(error?.code == .preconditionFailed)
        #expect(error?.httpStatus == 412)
        #expect(error?.attempts == 1)
        #expect(try await s3.getObject(key: "meta/day.json").body == Array("v1".utf8))
    }

    @Test func ifMatchReplacesTheCurrentVersionAndRejectsAStaleOne() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let v1 = try #require(try await s3.putObject(key: "m", body: Array("v1".utf8)).eTag)
        let v2 = try #require(try await s3.putObject(key: "m", body: Array("v2".utf8), condition: .ifMatch(v1)).eTag)
        #expect(v1 != v2)
        let error = await #expect(throws: S3Error.self) {
            try await s3.putObject(key: "m", body: Array("v3".utf8), condition: .ifMatch(v1))
        }
        #expect(error?.code == .preconditionFailed)
        #expect(try await s3.getObject(key: "m").body == Array("v2".utf8))
    }

    @Test func ifNoneMatchWithTheCurrentETagIsNotModified() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let eTag = try #require(try await s3.putObject(key: "n", body: [1, 2]).eTag)
        let error = await #expect(throws: S3Error.self) { try await s3.getObject(key: "n", ifNoneMatch: eTag) }
        #expect(error?.code == .notModified)
        #expect(try await s3.getObject(key: "n", ifNoneMatch: "\"0123\"").body == [1, 2])
    }

    @Test func aWrongSecretIsRejectedBecauseTheServerChecksSignatures() async throws {
        let good = try await TestS3Server.clientWithNewBucket()
        _ = try await good.putObject(key: "s", body: [1])
        let settings = try TestS3Server.settings()
        let bad = try TestS3Server.client(settings: settings, bucket: good.configuration.bucket, secretKey: "not-the-secret")
        let getError = await #expect(throws: S3Error.self) { try await bad.getObject(key: "s") }
        #expect(getError?.code == .signatureMismatch || getError?.code == .accessDenied)
        #expect(getError?.attempts == 1)
        let putError = await #expect(throws: S3Error.self) { try await bad.putObject(key: "s2", body: [1]) }
        #expect(putError?.code == .signatureMismatch || putError?.code == .accessDenied)
        #expect(!String(describing: try #require(putError)).contains("not-the-secret"))
    }

    @Test func presignedGetWorksWithPlainHTTPAndATamperedOneFails() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let body = Array("presigned body".utf8)
        _ = try await s3.putObject(key: "p/a b//c.bin", body: body)
        let url = try s3.presignedURL(method: .get, key: "p/a b//c.bin", expiresIn: .seconds(300))
        #expect(url.absoluteString.contains("X-Amz-Expires=300"))

        let (status, received) = try await Self.fetch(url.absoluteString)
        #expect(status == 200)
        #expect(received == body)

        // Another key with the same signature.
        let tamperedKey = url.absoluteString.replacingOccurrences(of: "c.bin", with: "d.bin")
        #expect(try await Self.fetch(tamperedKey).status == 403)
        // A changed signature.
        let signature = try #require(url.absoluteString.components(separatedBy: "X-Amz-Signature=").last)
        let flipped = String(signature.prefix(63)) + (signature.hasSuffix("0") ? "1" : "0")
        #expect(try await Self.fetch(url.absoluteString.replacingOccurrences(of: signature, with: flipped)).status == 403)
    }

    @Test func presignedPutUploadsAnObject() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let url = try s3.presignedURL(method: .put, key: "up/ünï.bin", expiresIn: .seconds(600))
        let body = Array("uploaded without credentials".utf8)
        let (status, _) = try await Self.fetch(url.absoluteString, method: .PUT, body: body)
        #expect(status == 200)
        #expect(try await s3.getObject(key: "up/ünï.bin").body == body)
    }

    @Test func bodiesOverTheCapAreRejected() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        _ = try await s3.putObject(key: "big", body: [UInt8](repeating: 7, count: 4096))
        let error = await #expect(throws: S3Error.self) { try await s3.getObject(key: "big", maximumBytes: 1000) }
        #expect(error?.code == .responseTooLarge)
        #expect(try await s3.getObject(key: "big", maximumBytes: 4096).body.count == 4096)
    }

    @Test func creatingAnExistingBucketAndUsingAMissingOneAreReported() async throws {
        let s3 = try await TestS3Server.clientWithNewBucket()
        let exists = await #expect(throws: S3Error.self) { try await s3.createBucket() }
        #expect(exists?.code == .bucketAlreadyExists)

        let missing = try TestS3Server.client(settings: try TestS3Server.settings(), bucket: TestS3Server.uniqueBucketName())
        let error = await #expect(throws: S3Error.self) { try await missing.listObjectsV2() }
        #expect(error?.code == .noSuchBucket)
    }

    /// A plain AsyncHTTPClient request (no signing), as a browser or curl would send it.
    static func fetch(_ url: String, method: HTTPMethod = .GET, body: [UInt8]? = nil) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let received = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Array(received.readableBytesView))
    }
}
