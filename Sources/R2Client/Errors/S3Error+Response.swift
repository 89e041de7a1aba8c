import Foundation
import NIOHTTP1

extension S3Error {
    /// The error a non-2xx response means: S3's XML `<Error>` (code, message, request ID) mapped
    /// to a ``Code`` with a remedy.
    static func fromResponse(_ response: S3Response, key: String?, localNow: Date) -> S3Error {
        let xml = XMLNode.parse(response.body).flatMap { $0.name == "Error" ? $0 : nil }
        let s3Code = xml?.childText("Code")
        let serverMessage = xml?.childText("Message")
        let requestID = xml?.childText("RequestId") ?? response.header("x-amz-request-id")
        let status = response.status
        let (code, remedy) = classify(status: status, s3Code: s3Code, response: response, xml: xml, localNow: localNow)
        var message = remedy
        if let serverMessage, !serverMessage.isEmpty, code != .clockSkewed {
            message += " (store says: \(serverMessage))"
        }
        return S3Error(code: code, s3Code: s3Code, message: message, httpStatus: status, requestID: requestID, key: key)
    }

    private static func classify(status: Int, s3Code: String?, response: S3Response, xml: XMLNode?, localNow: Date) -> (Code, String) {
        switch (status, s3Code) {
        case (304, _):
            return (.notModified, "the object still has the ETag given in If-None-Match; keep the copy you have")
        case (_, "NoSuchBucket"):
            return (.noSuchBucket, "the bucket does not exist; create it or fix the bucket name in the configuration")
        case (404, _), (_, "NoSuchKey"):
            return (.notFound, "no object under this key")
        case (412, _), (_, "PreconditionFailed"):
            return (
                .preconditionFailed,
                "the write condition failed: another writer created or changed the object first; re-read it and decide again"
            )
        case (_, "RequestTimeTooSkewed"):
            return (.clockSkewed, clockSkewMessage(response: response, xml: xml, localNow: localNow))
        case (_, "SignatureDoesNotMatch"):
            return (
                .signatureMismatch,
                "the store computed a different request signature: check the secret access key (R2_SECRET_ACCESS_KEY / "
                    + "S3_SECRET_ACCESS_KEY) and the region (auto for R2)"
            )
        case (_, "InvalidAccessKeyId"):
            return (.accessDenied, "the store does not know this access key ID: check R2_ACCESS_KEY_ID / S3_ACCESS_KEY_ID")
        case (403, nil) where isClockSkewedByDateHeader(response, localNow: localNow):
            // HEAD responses have no body, so no RequestTimeTooSkewed code: a 403 whose `Date` is
            // more than 15 minutes from the local clock is that error.
            return (.clockSkewed, clockSkewMessage(response: response, xml: xml, localNow: localNow))
        case (403, _), (_, "AccessDenied"):
            return (
                .accessDenied,
                "access denied: give the API token/key read and write permission on this bucket, and check the bucket name"
            )
        case (409, "BucketAlreadyOwnedByYou"), (409, "BucketAlreadyExists"):
            return (.bucketAlreadyExists, "the bucket already exists; use it, or choose another name")
        case (409, "BucketNotEmpty"):
            return (.requestRejected, "the bucket is not empty; delete its objects first")
        case (409, _):
            return (.conflict, "a concurrent operation on this object conflicted (HTTP 409); retrying usually succeeds")
        case (416, _), (_, "InvalidRange"):
            return (.invalidRange, "the requested range starts beyond the object's end; ask for a range within its size")
        case (429, _), (_, "SlowDown"), (_, "TooManyRequests"):
            return (.throttled, "the store asks to slow down; retry later or send fewer requests at once")
        case (_, "RequestTimeout"):
            return (.timeout, "the store timed out waiting for the request body; retry, or check the network")
        case (500, _), (502, _), (503, _), (504, _), (_, "InternalError"), (_, "ServiceUnavailable"):
            return (.serverError, "the store failed (HTTP \(status)); retrying usually succeeds")
        case (400..<500, _):
            return (.requestRejected, "the store rejected the request (HTTP \(status)\(s3Code.map { ", \($0)" } ?? ""))")
        default:
            return (.invalidResponse, "unexpected HTTP \(status) from the store")
        }
    }

    /// Says by how much the local clock is off, from `<ServerTime>` (AWS) or the `Date` header (R2,
    /// others): SigV4 requests are only accepted within ±15 minutes of the store's clock.
    private static func clockSkewMessage(response: S3Response, xml: XMLNode?, localNow: Date) -> String {
        let serverTime = xml?.childText("ServerTime").flatMap(UTCCalendar.parseISO8601) ?? response.header("date").flatMap(UTCCalendar.parseHTTPDate)
        guard let serverTime else {
            return "the local clock is more than 15 minutes off the store's clock (RequestTimeTooSkewed); "
                + "synchronise it with NTP (e.g. timedatectl set-ntp true)"
        }
        let skew = Int(localNow.timeIntervalSince(serverTime).rounded())
        let direction = skew >= 0 ? "ahead of" : "behind"
        return "the local clock is \(abs(skew)) s \(direction) the store's clock (local \(UTCCalendar.iso8601(localNow)), "
            + "store \(UTCCalendar.iso8601(serverTime))); requests are only accepted within 15 minutes: "
            + "synchronise the clock with NTP (e.g. timedatectl set-ntp true)"
    }

    /// Whether the response's `Date` is more than S3's allowed 15 minutes from the local clock.
    private static func isClockSkewedByDateHeader(_ response: S3Response, localNow: Date) -> Bool {
        guard let serverTime = response.header("date").flatMap(UTCCalendar.parseHTTPDate) else { return false }
        return abs(localNow.timeIntervalSince(serverTime)) > 15 * 60
    }

    static func responseTooLarge(length: Int?, maximum: Int, key: String?) -> S3Error {
        S3Error(
            code: .responseTooLarge,
            message: "the object is \(length.map { "\($0) bytes" } ?? "larger than that"), over the limit of \(maximum) bytes; "
                + "raise maximumBytes or read it in ranges",
            key: key
        )
    }
}
