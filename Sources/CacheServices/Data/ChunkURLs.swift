import ChunkStore
import Foundation
package import Pipeline

/// How manifest URLs are made (001: the browser fetches chunks directly): a package bucket
/// URL (`PUBLIC_BASE_URL`), presigned GETs of the S3 store, or the API's own `/files/` route
/// for the local store.
package enum ChunkURLs: Sendable {
    /// `{base}/{key}` with each key segment percent-encoded.
    case publicBase(String)
    /// Presigned GET URLs valid for a while (at most 7 days).
    case presigned(S3ObjectStore, expiresIn: Duration)
    /// `{prefix}{key}`, e.g. `/files/data/2025/...` (relative: works behind a proxy).
    case files(prefix: String)

    /// The URL of a key.
    /// - Parameters:
    ///   - version: the stored bytes' version (``ChunkStore/ChunkEntry/version``): public and
    ///     `/files/` URLs carry it as `?v=`, so a chunk rewritten under the same key gets a new
    ///     URL and no cache (browser, CDN) answers it with the old bytes. Presigned URLs leave
    ///     it out: they differ per signing anyway, and the signature covers the query.
    /// - Throws: when presigning fails (bad configuration).
    package func url(for key: String, version: String? = nil) throws -> String {
        let query = version.map { "?\(ChunkCacheControl.versionParameter)=\($0)" } ?? ""
        switch self {
        case .publicBase(let base):
            return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + Self.encode(key) + query
        case .presigned(let store, let expiresIn):
            return try store.presignedURL(for: key, expiresIn: expiresIn).absoluteString
        case .files(let prefix):
            return prefix + Self.encode(key) + query
        }
    }

    /// The origin (`scheme://host[:port]`) chunk URLs point at when it is not the API's own:
    /// a page's `connect-src` must allow it. `nil` for the `/files/` route.
    package var foreignOrigin: String? {
        let sample: String
        switch self {
        case .files: return nil
        case .publicBase(let base): sample = base
        case .presigned: guard let url = try? url(for: "data/probe") else { return nil }
            sample = url
        }
        guard let components = URLComponents(string: sample), let scheme = components.scheme, let host = components.host
        else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// Percent-encodes each segment (RFC 3986 unreserved kept), keeping `/` and empty segments.
    static func encode(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? String($0)
        }.joined(separator: "/")
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
