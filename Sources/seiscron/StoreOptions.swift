import ArgumentParser

/// `--data-dir`: the store a command works on is R2 when `R2_*` is set, an S3-compatible
/// store with `S3_ENDPOINT` + `S3_*`, otherwise this local directory (DESIGN "Operator
/// surface"); ``CronConfiguration`` reads it with the environment.
struct StoreOptions: ParsableArguments {
    @Option(help: "Local store directory when no S3/R2 store is configured (default: SEISCACHE_DATA_DIR or ./data).")
    var dataDir: String?
}
