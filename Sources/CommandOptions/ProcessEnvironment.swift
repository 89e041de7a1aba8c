import Foundation

/// The one place the executables read the environment (libraries never do).
package enum ProcessEnvironment {
    /// The whole environment, for the configuration reader.
    package static var all: [String: String] { ProcessInfo.processInfo.environment }
}
