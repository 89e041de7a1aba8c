import Foundation
import Logging
import SeedCore

/// Reads miniSEED files for the operator commands: one line of error per unreadable file,
/// one warning per skipped record.
enum InputFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads and decodes each file, in order. Files are memory-mapped (SeedCore), not copied onto the heap.
    /// - Parameter include: decides per channel whether its records are decoded (others are skipped).
    static func read(
        _ paths: [String], including include: (SourceID) -> Bool = { _ in true }, logger: Logger
    ) throws -> [(path: String, result: MiniSEEDReadResult)] {
        var results: [(String, MiniSEEDReadResult)] = []
        for path in paths {
            do {
                let result = try MiniSEEDReader().read(contentsOfFile: path, including: include)
                for warning in result.warnings {
                    logger.warning(
                        "record skipped",
                        metadata: [
                            "file": "\(path)", "byte.offset": "\(warning.byteOffset)", "reason": "\(warning.code)",
                            "detail": "\(warning.message)",
                        ])
                }
                results.append((path, result))
            } catch where error.code == .unreadableFile {
                throw Failure(description: "cannot read \(path): \(error.message)")
            } catch {
                throw Failure(description: "\(path): \(error)")
            }
        }
        return results
    }
}
