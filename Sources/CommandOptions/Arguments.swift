public import ArgumentParser
import Pipeline
public import SeedCore
public import WaveformSources

extension UTCTime: ExpressibleByArgument {
    /// Parses `2025-11-04T22:00:00Z` (fraction and `Z` optional), 1970 through 2100
    /// (``InputTime``): a far-future time is a usage error (exit 64), never an overflow.
    public init?(argument: String) {
        guard let time = InputTime.parse(argument) else { return nil }
        self = time
    }
}

extension SourceID: ExpressibleByArgument {
    /// Parses `NET.STA.LOC.CHA`, e.g. `HV.UWE..HHZ`.
    public init?(argument: String) {
        self.init(argument)
    }
}

extension SourceChoice: ExpressibleByArgument {}
extension LiveSourceChoice: ExpressibleByArgument {}
