package import Logging

/// Reads named variables of an environment the executable passed in (libraries never read
/// the process environment): an unset or empty variable is `nil`, a set but unusable one is
/// a ``FieldError`` naming it and what is accepted. The one reader of both executables'
/// variables: configuration values declare their variables (``ConfigurationVariable``) and
/// this applies them.
package struct EnvironmentReader: Sendable {
    /// The variables.
    package var environment: [String: String]

    /// Reads `environment`.
    package init(_ environment: [String: String]) { self.environment = environment }

    /// The variable's text; `nil` when unset or empty.
    package func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// Sets `root`'s properties from the variables of `variables` that are set; an unset
    /// or empty variable leaves the property's declared default.
    /// - Throws: ``FieldError`` naming the first variable whose text is refused.
    package func read<Root>(_ variables: [ConfigurationVariable<Root>], into root: inout Root) throws(FieldError) {
        for variable in variables {
            guard let text = value(variable.name) else { continue }
            try variable.apply(text, to: &root)
        }
    }

    /// `defaults` with the variables of `variables` that are set.
    /// - Throws: ``FieldError`` naming the first variable whose text is refused.
    package func read<Root>(_ variables: [ConfigurationVariable<Root>], over defaults: Root) throws(FieldError) -> Root {
        var root = defaults
        try read(variables, into: &root)
        return root
    }

    /// The log level: `flag` (`--log-level`) when given, else `LOG_LEVEL`, else `fallback`.
    /// - Throws: ``FieldError`` naming `--log-level` or `LOG_LEVEL` for an unknown level.
    package func logLevel(flag: String?, fallback: Logger.Level = .info) throws(FieldError) -> Logger.Level {
        guard let text = flag ?? value("LOG_LEVEL") else { return fallback }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw FieldError(
                field: flag == nil ? "LOG_LEVEL" : "--log-level",
                message: "\"\(text)\" is not one of trace, debug, info, notice, warning, error, critical"
            )
        }
        return level
    }
}
