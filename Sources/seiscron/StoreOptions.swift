import ArgumentParser
import ChunkStore

/// Which store a command works on. Today the local directory; S3/R2 join with R2Client.
struct StoreOptions: ParsableArguments {
    @Option(help: "Local store directory (default: SEISCACHE_DATA_DIR or ./data).")
    var dataDir: String?

    /// The local store's root: `--data-dir`, else `SEISCACHE_DATA_DIR`, else `./data`.
    var localRoot: String { dataDir ?? ProcessEnvironment.value("SEISCACHE_DATA_DIR") ?? "./data" }

    func makeStore() -> any ObjectStore { FileSystemStore(root: localRoot) }
}
