public import AsyncHTTPClient
public import Logging
import NIOHTTP1
import SeedCore

/// A client of an FDSN web service: miniSEED from `fdsnws/dataselect/1`, station
/// coordinates and sensors from `fdsnws/station/1` (text format).
///
/// One ``fetch(_:logger:)`` is one bulk `POST` of all channel-windows; the client splits it
/// when the service answers 413 (the list in halves, then a single window in halves: the one
/// request-halving of the product), falls back to one `GET` per channel when the service has no
/// `POST` (405/501), retries throttling, server errors, timeouts, dropped connections and
/// bodies cut mid-record with full-jitter backoff, and caps its concurrent requests. See
/// `Docs/fdsn.md`.
///
/// The caller owns the `HTTPClient`. It must follow redirects, keeping `POST` bodies across
/// 301/302 (``redirectConfiguration``): `service.iris.edu` redirects to
/// `service.earthscope.org`.
///
/// ```swift
/// var configuration = HTTPClient.Configuration()
/// configuration.redirectConfiguration = FDSNClient.redirectConfiguration
/// let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
/// let fdsn = FDSNClient(configuration: FDSNConfiguration(), httpClient: http)
/// let miniSEED = try await fdsn.fetch(requests, logger: logger)
/// ```
public struct FDSNClient: Sendable {
    /// How the client talks to the service.
    public let configuration: FDSNConfiguration
    /// The HTTP client (owned and shut down by the caller).
    public let httpClient: HTTPClient
    /// Shared by copies of this client: the concurrency cap and request spacing.
    let gate: FDSNRequestGate
    /// The client's clock (request spacing, the timeout of an attempt, the waits before
    /// retries), read from when the client was made.
    let stopwatch: Stopwatch

    /// Follow up to 5 redirects without cycles, keeping a `POST`'s method and body on
    /// 301/302 (AHC turns them into a body-less `GET` by default, which dataselect refuses).
    /// Set it on the `HTTPClient` given to ``init(configuration:httpClient:)``.
    public static let redirectConfiguration: HTTPClient.Configuration.RedirectConfiguration = .follow(
        configuration: .init(
            max: 5,
            allowCycles: false,
            retainHTTPMethodAndBodyOn301: true,
            retainHTTPMethodAndBodyOn302: true
        )
    )

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: The service and the politeness limits.
    ///   - httpClient: The process's HTTP client, configured with ``redirectConfiguration``;
    ///     the caller shuts it down.
    ///   - clock: The time of request spacing, attempt timeouts and retry waits (tests pass a
    ///     manual clock, so a schedule of retries is checked without waiting for it).
    public init(
        configuration: FDSNConfiguration = FDSNConfiguration(), httpClient: HTTPClient,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        stopwatch = Stopwatch(clock)
        self.gate = FDSNRequestGate(
            capacity: configuration.maximumConnections, spacing: configuration.requestDelay, stopwatch: stopwatch)
    }

    /// `fdsn <baseURL>`.
    public var displayName: String { "fdsn \(configuration.baseURL)" }

    /// ``FDSNConfiguration/baseURL`` without trailing slashes (the field may be set after `init`).
    var root: String {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
    /// `{baseURL}/fdsnws/dataselect/1/query`.
    var dataselectURL: String { root + "/fdsnws/dataselect/1/query" }
    /// `{baseURL}/fdsnws/station/1/query`.
    var stationURL: String { root + "/fdsnws/station/1/query" }

    /// Fetches the records of all `requests` with one bulk `POST` (on 413 the list split in
    /// halves, and a single channel-window split into the halves of its time window down to
    /// ``WaveformRequest/shortestSplitSeconds``; one `GET` per channel when the service answers
    /// 405/501 to `POST`).
    ///
    /// - Parameters:
    ///   - requests: The channel-windows (`quality=B`, one `NET STA LOC CHA START END` line each).
    ///   - logger: Logs each request at debug, retries at warning.
    /// - Returns: Whole miniSEED records, concatenated; `[]` when the service has no data
    ///   (204, or 404 as with `nodata=404`).
    /// - Throws: ``WaveformSourceError``: `.transient` when throttling, server errors,
    ///   timeouts or connection failures outlasted ``FDSNConfiguration/maximumAttempts``;
    ///   `.truncated` when the body kept ending mid-record; `.rejected` for other 4xx answers
    ///   (with the service's text), 413 for a channel-window too short to split, or a response
    ///   over ``FDSNConfiguration/maximumResponseBytes``.
    public func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        guard !requests.isEmpty else { return [] }
        switch try await post(requests, logger: logger) {
        case .data(let bytes):
            return bytes
        case .tooLarge:
            guard requests.count > 1 else {
                guard let (first, second) = requests[0].halves else {
                    throw WaveformSourceError(
                        code: .rejected,
                        message: "the service answered 413 (too large) to a single channel-window (\(requests[0])); "
                            + "request a shorter window",
                        httpStatus: 413
                    )
                }
                logger.debug(
                    "FDSN request too large, halving its window",
                    metadata: ["fdsn.window": "\(requests[0].window)", "fdsn.status": "413"]
                )
                return try await fetch([first], logger: logger) + fetch([second], logger: logger)
            }
            let middle = requests.count / 2
            logger.debug(
                "FDSN bulk request too large, splitting",
                metadata: ["fdsn.lines": "\(requests.count)", "fdsn.status": "413"]
            )
            let first = try await fetch(Array(requests[..<middle]), logger: logger)
            let second = try await fetch(Array(requests[middle...]), logger: logger)
            return first + second
        case .postUnsupported(let status):
            logger.info(
                "FDSN service refuses POST, fetching one channel at a time",
                metadata: ["fdsn.status": "\(status)", "fdsn.lines": "\(requests.count)"]
            )
            return try await fetchEach(requests, logger: logger)
        }
    }

