import Foundation
import Logging
import SeedCore

/// Reads miniSEED files for the operator commands: one line of error per unreadable file,
/// one warning per skipped record.
enum InputFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Files larger than this are read in blocks, keeping only the wanted channels' records,
    /// when a channel filter is given.
    static let blockwiseAbove = 256 << 20

    /// Reads and decodes each file, in order. Files are memory-mapped (SeedCore), not copied
    /// onto the heap; with a channel filter a file above ``blockwiseAbove`` is read in blocks
    /// and only its wanted records are kept (``SelectedRecords``).
    /// - Parameters:
    ///   - include: decides per channel whether its records are decoded (others are skipped).
    ///   - filtered: whether `include` leaves channels out (then large files are read blockwise).
    static func read(
        _ paths: [String], including include: (SourceID) -> Bool = { _ in true }, filtered: Bool = false,
        logger: Logger
    ) throws -> [(path: String, result: MiniSEEDReadResult)] {
        var results: [(String, MiniSEEDReadResult)] = []
        for path in paths {
            do {
                var result: MiniSEEDReadResult
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                if filtered, size > blockwiseAbove {
                    let selected = try SelectedRecords(path: path, including: include)
                    result = try MiniSEEDReader().read(selected.bytes, including: include)
                    for index in result.warnings.indices {
                        result.warnings[index].byteOffset = selected.fileOffset(of: result.warnings[index].byteOffset)
                    }
                } else {
                    result = try MiniSEEDReader().read(contentsOfFile: path, including: include)
                }
                for warning in result.warnings {
                    logger.warning(
                        "record skipped",
                        metadata: [
                            "file": "\(path)", "byte.offset": "\(warning.byteOffset)", "reason": "\(warning.code)",
                            "detail": "\(warning.message)",
                        ])
                }
                results.append((path, result))
            } catch let error as MiniSEEDError where error.code == .unreadableFile {
                throw Failure(description: "cannot read \(path): \(error.message)")
            } catch let error as SelectedRecords.Failure {
                throw Failure(description: error.description)
            } catch {
                throw Failure(description: "\(path): \(error)")
            }
        }
        return results
    }
}
