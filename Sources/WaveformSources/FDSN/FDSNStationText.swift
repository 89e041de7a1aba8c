import ChunkStore
import SeedCore

/// The FDSN station service's text format at `level=channel`:
///
/// ```text
/// #Network | Station | Location | Channel | Latitude | Longitude | Elevation | Depth | Azimuth | Dip | SensorDescription | Scale | ScaleFreq | ScaleUnits | SampleRate | StartTime | EndTime
/// HV|UWE||HHZ|19.4211|-155.2921|1240.0|0.0|0.0|-90.0|Nanometrics Trillium Compact 120|1.50E+09|1.0|M/S|100.0|2019-01-01T00:00:00|
/// ```
enum FDSNStationText {
    /// One channel epoch.
    struct Entry: Sendable, Hashable {
        var channel: SourceID
        var facts: StationFacts
        /// `StartTime` as given (ISO 8601 sorts as text).
        var startTime: String
        /// Whether `EndTime` is empty (the epoch is open).
        var isOpen: Bool
        /// `SampleRate`, when given.
        var sampleRate: Double?
    }

    /// The channel lines of `text`; comment, blank and malformed lines are skipped.
    static func parse(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmedLine = trimmed(line)
            guard !trimmedLine.isEmpty, !trimmedLine.hasPrefix("#") else { continue }
            let fields = trimmedLine.split(separator: "|", omittingEmptySubsequences: false).map { trimmed($0) }
            guard fields.count >= 11, !fields[0].isEmpty, !fields[1].isEmpty, !fields[3].isEmpty else { continue }
            let location = fields[2] == "--" ? "" : fields[2]
            let sensor = fields[10]
            entries.append(
                Entry(
                    channel: SourceID(network: fields[0], station: fields[1], location: location, channel: fields[3]),
                    facts: StationFacts(
                        instrumentType: sensor.isEmpty ? nil : sensor,
                        latitude: Double(fields[4]),
                        longitude: Double(fields[5]),
                        elevationM: Double(fields[6])
                    ),
                    startTime: fields.count > 15 ? fields[15] : "",
                    isOpen: fields.count > 16 ? fields[16].isEmpty : true,
                    sampleRate: fields.count > 14 ? Double(fields[14]) : nil
                )
            )
        }
        return entries
    }

    /// Facts per channel among `channels`: the open epoch, else the latest one.
    static func facts(_ entries: [Entry], for channels: Set<SourceID>) -> [SourceID: StationFacts] {
        var best: [SourceID: Entry] = [:]
        for entry in entries where channels.contains(entry.channel) {
            guard let current = best[entry.channel] else {
                best[entry.channel] = entry
                continue
            }
            let later = entry.isOpen != current.isOpen ? entry.isOpen : entry.startTime > current.startTime
            if later { best[entry.channel] = entry }
        }
        return best.mapValues(\.facts)
    }

    /// Without leading and trailing spaces, tabs and carriage returns.
    static func trimmed(_ text: some StringProtocol) -> String {
        var slice = Substring(text)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
