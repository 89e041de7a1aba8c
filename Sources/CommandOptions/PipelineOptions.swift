package import ArgumentParser
package import WaveformSources

/// The flags of every command that runs the pipeline (`seiscron run`, `seiscron backfill`,
/// `seisapi serve`): the station config, the source, the store and the log level.
package struct PipelineOptions: ParsableArguments {
    @Option(help: "Station config JSON (default: the shipped 15 channels; see `seiscron stations`).")
    package var config: String?

    @Option(help: "Where miniSEED comes from: fdsn (FDSN_BASE_URL) or sds:DIR (a local SDS archive).")
    package var source: SourceChoice = CommonFlags().source

    @OptionGroup package var store: StoreOptions
    @OptionGroup package var log: LogOptions

    package init() {}

    /// The flags as the configuration reader takes them.
    /// - Parameter dryRun: `--dry-run` of the command that has it.
    package func flags(dryRun: Bool = false) -> CommonFlags {
        CommonFlags(
            logLevel: log.logLevel,
            dataDirectory: store.dataDir,
            stationConfig: config,
            source: source,
            dryRun: dryRun
        )
    }
}
