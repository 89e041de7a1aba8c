package import AsyncHTTPClient
package import ChunkStore
package import Logging
package import WaveformSources

/// What the pipeline runs on in one process, made in one place from the process's
/// configuration: the one HTTP client (FDSN and the S3 store; redirects followed with `POST`
/// bodies kept, connect and read timeouts from ``PipelineSettings/httpClientConfiguration``),
/// the object store and the waveform source. Both executables' composition roots build it
/// here and hand its parts to the services.
package struct PipelineRuntime: Sendable {
    /// The process's HTTP client (shut down when ``run(settings:store:source:logger:isolation:_:)`` returns).
    package var httpClient: HTTPClient
    /// Where chunks and metadata go.
    package var store: any ObjectStore
    /// Where miniSEED comes from (`--source`).
    package var source: any WaveformSource
    /// The FDSN service of the settings (the station service for `stations --discover`),
    /// whatever the source.
    package var fdsn: FDSNClient

    /// Builds the runtime, runs `body` with it, and shuts the HTTP client down on every path.
    /// - Parameters:
    ///   - settings: FDSN and HTTP settings.
    ///   - store: which store.
    ///   - source: which waveform source.
    ///   - logger: the store client's logger.
    ///   - body: the command's or server's work.
    package static func run<T>(
        settings: PipelineSettings, store: StoreConfiguration, source: SourceChoice, logger: Logger,
        isolation: isolated (any Actor)? = #isolation, _ body: (PipelineRuntime) async throws -> T
    ) async throws -> T {
        try await HTTPClient.withHTTPClient(configuration: settings.httpClientConfiguration) { httpClient in
            let fdsn = FDSNClient(configuration: settings.fdsn, httpClient: httpClient)
            let waveforms: any WaveformSource =
                switch source {
                case .fdsn: fdsn
                case .sds(let root): SDSArchive(root: root)
                }
            let runtime = PipelineRuntime(
                httpClient: httpClient, store: store.makeStore(httpClient: httpClient, logger: logger),
                source: waveforms, fdsn: fdsn)
            return try await body(runtime)
        }
    }
}
