import Foundation
import NIOHTTP1
import Testing

@testable import R2Client

@Suite struct S3ErrorMappingTests {
    static func response(_ status: Int, _ xml: String = "", headers: [(String, String)] = []) -> S3Response {
        S3Response(status: status, headers: HTTPHeaders(headers), body: Array(xml.utf8))
    }

    static func errorXML(_ code: String, _ extra: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>msg of \(code)</Message>\(extra)<RequestId>REQ1</RequestId></Error>"
    }

    @Test(
        "statuses and S3 codes map to error codes",
        arguments: [
            (404, "NoSuchKey", S3Error.Code.notFound, false),
            (404, "", .notFound, false),
            (404, "NoSuchBucket", .noSuchBucket, false),
            (412, "PreconditionFailed", .preconditionFailed, false),
            (304, "", .notModified, false),
            (403, "AccessDenied", .accessDenied, false),
            (403, "InvalidAccessKeyId", .accessDenied, false),
            (403, "SignatureDoesNotMatch", .signatureMismatch, false),
            (403, "RequestTimeTooSkewed", .clockSkewed, false),
            (409, "OperationAborted", .conflict, true),
            (409, "BucketAlreadyOwnedByYou", .bucketAlreadyExists, false),
            (416, "InvalidRange", .invalidRange, false),
            (503, "SlowDown", .throttled, true),
            (429, "", .throttled, true),
            (500, "InternalError", .serverError, true),
            (502, "", .serverError, true),
            (503, "ServiceUnavailable", .serverError, true),
            (504, "", .serverError, true),
            (400, "RequestTimeout", .timeout, true),
            (400, "InvalidArgument", .requestRejected, false),
            (301, "PermanentRedirect", .invalidResponse, false),
        ]
    )
    func mapsResponse(_ status: Int, _ s3Code: String, _ code: S3Error.Code, _ transient: Bool) {
        let body = s3Code.isEmpty ? "" : Self.errorXML(s3Code)
        let error = S3Error.fromResponse(Self.response(status, body), key: "k", localNow: Date())
        #expect(error.code == code)
        #expect(error.isTransient == transient)
        #expect(error.httpStatus == status)
        #expect(error.s3Code == (s3Code.isEmpty ? nil : s3Code))
        #expect(error.key == "k")
        if !s3Code.isEmpty { #expect(error.requestID == "REQ1") }
    }

    @Test func requestIDFallsBackToTheHeader() {
        let error = S3Error.fromResponse(Self.response(404, headers: [("x-amz-request-id", "HDR")]), key: nil, localNow: Date())
        #expect(error.requestID == "HDR")
    }

    @Test func clockSkewMessageSaysByHowMuchFromServerTime() {
        let xml = Self.errorXML(
            "RequestTimeTooSkewed",
            "<RequestTime>20130524T003000Z</RequestTime><ServerTime>2013-05-24T00:00:00Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>"
        )
        let local = Date(timeIntervalSince1970: 1_369_353_600 + 1800)
        let error = S3Error.fromResponse(Self.response(403, xml), key: nil, localNow: local)
        #expect(error.code == .clockSkewed)
        #expect(error.message.contains("1800 s ahead of"))
        #expect(error.message.contains("NTP"))
    }

    @Test func clockSkewMessageUsesTheDateHeaderWithoutServerTime() {
        let local = Date(timeIntervalSince1970: 1_369_353_600 - 3600)
        let error = S3Error.fromResponse(
            Self.response(403, Self.errorXML("RequestTimeTooSkewed"), headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT")]),
            key: nil,
            localNow: local
        )
        #expect(error.message.contains("3600 s behind"))
    }

    @Test func remediesAreInTheMessage() {
        let signature = S3Error.fromResponse(Self.response(403, Self.errorXML("SignatureDoesNotMatch")), key: nil, localNow: Date())
        #expect(signature.message.contains("secret access key"))
        let denied = S3Error.fromResponse(Self.response(403, Self.errorXML("AccessDenied")), key: nil, localNow: Date())
        #expect(denied.message.contains("permission"))
    }

    @Test func descriptionCarriesTheContext() {
        let error = S3Error(
            code: .preconditionFailed,
            s3Code: "PreconditionFailed",
            message: "m",
            httpStatus: 412,
            requestID: "R",
            key: "a//b",
            attempts: 1
        )
        #expect(String(describing: error) == "preconditionFailed (HTTP 412, PreconditionFailed, key \"a//b\", request ID R): m")
    }
}
