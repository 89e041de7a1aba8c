/// Where miniSEED comes from: `fdsn` (the FDSN service of the settings) or `sds:DIR` (a
/// local SDS archive); the executables' `--source`.
package enum SourceChoice: Sendable, Hashable, CustomStringConvertible {
    /// The FDSN service of ``PipelineSettings/fdsn``.
    case fdsn
    /// A local SDS archive rooted at a folder.
    case sds(String)

    /// Parses `fdsn` or `sds:DIR`.
    package init?(argument: String) {
        if argument == "fdsn" {
            self = .fdsn
        } else if argument.hasPrefix("sds:"), argument.count > 4 {
            self = .sds(String(argument.dropFirst(4)))
        } else {
            return nil
        }
    }

    /// `fdsn` or `sds:DIR`, as parsed.
    package var description: String {
        switch self {
        case .fdsn: "fdsn"
        case .sds(let root): "sds:\(root)"
        }
    }
}
