import Foundation
package import Logging

/// Reads named variables of an environment the executable passed in (libraries never read
/// the process environment): an unset or empty variable is `nil`, a set but unusable one is
/// a ``FieldError`` naming it and what is accepted. The one parser of both executables'
/// variables.
package struct EnvironmentReader: Sendable {
    /// The variables.
    package var environment: [String: String]

    /// Reads `environment`.
    package init(_ environment: [String: String]) { self.environment = environment }

    /// The variable's text; `nil` when unset or empty.
    package func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// A whole number in `range`.
    /// - Throws: ``FieldError`` naming the variable.
    package func integer(_ name: String, _ range: ClosedRange<Int>) throws(FieldError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw FieldError(field: name, message: "\"\(text)\" is not a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// A number of seconds in `range` (fractions allowed), to the millisecond.
    /// - Throws: ``FieldError`` naming the variable.
    package func seconds(_ name: String, _ range: ClosedRange<Double>) throws(FieldError) -> Duration? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), range.contains(number) else {
            throw FieldError(
                field: name, message: "\"\(text)\" is not a number of seconds in \(range.lowerBound)...\(range.upperBound)")
        }
        return .milliseconds(Int64((number * 1000).rounded()))
    }

    /// An `http` or `https` URL with a host, as written.
    /// - Throws: ``FieldError`` naming the variable.
    package func httpURL(_ name: String) throws(FieldError) -> String? {
        guard let text = value(name) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw FieldError(field: name, message: "\"\(text)\" is not an http(s) URL")
        }
        return text
    }

    /// The log level: `flag` (`--log-level`) when given, else `LOG_LEVEL`, else `fallback`.
    /// - Throws: ``FieldError`` naming `--log-level` or `LOG_LEVEL` for an unknown level.
    package func logLevel(flag: String?, fallback: Logger.Level = .info) throws(FieldError) -> Logger.Level {
        guard let text = flag ?? value("LOG_LEVEL") else { return fallback }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw FieldError(
                field: flag == nil ? "LOG_LEVEL" : "--log-level",
                message: "\"\(text)\" is not one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }
}
