import Crypto
package import Foundation

/// AWS Signature Version 4 for S3-compatible stores (header authentication and presigned URLs).
///
/// Follows the S3 flavour of SigV4: the path is signed exactly as sent (encoded once, never
/// normalised), the payload hash goes in `x-amz-content-sha256`. No `aws-chunked` streaming
/// signatures and no `x-amz-checksum-*` headers: R2 rejects or ignores parts of those.
package struct SigV4Signer: Sendable {
    /// `x-amz-content-sha256` value for presigned URLs (the body is not known when signing).
    package static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// The longest lifetime S3 and R2 accept for a presigned URL: 7 days.
    package static let maximumPresignedExpiry = 604_800
    /// Headers never signed: hop-by-hop headers a proxy may drop or rewrite, `expect` and
    /// `user-agent` which HTTP stacks add or change, and the signature itself. Signing one of
    /// them turns a harmless rewrite into `SignatureDoesNotMatch`. (Same list as botocore.)
    package static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    private static let algorithm = "AWS4-HMAC-SHA256"

    /// The credentials signed with.
    package let credentials: S3Credentials
    /// The signing region (`auto` for R2).
    package let region: String
    /// The signing service, `s3`.
    package let service: String
    private let keyCache: SigningKeyCache

    package init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.keyCache = SigningKeyCache()
    }

    /// Signs a request for header authentication.
    ///
    /// - Returns: The request's headers plus `x-amz-date` and `x-amz-content-sha256` (unless the
    ///   caller set them) and `authorization`, in the order to send them.
    package func sign(_ request: SignableRequest, at date: Date) -> [(name: String, value: String)] {
        let timestamp = UTCCalendar.amzDateTime(date)
        var headers = request.headers
        if !headers.contains(where: { $0.name.lowercased() == "x-amz-date" }) {
            headers.append((name: "x-amz-date", value: timestamp))
        }
        if !headers.contains(where: { $0.name.lowercased() == "x-amz-content-sha256" }) {
            headers.append((name: "x-amz-content-sha256", value: request.payloadSHA256))
        }
        var signed = request
        signed.headers = headers
        let canonical = canonicalRequest(signed)
        let signature = self.signature(canonicalRequest: canonical.text, timestamp: timestamp)
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(timestamp)), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        headers.append((name: "authorization", value: authorization))
        return headers
    }

    /// The query string of a presigned URL (operation parameters, the `X-Amz-*` parameters and
    /// `X-Amz-Signature`). Only `host` is signed and the payload is `UNSIGNED-PAYLOAD`, so any
    /// HTTP client can use the URL (for a PUT: with any body and content type).
    ///
    /// - Parameters:
    ///   - expires: Lifetime in seconds, 1...604800 (the caller checks the range).
    package func presignedQuery(
        method: String,
        encodedPath: String,
        host: String,
        query: [(name: String, value: String)] = [],
        expires: Int,
        at date: Date
    ) -> String {
        let timestamp = UTCCalendar.amzDateTime(date)
        var parameters = query
        parameters.append((name: "X-Amz-Algorithm", value: Self.algorithm))
        parameters.append((name: "X-Amz-Credential", value: "\(credentials.accessKeyID)/\(scope(timestamp))"))
        parameters.append((name: "X-Amz-Date", value: timestamp))
        parameters.append((name: "X-Amz-Expires", value: String(expires)))
        parameters.append((name: "X-Amz-SignedHeaders", value: "host"))
        let request = SignableRequest(
            method: method,
            encodedPath: encodedPath,
            query: parameters,
            headers: [(name: "host", value: host)],
            payloadSHA256: Self.unsignedPayload
        )
        let canonical = canonicalRequest(request)
        let signature = self.signature(canonicalRequest: canonical.text, timestamp: timestamp)
        return Self.canonicalQueryString(parameters) + "&X-Amz-Signature=" + signature
    }

    /// The hex signature of a canonical request at a timestamp (`yyyyMMddTHHmmssZ`).
    package func signature(canonicalRequest: String, timestamp: String) -> String {
        let toSign = stringToSign(canonicalRequest: canonicalRequest, timestamp: timestamp)
        let key = signingKey(day: String(timestamp.prefix(8)))
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key))
    }

    /// `AWS4-HMAC-SHA256 \n timestamp \n scope \n hex(SHA256(canonical request))`.
    package func stringToSign(canonicalRequest: String, timestamp: String) -> String {
        [Self.algorithm, timestamp, scope(timestamp), Self.sha256Hex(Array(canonicalRequest.utf8))].joined(separator: "\n")
    }

    /// `yyyyMMdd/region/service/aws4_request`.
    package func scope(_ timestamp: String) -> String {
        "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
    }

    private func signingKey(day: String) -> SymmetricKey {
        keyCache.key(for: scope(day)) {
            let secret = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
            let dateKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(day.utf8), using: secret))
            let regionKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(region.utf8), using: dateKey))
            let serviceKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(service.utf8), using: regionKey))
            return SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data("aws4_request".utf8), using: serviceKey))
        }
    }

    /// Lowercase hex SHA-256 of bytes (the `x-amz-content-sha256` value).
    package static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