    /// Fetches one channel-window with `GET {baseURL}/fdsnws/dataselect/1/query?net=..&sta=..
    /// &loc=..&cha=..&starttime=..&endtime=..` (`loc=--` for an empty location), for
    /// services without bulk `POST`.
    ///
    /// - Parameters:
    ///   - request: The channel-window.
    ///   - logger: Logs the request at debug, retries at warning.
    /// - Returns: Whole miniSEED records; `[]` for no data (204 or 404).
    /// - Throws: ``WaveformSourceError`` as ``fetch(_:logger:)`` does (413 is `.rejected`).
    public func fetchSingle(_ request: WaveformRequest, logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        let channel = request.channel
        let query = [
            ("net", channel.network), ("sta", channel.station),
            ("loc", channel.location.isEmpty ? "--" : channel.location), ("cha", channel.channel),
            ("starttime", String(request.window.start.iso8601().dropLast())), ("endtime", String(request.window.end.iso8601().dropLast())),
        ]
        let url = dataselectURL + "?" + Self.queryString(query)
        let call = Call(operation: "dataselect.get", method: .GET, url: url, body: nil, lines: 1)
        return try await perform(call, logger: logger) { (response: Response) throws(WaveformSourceError) -> [UInt8] in
            switch response.status {
            case 200: return response.body
            case 204, 404: return []
            default:
                throw WaveformSourceError(
                    code: .rejected,
                    message: "the service answered \(response.status) to GET \(url): \(response.excerpt); "
                        + "check the channel codes and the window",
                    httpStatus: response.status
                )
            }
        }
    }

    /// What one bulk `POST` came to.
    enum PostOutcome {
        case data([UInt8])
        case tooLarge
        case postUnsupported(status: Int)
    }

    private func post(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> PostOutcome {
        let body = "quality=B\n" + requests.map { $0.description + "\n" }.joined()
        let call = Call(
            operation: "dataselect.post",
            method: .POST,
            url: dataselectURL,
            body: Array(body.utf8),
            lines: requests.count
        )
        return try await perform(call, logger: logger) { (response: Response) throws(WaveformSourceError) -> PostOutcome in
            switch response.status {
            case 200: return .data(response.body)
            case 204, 404: return .data([])
            case 413: return .tooLarge
            case 405, 501: return .postUnsupported(status: response.status)
            default:
                throw WaveformSourceError(
                    code: .rejected,
                    message: "the service answered \(response.status) to the bulk request of \(requests.count) "
                        + "channel-windows: \(response.excerpt); check the channel codes and the window",
                    httpStatus: response.status
                )
            }
        }
    }

    /// One `GET` per request, concurrently (the gate paces them), concatenated in order.
    private func fetchEach(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        let results = await withTaskGroup(of: (Int, Result<[UInt8], WaveformSourceError>).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask {
                    do throws(WaveformSourceError) {
                        return (index, .success(try await fetchSingle(request, logger: logger)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<[UInt8], WaveformSourceError>?](repeating: nil, count: requests.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        var bytes: [UInt8] = []
        for result in results {
            guard let result else { continue }
            bytes += try result.get()
        }
        return bytes
    }

    /// `key=value&...` with values percent-encoded outside the unreserved set and `:`, `,`.
    static func queryString(_ items: [(String, String)]) -> String {
        items.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: ","):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
