package import ArgumentParser
import Pipeline

/// `--data-dir`: the store a command works on is R2 when `R2_*` is set, an S3-compatible
/// store with `S3_ENDPOINT` + `S3_*`, otherwise this local directory (DESIGN "Operator
/// surface"); ``ConfigurationReader`` reads it with the environment.
package struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Local store directory when no S3/R2 store is configured (default: SEISCACHE_DATA_DIR or \(StoreConfiguration.defaultLocalRoot))."
        )
    )
    package var dataDir: String?

    package init() {}
}
