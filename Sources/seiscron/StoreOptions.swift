import ArgumentParser
import AsyncHTTPClient
import ChunkStore
import Foundation
import Logging
import Pipeline

/// Which store a command works on (DESIGN "Operator surface"): R2 when `R2_*` is set, an
/// S3-compatible store with `S3_ENDPOINT` + `S3_*`, otherwise the local directory.
struct StoreOptions: ParsableArguments {
    @Option(help: "Local store directory when no S3/R2 store is configured (default: SEISCACHE_DATA_DIR or ./data).")
    var dataDir: String?

    /// The configured store; a partly configured R2/S3 environment exits 2 naming the variable.
    func configuration() throws -> StoreConfiguration {
        do {
            return try StoreConfiguration.fromEnvironment(ProcessEnvironment.all, dataDirectory: dataDir)
        } catch {
            FileHandle.standardError.write(Data("error: store configuration: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The store, on the given HTTP client (default: the process's shared one).
    func makeStore(logger: Logger, httpClient: HTTPClient = .shared) throws -> any ObjectStore {
        try configuration().makeStore(httpClient: httpClient, logger: logger)
    }
}
