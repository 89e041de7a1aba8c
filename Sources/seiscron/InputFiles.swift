import Foundation
import Logging
import SeedCore

/// Reads miniSEED files for the operator commands: one line of error per unreadable file,
/// one warning per skipped record.
enum InputFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads and decodes each file, in order.
    static func read(_ paths: [String], logger: Logger) throws -> [(path: String, result: MiniSEEDReadResult)] {
        var results: [(String, MiniSEEDReadResult)] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Failure(description: "cannot read \(path): no such file or not readable")
            }
            do {
                let result = try MiniSEEDReader().read([UInt8](data))
                for warning in result.warnings {
                    logger.warning(
                        "record skipped",
                        metadata: [
                            "file": "\(path)", "byte.offset": "\(warning.byteOffset)", "reason": "\(warning.code)",
                            "detail": "\(warning.message)",
                        ])
                }
                results.append((path, result))
            } catch {
                throw Failure(description: "\(path): \(error)")
            }
        }
        return results
    }
}
