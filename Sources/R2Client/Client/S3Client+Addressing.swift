import Foundation

extension S3Client {
    /// Where a request goes: the URL to send, the `Host` header and the path exactly as on the request line.
    struct Target: Sendable {
        var url: String
        var host: String
        var encodedPath: String
    }

    /// Addresses a key (or the bucket, for `nil`) path-style or virtual-host style.
    ///
    /// The path is built once here and both sent and signed as is: the key is encoded once per
    /// segment with `/` kept, so `a//b` stays `a//b` (an S3 SDK that normalises paths would sign
    /// `a/b` and fetch another object).
    func target(key: String?, query: [(name: String, value: String)]) -> Target {
        let endpoint = configuration.endpoint
        let scheme = endpoint.scheme?.lowercased() ?? "https"
        var host = endpoint.host ?? ""
        if host.contains(":") { host = "[\(host)]" }  // IPv6 literal
        if let port = endpoint.port { host += ":\(port)" }
        let keyPath = key.map { "/" + S3URIEncoding.encodePath($0) } ?? ""
        let encodedPath: String
        if configuration.addressing == .virtualHost {
            host = "\(configuration.bucket).\(host)"
            encodedPath = keyPath.isEmpty ? "/" : keyPath
        } else {
            encodedPath = "/" + S3URIEncoding.encode(configuration.bucket) + keyPath
        }
        let queryString = SigV4Signer.canonicalQueryString(query)
        let url = "\(scheme)://\(host)\(encodedPath)" + (queryString.isEmpty ? "" : "?\(queryString)")
        return Target(url: url, host: host, encodedPath: encodedPath)
    }

    /// Checks a key before anything is sent.
    func validateKey(_ key: String) throws(S3Error) {
        guard !key.isEmpty, key.utf8.count <= 1024 else {
            throw S3Error(
                code: .invalidRequest,
                message: key.isEmpty ? "the object key is empty; give a key" : "the key is \(key.utf8.count) bytes of UTF-8; S3 allows at most 1024",
                key: key
            )
        }
    }
}
