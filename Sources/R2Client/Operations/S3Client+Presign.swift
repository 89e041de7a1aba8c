public import Foundation

extension S3Client {
    /// A presigned URL: anyone holding it can GET (or PUT) this one object until it expires,
    /// with any HTTP client and no credentials.
    ///
    /// Only `host` is signed and the payload is `UNSIGNED-PAYLOAD`, so a PUT may carry any body and
    /// content type. The URL contains a signature: treat it as a secret (this client never logs it).
    ///
    /// - Parameters:
    ///   - method: `.get` or `.put`.
    ///   - key: The object key, encoded as for requests (`//` kept).
    ///   - expiresIn: Lifetime, 1 second to 7 days (604800 s, the most S3 and R2 accept); fractions of a second are dropped.
    /// - Returns: The URL.
    /// - Throws: ``S3Error`` with code `invalidRequest` when the lifetime is over 7 days or under 1 second, or the key is invalid.
    public func presignedURL(method: S3PresignMethod, key: String, expiresIn: Duration) throws(S3Error) -> URL {
        try validateKey(key)
        let seconds = expiresIn.components.seconds
        guard seconds >= 1, seconds <= Int64(SigV4Signer.maximumPresignedExpiry) else {
            throw S3Error(
                code: .invalidRequest,
                message: "a presigned URL must expire within 1 s to 7 days (604800 s); \(expiresIn) was asked. "
                    + "S3 and R2 reject longer lifetimes: presign again when it runs out",
                key: key
            )
        }
        let target = target(key: key, query: [])
        let query = signer.presignedQuery(
            method: method.description,
            encodedPath: target.encodedPath,
            host: target.host,
            expires: Int(seconds),
            at: now()
        )
        guard let url = URL(string: target.url + "?" + query) else {
            throw S3Error(code: .invalidRequest, message: "could not form a URL for this key and endpoint", key: key)
        }
        return url
    }
}
