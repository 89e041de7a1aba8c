public import ChunkStore
import Foundation
public import Logging
public import SeedCore

/// A local SDS archive (the layout SeisComP's slarchive and ObsPy write) as a waveform
/// source: `ROOT/YEAR/NET/STA/CHA.D/NET.STA.LOC.CHA.D.YEAR.DOY`, one file per channel-day.
///
/// Returns the records that overlap each requested window, exactly as an FDSN server
/// selects them, so the tick processes archive data as it processes fetched data.
public struct SDSArchive: WaveformSource {
    /// The archive's root folder.
    public let root: String

    /// An archive rooted at a folder.
    public init(root: String) { self.root = root }

    public var displayName: String { "sds \(root)" }

    /// The file of one channel-day.
    public func path(for channel: SourceID, day: CalendarDay) -> String {
        let c = day.components
        let newYear = UTCTime(year: c.year, month: 1, day: 1)
        let dayOfYear = Int((day.start.nanoseconds - newYear.nanoseconds) / 86_400_000_000_000) + 1
        let doy = String(repeating: "0", count: 3 - String(dayOfYear).count) + String(dayOfYear)
        return "\(root)/\(c.year)/\(channel.network)/\(channel.station)/\(channel.channel).D/"
            + "\(channel.network).\(channel.station).\(channel.location).\(channel.channel).D.\(c.year).\(doy)"
    }

    public func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        var output: [UInt8] = []
        var files: [String: [UInt8]] = [:]
        for request in requests {
            // A record of the previous day's file can reach into a window starting at midnight.
            var day = CalendarDay(containing: request.window.start.adding(seconds: -3600))
            var selected = Set<Range<Int>>()
            while day.start < request.window.end {
                let path = path(for: request.channel, day: day)
                day = day.next
                if files[path] == nil {
                    guard FileManager.default.fileExists(atPath: path) else { continue }
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw WaveformSourceError(code: .unreadable, message: "cannot read \(path); check its permissions")
                    }
                    files[path] = [UInt8](data)
                }
                guard let bytes = files[path] else { continue }
                selected.removeAll()
                for record in MiniSEEDReader().index(bytes).records
                where record.header.sourceID == request.channel && record.overlaps(request.window) {
                    if selected.insert(record.byteRange).inserted { output += bytes[record.byteRange] }
                }
            }
        }
        logger.debug("sds records selected", metadata: ["sds.requests": "\(requests.count)", "sds.bytes": "\(output.count)"])
        return output
    }

    /// An archive knows no coordinates.
    public func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] { [:] }
}
