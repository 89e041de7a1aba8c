package import AsyncHTTPClient
package import ChunkStore
import Foundation
package import Logging
package import R2Client

/// Which store the executables use (DESIGN "Operator surface"): R2 when the `R2_*`
/// variables are set, any S3-compatible store with `S3_ENDPOINT` and its `S3_*` variables,
/// otherwise the local directory (`--data-dir`, `SEISCACHE_DATA_DIR`, default `./data`).
package enum StoreConfiguration: Sendable, CustomStringConvertible {
    /// A bucket of an S3-compatible store.
    case s3(S3Configuration)
    /// The embedded file-system store rooted at a directory.
    case local(root: String)

    /// The local store's directory without `--data-dir` or `SEISCACHE_DATA_DIR`.
    package static let defaultLocalRoot = "./data"

    /// Reads the choice from the environment the executable passes in.
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - dataDirectory: `--data-dir`, which wins over `SEISCACHE_DATA_DIR` for the local store.
    /// - Throws: ``S3ConfigurationError`` naming the variable that is missing or invalid
    ///   when R2 or S3 is partly configured.
    package static func fromEnvironment(_ environment: [String: String], dataDirectory: String? = nil)
        throws(S3ConfigurationError) -> StoreConfiguration
    {
        if let s3 = try S3Configuration.fromEnvironment(environment) { return .s3(s3) }
        let fromEnvironment = environment["SEISCACHE_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        return .local(root: dataDirectory ?? fromEnvironment ?? defaultLocalRoot)
    }

    /// Creates the store.
    /// - Parameters:
    ///   - httpClient: the process's HTTP client (used by S3 stores; the caller shuts it down).
    ///   - logger: the caller's logger.
    package func makeStore(httpClient: HTTPClient, logger: Logger) -> any ObjectStore {
        switch self {
        case .s3(let configuration):
            S3ObjectStore(client: S3Client(configuration: configuration, httpClient: httpClient, logger: logger))
        case .local(let root):
            FileSystemStore(root: root)
        }
    }

    /// `s3 https://host/bucket` or `local ./data` (no secrets).
    package var description: String {
        switch self {
        case .s3(let configuration): "s3 \(configuration.endpoint.absoluteString)/\(configuration.bucket)"
        case .local(let root): "local \(root)"
        }
    }
}
