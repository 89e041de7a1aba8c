import ChunkStore
public import SeedCore

/// A `GET /data` request (001): one channel of one volcano over `[start, end)`.
public struct DataQuery: Sendable, Hashable {
    /// The channel's SEED codes.
    public var sourceID: SourceID
    /// The volcano its keys are filed under.
    public var volcano: String
    /// The requested range on whole seconds (start floored, end ceiled).
    public var range: TimeWindow

    /// Creates a query from validated parts.
    public init(sourceID: SourceID, volcano: String, range: TimeWindow) {
        self.sourceID = sourceID
        self.volcano = volcano
        self.range = range
    }

    /// Parses the query parameters `network, volcano, station, location, channel, start, end`.
    /// - Parameters:
    ///   - parameters: the URL's query (an empty or `--` location is the empty code).
    ///   - maximumHours: the longest span accepted.
    /// - Throws: ``DataQueryError`` naming the first bad parameter.
    public static func parse(_ parameters: [String: String], maximumHours: Int) throws(DataQueryError) -> DataQuery {
        func required(_ name: String) throws(DataQueryError) -> String {
            guard let value = parameters[name], !value.isEmpty else {
                throw DataQueryError(field: name, message: "\(name) is required")
            }
            return value
        }
        let location = parameters["location"].map { $0 == "--" ? "" : $0 } ?? ""
        let id = SourceID(
            network: try required("network"), station: try required("station"), location: location,
            channel: try required("channel"))
        let volcano = try required("volcano")
        do {
            try ChannelKey.validate(id)
            try ChannelKey.validate(volcano: volcano)
        } catch {
            throw DataQueryError(field: error.field, message: error.message)
        }
        func time(_ name: String) throws(DataQueryError) -> UTCTime {
            let text = try required(name)
            guard let time = UTCTime(iso8601: text), (1970...2100).contains(time.components.year) else {
                throw DataQueryError(field: name, message: "\"\(text)\" is not an ISO 8601 UTC time like 2025-11-04T22:00:00Z")
            }
            return time
        }
        let start = UTCTime(seconds: try time("start").secondsFloor)
        let endTime = try time("end")
        let end = UTCTime(seconds: endTime.secondsFloor + (endTime.isWholeSecond ? 0 : 1))
        guard end > start else { throw DataQueryError(field: "end", message: "end must be after start") }
        guard end.secondsFloor - start.secondsFloor <= Int64(maximumHours) * 3600 else {
            throw DataQueryError(field: "end", message: "the span is longer than \(maximumHours) hours; ask for less")
        }
        return DataQuery(sourceID: id, volcano: volcano, range: TimeWindow(start: start, end: end))
    }
}

/// A bad `/data` request: `field` names the parameter.
public struct DataQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter at fault.
    public var field: String
    /// What is wrong and what is accepted.
    public var message: String

    /// Creates an error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
