import Foundation

/// The one place the executable reads the environment (libraries never do).
enum ProcessEnvironment {
    /// The whole environment, for the library configurations that read named variables.
    static var all: [String: String] { ProcessInfo.processInfo.environment }

    static func value(_ name: String) -> String? {
        let value = ProcessInfo.processInfo.environment[name]
        return value?.isEmpty == true ? nil : value
    }
}
