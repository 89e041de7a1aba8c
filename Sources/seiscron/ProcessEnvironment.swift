import Foundation

/// The one place the executable reads the environment (libraries never do).
enum ProcessEnvironment {
    static func value(_ name: String) -> String? {
        let value = ProcessInfo.processInfo.environment[name]
        return value?.isEmpty == true ? nil : value
    }
}
