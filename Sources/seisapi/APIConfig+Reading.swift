import CommandOptions
import Pipeline

extension ConfigurationReader {
    /// `seisapi`'s configuration: the shared part, then ``APIConfig/variables``, then `--host`
    /// and `--port` (which wins over `PORT`).
    /// - Throws: ``FieldError`` naming the variable, flag or field, `S3ConfigurationError`
    ///   naming the store variable.
    func api(_ flags: APIConfig.Flags = APIConfig.Flags()) throws -> APIConfig {
        var config = APIConfig(common: try common(flags.common))
        var variables = environment
        // `--port` wins: `PORT` is then not read at all (a platform's stray value is no error).
        if flags.port != nil { variables.environment["PORT"] = nil }
        try variables.read(APIConfig.variables, into: &config)
        config.host = flags.host
        if let port = flags.port { config.port = port }
        return config
    }
}
