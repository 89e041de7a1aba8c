import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import R2Client

/// What the client puts on the wire and how it retries, against ``FakeS3Server``.
@Suite(.timeLimit(.minutes(5))) struct S3ClientWireTests {
    static let credentials = S3Credentials(accessKeyID: "AKWIRE", secretAccessKey: "wire-secret-value")

    static func client(
        _ server: FakeS3Server,
        retry: S3RetryPolicy = S3RetryPolicy(maximumAttempts: 4, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(20)),
        timeout: Duration = .seconds(10),
        logger: Logger = Logger.quiet("test"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> S3Client {
        let configuration = try S3Configuration(
            endpoint: try #require(URL(string: server.endpoint)),
            bucket: "wire-bucket",
            credentials: credentials,
            retryPolicy: retry,
            timeouts: S3Timeouts(request: timeout)
        )
        return S3Client(configuration: configuration, httpClient: .shared, logger: logger, now: now)
    }

    static func errorXML(_ code: String, _ extra: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>m</Message>\(extra)<RequestId>R</RequestId></Error>"
    }

    @Test func requestLineKeepsDoubleSlashesAndEncodesEachSegmentOnce() async throws {
        let server = try await FakeS3Server.start([FakeS3Server.Canned(status: 200, headers: [("ETag", "\"e1\"")])])
        let client = try Self.client(server)
        let key = "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_20251101.bin.zst"
        let body: [UInt8] = Array("zstd bytes".utf8)
        let result = try await client.putObject(
            key: key,
            body: body,
            contentType: "application/zstd",
            cacheControl: "public, max-age=60",
            condition: .ifNoneMatchAny
        )
        try await server.shutdown()
        #expect(result.eTag == "\"e1\"")
        let request = try #require(server.requests.first)
        #expect(request.method == "PUT")
        #expect(request.uri == "/wire-bucket/" + key)
        #expect(request.body == body)
        #expect(request.headers.first(name: "x-amz-content-sha256") == SigV4Signer.sha256Hex(body))
        #expect(request.headers.first(name: "content-length") == String(body.count))
        #expect(request.headers.first(name: "if-none-match") == "*")
        #expect(request.headers.first(name: "host") == "127.0.0.1:\(server.port)")
        // No aws-chunked streaming, no flexible checksums (R2 does not support them all).
        #expect(!request.headers.contains(name: "transfer-encoding"))
        #expect(!request.headers.contains { $0.name.lowercased().hasPrefix("x-amz-checksum") })
        #expect(request.headers.first(name: "content-encoding") == nil)
        let authorization = try #require(request.headers.first(name: "authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKWIRE/"))
        #expect(
            authorization.contains(
                "/us-east-1/s3/aws4_request, SignedHeaders=cache-control;content-type;host;if-none-match;x-amz-content-sha256;x-amz-date, Signature="
            )
        )
        #expect(request.headers.first(name: "user-agent") != nil)  // sent but not signed
    }

    @Test(
        "special characters in keys go on the request line encoded exactly once",
        arguments: [
            ("a b+c~d", "/wire-bucket/a%20b%2Bc~d"),
            ("ünï/日本//x", "/wire-bucket/%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC//x"),
            ("//lead", "/wire-bucket///lead"),
            ("100%/a%2Fb", "/wire-bucket/100%25/a%252Fb"),
        ]
    )
    func specialKeysAreEncodedOnce(_ key: String, _ expectedURI: String) async throws {
        let server = try await FakeS3Server.start([FakeS3Server.Canned(status: 200, body: "x")])
        let client = try Self.client(server)
        _ = try await client.getObject(key: key)
        try await server.shutdown()
        #expect(server.requests.map(\.uri) == [expectedURI])
    }

    @Test func listQueryIsEncodedAndSortedAsSigned() async throws {
        let xml = "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>"
        let server = try await FakeS3Server.start([FakeS3Server.Canned(status: 200, body: xml)])
        let client = try Self.client(server)
        _ = try await client.listObjectsV2(prefix: "a b/", delimiter: "/", continuationToken: "t+/=", startAfter: "ü", maxKeys: 10)
        try await server.shutdown()
        #expect(
            server.requests.first?.uri
                == "/wire-bucket?continuation-token=t%2B%2F%3D&delimiter=%2F&list-type=2&max-keys=10&prefix=a%20b%2F&start-after=%C3%BC"
        )
    }

    @Test(
        "transient failures are retried until success",
        arguments: [
            (503, ""), (500, "InternalError"), (502, ""), (504, ""), (503, "SlowDown"), (409, "OperationAborted"), (429, ""),
            (400, "RequestTimeout"),
        ]
    )
    func retriesTransientFailure(_ status: Int, _ s3Code: String) async throws {
        let failure = FakeS3Server.Canned(status: status, body: s3Code.isEmpty ? "" : Self.errorXML(s3Code))
        let server = try await FakeS3Server.start([failure, failure, FakeS3Server.Canned(status: 200, body: "payload")])
        let client = try Self.client(server)
        let object = try await client.getObject(key: "k")
        try await server.shutdown()
        #expect(object.body == Array("payload".utf8))
        #expect(server.requests.count == 3)
        // Each attempt is signed afresh.
        #expect(server.requests.allSatisfy { $0.headers.first(name: "authorization") != nil })
    }

    @Test func slowDownIsReportedAsThrottledWhenRetriesRunOut() async throws {
        let server = try await FakeS3Server.start([], fallback: FakeS3Server.Canned(status: 503, body: Self.errorXML("SlowDown")))
        let client = try Self.client(server, retry: S3RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(2)))
        let error = await #expect(throws: S3Error.self) { try await client.getObject(key: "k") }
        try await server.shutdown()
        #expect(error?.code == .throttled)
        #expect(error?.s3Code == "SlowDown")
        #expect(error?.attempts == 3)
        #expect(error?.isTransient == true)
        #expect(server.requests.count == 3)
    }

    @Test func retriesAreBoundedByMaximumAttempts() async throws {
        let server = try await FakeS3Server.start([], fallback: FakeS3Server.Canned(status: 500))
        let client = try Self.client(server, retry: S3RetryPolicy(maximumAttempts: 5, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(4)))
        let error = await #expect(throws: S3Error.self) { try await client.putObject(key: "k", body: [1, 2, 3]) }
        try await server.shutdown()
        #expect(error?.code == .serverError)
        #expect(error?.attempts == 5)
        #expect(server.requests.count == 5)
    }

    @Test(
        "definite answers are not retried",
        arguments: [
            (412, "PreconditionFailed", S3Error.Code.preconditionFailed),
            (404, "NoSuchKey", .notFound),
            (403, "AccessDenied", .accessDenied),
            (403, "SignatureDoesNotMatch", .signatureMismatch),
            (400, "InvalidArgument", .requestRejected),
        ]
    )
    func definiteAnswerIsNotRetried(_ status: Int, _ s3Code: String, _ code: S3Error.Code) async throws {
        let server = try await FakeS3Server.start([], fallback: FakeS3Server.Canned(status: status, body: Self.errorXML(s3Code)))
        let client = try Self.client(server)
        let error = await #expect(throws: S3Error.self) { try await client.putObject(key: "k", body: [1], condition: .ifMatch("\"old\"")) }
        try await server.shutdown()
        #expect(error?.code == code)
        #expect(error?.attempts == 1)
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.headers.first(name: "if-match") == "\"old\"")
    }

    @Test func notModifiedIsReportedForIfNoneMatch() async throws {
        let server = try await FakeS3Server.start([FakeS3Server.Canned(status: 304, headers: [("ETag", "\"e\"")])])
        let client = try Self.client(server)
        let error = await #expect(throws: S3Error.self) { try await client.getObject(key: "k", ifNoneMatch: "\"e\"") }
        try await server.shutdown()
        #expect(error?.code == .notModified)
        #expect(server.requests.first?.headers.first(name: "if-none-match") == "\"e\"")
    }

    @Test func requestTimeTooSkewedSaysTheClockIsOffAndByHowMuch() async throws {
        let serverTime = Date(timeIntervalSince1970: 1_795_421_159)  // Mon, 23 Nov 2026 08:05:59 GMT
        let server = try await FakeS3Server.start(
            [],
            fallback: FakeS3Server.Canned(
                status: 403,
                headers: [("Date", "Mon, 23 Nov 2026 08:05:59 GMT")],
                body: Self.errorXML("RequestTimeTooSkewed", "<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>")
            )
        )
        let client = try Self.client(server, now: { serverTime + 1234 })
        let error = await #expect(throws: S3Error.self) { try await client.getObject(key: "k") }
        // HEAD gets no XML body: the Date header alone tells.
        let headError = await #expect(throws: S3Error.self) { try await client.headObject(key: "k") }
        try await server.shutdown()
        for error in [error, headError] {
            #expect(error?.code == .clockSkewed)
            #expect(error?.message.contains("local clock is 1234 s ahead of the store's clock") == true)
        }
        #expect(server.requests.count == 2)
        #expect(server.requests.first?.headers.first(name: "x-amz-date") == "20261123T082633Z")
    }

    @Test func aForbiddenHeadWithinTheAllowedSkewIsAccessDenied() async throws {
        let server = try await FakeS3Server.start(
            [],
            fallback: FakeS3Server.Canned(status: 403, headers: [("Date", "Mon, 23 Nov 2026 08:05:59 GMT")])
        )
        let client = try Self.client(server, now: { Date(timeIntervalSince1970: 1_795_421_159 + 600) })
        let error = await #expect(throws: S3Error.self) { try await client.headObject(key: "k") }
        try await server.shutdown()
        #expect(error?.code == .accessDenied)
    }

    @Test func aSlowAnswerTimesOutAndIsRetried() async throws {
        let slow = FakeS3Server.Canned(status: 200, body: "late", delay: .seconds(2))
        let server = try await FakeS3Server.start([slow, FakeS3Server.Canned(status: 200, body: "on time")])
        let client = try Self.client(server, timeout: .milliseconds(300))
        let object = try await client.getObject(key: "k")
        #expect(object.body == Array("on time".utf8))
        try await server.shutdown()
    }

    @Test func timeoutsAreReportedAsTransientWhenRetriesRunOut() async throws {
        let server = try await FakeS3Server.start([], fallback: FakeS3Server.Canned(status: 200, delay: .seconds(2)))
        let client = try Self.client(
            server,
            retry: S3RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(1)),
            timeout: .milliseconds(200)
        )
        let error = await #expect(throws: S3Error.self) { try await client.deleteObject(key: "k") }
        try await server.shutdown()
        #expect(error?.code == .timeout)
        #expect(error?.isTransient == true)
        #expect(error?.attempts == 2)
    }

    @Test func connectionRefusedIsTransientAndRetried() async throws {
        // AsyncHTTPClient keeps trying to connect until its connect timeout: keep that short here.
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(timeout: HTTPClient.Configuration.Timeout(connect: .milliseconds(200)))
        )
        let server = try await FakeS3Server.start([])
        let configuration = try Self.client(server).configuration
        try await server.shutdown()  // nothing listens on the port any more
        var fastRetries = configuration
        fastRetries.retryPolicy = S3RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(1), maximumDelay: .milliseconds(1))
        let client = S3Client(configuration: fastRetries, httpClient: httpClient, logger: Logger.quiet("test"))
        let error = await #expect(throws: S3Error.self) { try await client.headObject(key: "k") }
        try await httpClient.shutdown()
        #expect(error?.code == .connectionFailed || error?.code == .timeout)
        #expect(error?.isTransient == true)
        #expect(error?.attempts == 2)
    }

    @Test func aConnectionClosedWithoutAnswerIsRetried() async throws {
        let server = try await FakeS3Server.start([
            FakeS3Server.Canned(status: 200, dropConnection: true),
            FakeS3Server.Canned(status: 200, headers: [("ETag", "\"e2\"")]),
        ])
        let client = try Self.client(server)
        let result = try await client.putObject(key: "k", body: [1, 2, 3], condition: .ifNoneMatchAny)
        try await server.shutdown()
        #expect(result.eTag == "\"e2\"")
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.body == [1, 2, 3] })
    }

    @Test func bodiesOverTheCapAreRejected() async throws {
        let server = try await FakeS3Server.start([FakeS3Server.Canned(status: 200, body: String(repeating: "x", count: 100))])
        let client = try Self.client(server)
        let error = await #expect(throws: S3Error.self) { try await client.getObject(key: "k", maximumBytes: 10) }
        try await server.shutdown()
        #expect(error?.code == .responseTooLarge)
        #expect(server.requests.count == 1)
    }

    @Test func secretsAndSignaturesAreNeverLogged() async throws {
        let (logger, logs) = CapturingLogHandler.logger()
        let server = try await FakeS3Server.start(
            [FakeS3Server.Canned(status: 503), FakeS3Server.Canned(status: 200, body: "ok")],
            fallback: FakeS3Server.Canned(status: 403, body: Self.errorXML("SignatureDoesNotMatch"))
        )
        let client = try Self.client(server, logger: logger)
        _ = try await client.getObject(key: "a//b")
        let error = await #expect(throws: S3Error.self) { try await client.getObject(key: "c") }
        let url = try client.presignedURL(method: .get, key: "d", expiresIn: .seconds(60))
        try await server.shutdown()
        let signatures = server.requests.compactMap { $0.headers.first(name: "authorization")?.components(separatedBy: "Signature=").last }
        #expect(signatures.count == 3)
        let presignedSignature = try #require(url.absoluteString.components(separatedBy: "X-Amz-Signature=").last)
        #expect(logs.all.contains { $0.contains("s3.key=a//b") })
        #expect(logs.all.contains { $0.contains("retrying") })
        for line in logs.all + [String(describing: try #require(error)), String(describing: client.configuration)] {
            #expect(!line.contains(Self.credentials.secretAccessKey))
            #expect(!line.contains(presignedSignature))
            for signature in signatures { #expect(!line.contains(signature)) }
        }
    }

    @Test func presignedURLsLongerThanSevenDaysAreRejected() throws {
        let configuration = try S3Configuration(
            endpoint: try #require(URL(string: "https://acc.r2.cloudflarestorage.com")),
            region: "auto",
            bucket: "b-1",
            credentials: Self.credentials
        )
        let client = S3Client(configuration: configuration, httpClient: .shared, logger: Logger.quiet("test"))
        #expect(throws: Never.self) { try client.presignedURL(method: .put, key: "k", expiresIn: .seconds(604_800)) }
        let error = #expect(throws: S3Error.self) { try client.presignedURL(method: .get, key: "k", expiresIn: .seconds(604_801)) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("7 days") == true)
        #expect(throws: S3Error.self) { try client.presignedURL(method: .get, key: "k", expiresIn: .zero) }
    }

    @Test func virtualHostAddressingPutsTheBucketInTheHost() throws {
        let configuration = try S3Configuration(
            endpoint: try #require(URL(string: "https://s3.example.com:8443")),
            bucket: "bkt",
            credentials: Self.credentials,
            addressing: .virtualHost
        )
        let client = S3Client(configuration: configuration, httpClient: .shared, logger: Logger.quiet("test"))
        let target = client.target(key: "a//b c", query: [])
        #expect(target.host == "bkt.s3.example.com:8443")
        #expect(target.url == "https://bkt.s3.example.com:8443/a//b%20c")
        let bucketTarget = client.target(key: nil, query: [(name: "list-type", value: "2")])
        #expect(bucketTarget.url == "https://bkt.s3.example.com:8443/?list-type=2")
    }

    @Test func emptyKeysAreRejectedBeforeSending() async throws {
        let server = try await FakeS3Server.start([])
        let client = try Self.client(server)
        let error = await #expect(throws: S3Error.self) { try await client.getObject(key: "") }
        try await server.shutdown()
        #expect(error?.code == .invalidRequest)
        #expect(server.requests.isEmpty)
    }
}
