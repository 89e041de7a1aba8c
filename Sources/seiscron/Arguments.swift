public import ArgumentParser
public import Pipeline
public import SeedCore

extension UTCTime: ExpressibleByArgument {
    /// Parses `2025-11-04T22:00:00Z` (fraction and `Z` optional).
    public init?(argument: String) {
        self.init(iso8601: argument)
    }
}

extension SourceID: ExpressibleByArgument {
    /// Parses `NET.STA.LOC.CHA`, e.g. `HV.UWE..HHZ`.
    public init?(argument: String) {
        self.init(argument)
    }
}

extension SourceChoice: ExpressibleByArgument {}
