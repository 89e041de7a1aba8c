import Foundation

/// One environment variable of a configuration value `Root`: its name, what it sets, the
/// text it accepts (with the error naming it otherwise) and the property it fills.
///
/// The variable has no default of its own: `Root`'s property keeps its declared default
/// while the variable is unset or empty, and `--help` prints the defaults of `Root`'s
/// default value through the same table (``help(_:defaults:)``), so a default is written
/// once. ``EnvironmentReader/read(_:into:)`` applies a table of these; adding a variable is
/// one row in the table beside the property it sets.
package struct ConfigurationVariable<Root> {
    /// The variable, e.g. `IRIS_DELAY_MINUTES`.
    package let name: String
    /// What it sets, for `--help`.
    package let summary: String
    private let assign: (inout Root, String) throws(FieldError) -> Void
    private let show: (Root) -> String?

    /// A variable parsed by `parse` into the property at `keyPath`.
    /// - Parameters:
    ///   - name: the variable.
    ///   - keyPath: the property it sets (whose declared value is the default).
    ///   - summary: what it sets, for `--help`.
    ///   - parse: the value of a set, non-empty text; throws a ``FieldError`` naming `name`.
    ///   - show: how `--help` prints the default (`nil`: no default is printed).
    package init<Value>(
        _ name: String,
        _ keyPath: WritableKeyPath<Root, Value>,
        _ summary: String,
        parse: @escaping (String) throws(FieldError) -> Value,
        show: @escaping (Value) -> String?
    ) {
        self.name = name
        self.summary = summary
        self.assign = { (root: inout Root, text: String) throws(FieldError) in root[keyPath: keyPath] = try parse(text) }
        self.show = { show($0[keyPath: keyPath]) }
    }

    /// Sets the property from the variable's text.
    /// - Throws: ``FieldError`` naming the variable.
    func apply(_ text: String, to root: inout Root) throws(FieldError) { try assign(&root, text) }

    /// The default as `--help` prints it, read from `defaults`.
    package func defaultText(in defaults: Root) -> String? { show(defaults) }

    /// One line per variable, `NAME  summary (default X).`, for a command's `--help`.
    package static func help(_ variables: [Self], defaults: Root) -> String {
        let width = variables.map(\.name.count).max() ?? 0
        return variables.map { variable in
            let padded = variable.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let fallback = variable.defaultText(in: defaults).map { " (default \($0))" } ?? ""
            return "  \(padded)  \(variable.summary)\(fallback)."
        }.joined(separator: "\n")
    }
}

extension ConfigurationVariable {
    /// A whole number in `range`.
    package static func integer(
        _ name: String,
        _ range: ClosedRange<Int>,
        _ keyPath: WritableKeyPath<Root, Int>,
        _ summary: String
    ) -> Self {
        Self(name, keyPath, summary, parse: { text throws(FieldError) in try Parse.integer(text, name, range) }, show: { "\($0)" })
    }

    /// A number of seconds in `range`, fractions allowed (kept to the millisecond).
    package static func seconds(
        _ name: String,
        _ range: ClosedRange<Double>,
        _ keyPath: WritableKeyPath<Root, Duration>,
        _ summary: String
    ) -> Self {
        Self(name, keyPath, summary, parse: { text throws(FieldError) in try Parse.seconds(text, name, range) }, show: Parse.secondsText)
    }

    /// A whole number of seconds in `range`.
    package static func wholeSeconds(
        _ name: String,
        _ range: ClosedRange<Int>,
        _ keyPath: WritableKeyPath<Root, Duration>,
        _ summary: String
    ) -> Self {
        Self(
            name,
            keyPath,
            summary,
            parse: { text throws(FieldError) in .seconds(try Parse.integer(text, name, range)) },
            show: Parse.secondsText
        )
    }

    /// A whole number of minutes in `range`.
    package static func wholeMinutes(
        _ name: String,
        _ range: ClosedRange<Int>,
        _ keyPath: WritableKeyPath<Root, Duration>,
        _ summary: String
    ) -> Self {
        Self(
            name,
            keyPath,
            summary,
            parse: { text throws(FieldError) in .seconds(try Parse.integer(text, name, range) * 60) },
            show: { "\($0.components.seconds / 60)" }
        )
    }

    /// An `http` or `https` URL with a host, as written; unset leaves `nil`.
    package static func httpURL(_ name: String, _ keyPath: WritableKeyPath<Root, String?>, _ summary: String) -> Self {
        Self(name, keyPath, summary, parse: { text throws(FieldError) in try Parse.httpURL(text, name) }, show: { $0 })
    }
}

/// The texts variables accept, each refusal naming the variable and what is accepted (the
/// messages the tests and Docs/operations.md quote).
package enum Parse {
    /// A whole number in `range`.
    package static func integer(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws(FieldError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw FieldError(field: name, message: "\"\(text)\" is not a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// A number of seconds in `range` (fractions allowed), to the millisecond.
    package static func seconds(_ text: String, _ name: String, _ range: ClosedRange<Double>) throws(FieldError) -> Duration {
        guard let number = Double(text), range.contains(number) else {
            throw FieldError(
                field: name,
                message: "\"\(text)\" is not a number of seconds in \(range.lowerBound)...\(range.upperBound)"
            )
        }
        return .milliseconds(Int64((number * 1000).rounded()))
    }

    /// An `http` or `https` URL with a host, as written.
    package static func httpURL(_ text: String, _ name: String) throws(FieldError) -> String {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw FieldError(field: name, message: "\"\(text)\" is not an http(s) URL")
        }
        return text
    }

    /// `30` for 30 s, `1.5` for 1500 ms.
    package static func secondsText(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds)" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18)"
    }
}
