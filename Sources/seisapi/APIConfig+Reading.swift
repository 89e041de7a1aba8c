import CommandOptions
import Pipeline

extension ConfigurationReader {
    /// `seisapi`'s configuration: the shared part, then ``APIConfig/variables``, then `--host`,
    /// `--port` (which wins over `PORT`) and `--live` (which wins over `LIVE_SOURCE`).
    /// - Throws: ``FieldError`` naming the variable, flag or field, `S3ConfigurationError`
    ///   naming the store variable.
    func api(_ flags: APIConfig.Flags = APIConfig.Flags()) throws -> APIConfig {
        var config = APIConfig(common: try common(flags.common))
        var variables = environment
        // `--port` wins: `PORT` is then not read at all (a platform's stray value is no error).
        if flags.port != nil { variables.environment["PORT"] = nil }
        if flags.live != nil { variables.environment["LIVE_SOURCE"] = nil }
        try variables.read(APIConfig.variables, into: &config)
        config.host = flags.host
        if let port = flags.port { config.port = port }
        if let live = flags.live { config.live = try APIConfig.liveSource(live, field: "--live") }
        return config
    }
}
