public import AsyncHTTPClient
import ChunkStore
import Foundation
import NIOCore
import SeedCore

/// The tick's and the FDSN client's configuration from the environment (000's variables and
/// DESIGN's additions), shared by `seiscron` and `seisapi` and validated once: the
/// executables exit 2 with the message, which names the variable.
public struct PipelineSettings: Sendable {
    /// Windows, delays, retries (`IRIS_DELAY_MINUTES`, `CRON_DATA_DURATION_MINUTES`,
    /// `CATCHUP_MINUTES`, `RETRY_INTERVAL_SECONDS`, `RETRY_WINDOW_SECONDS`).
    public var tick = TickConfiguration()
    /// The FDSN service (`FDSN_BASE_URL`, `REQUEST_DELAY_SECONDS`, `FDSN_MAX_CONNECTIONS`).
    public var fdsn = FDSNConfiguration()

    /// The longest silence while a response is being read (`FDSN_READ_TIMEOUT_SECONDS`):
    /// a server that accepts but stops sending fails the attempt instead of holding it.
    /// Default 30 s.
    public var readTimeout: Duration = .seconds(30)

    /// The process's one HTTP client configuration (FDSN and the S3 store): redirects keep
    /// POST bodies (the old service.iris.edu host answers bulk POSTs with a redirect to
    /// service.earthscope.org), connecting is limited to 10 s and a silent read to
    /// ``readTimeout``.
    public var httpClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = FDSNClient.redirectConfiguration
        configuration.timeout = HTTPClient.Configuration.Timeout(
            connect: .seconds(10), read: .nanoseconds(FDSNConfiguration.nanoseconds(readTimeout)))
        return configuration
    }

    /// A variable that is set but unusable.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        /// The variable's name.
        public var variable: String
        /// What is wrong and what is accepted.
        public var message: String
        public var description: String { "\(variable): \(message)" }

        /// Creates an error.
        public init(variable: String, message: String) {
            self.variable = variable
            self.message = message
        }
    }

    /// Reads the settings.
    /// - Parameters:
    ///   - environment: the process environment (the executable passes it in).
    ///   - dryRun: fetch and process but write nothing.
    /// - Throws: ``Invalid`` naming the first unusable variable.
    public init(environment: [String: String], dryRun: Bool = false) throws(Invalid) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func integer(_ name: String, _ range: ClosedRange<Int>) throws(Invalid) -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw Invalid(variable: name, message: "\"\(text)\" is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        func seconds(_ name: String, _ range: ClosedRange<Double>) throws(Invalid) -> Duration? {
            guard let text = value(name) else { return nil }
            guard let number = Double(text), range.contains(number) else {
                throw Invalid(variable: name, message: "\"\(text)\" is not a number of seconds in \(range.lowerBound)...\(range.upperBound)")
            }
            return .milliseconds(Int64((number * 1000).rounded()))
        }
        if let minutes = try integer("IRIS_DELAY_MINUTES", 0...1440) { tick.delayMinutes = minutes }
        if let minutes = try integer("CRON_DATA_DURATION_MINUTES", 1...1440) {
            guard let kind = ChunkKind(seconds: Int64(minutes) * 60) else {
                throw Invalid(variable: "CRON_DATA_DURATION_MINUTES", message: "\(minutes) is not a chunk length: use 10, 60, 360 or 1440")
            }
            tick.windowKind = kind
        }
        if let minutes = try integer("CATCHUP_MINUTES", 0...10_080) { tick.lookBackMinutes = minutes }
        if let interval = try seconds("RETRY_INTERVAL_SECONDS", 0...3600) { tick.retryInterval = interval }
        if let window = try seconds("RETRY_WINDOW_SECONDS", 0...3600) { tick.retryWindow = window }
        if let deadline = try seconds("TICK_DEADLINE_SECONDS", 10...590) { tick.deadline = deadline }
        if let delay = try seconds("REQUEST_DELAY_SECONDS", 0...60) { fdsn.requestDelay = delay }
        if let timeout = try seconds("FDSN_READ_TIMEOUT_SECONDS", 1...600) { readTimeout = timeout }
        if let connections = try integer("FDSN_MAX_CONNECTIONS", 1...10) { fdsn.maximumConnections = connections }
        if let base = value("FDSN_BASE_URL") {
            guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw Invalid(variable: "FDSN_BASE_URL", message: "\"\(base)\" is not an http(s) URL")
            }
            fdsn.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        tick.dryRun = dryRun
    }
}

/// Where miniSEED comes from: `fdsn` (the FDSN service of the settings) or `sds:DIR` (a
/// local SDS archive); the executables' `--source`.
public enum SourceChoice: Sendable, Hashable, CustomStringConvertible {
    case fdsn
    case sds(String)

    /// Parses `fdsn` or `sds:DIR`.
    public init?(argument: String) {
        if argument == "fdsn" {
            self = .fdsn
        } else if argument.hasPrefix("sds:"), argument.count > 4 {
            self = .sds(String(argument.dropFirst(4)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .fdsn: "fdsn"
        case .sds(let root): "sds:\(root)"
        }
    }

    /// The source.
    /// - Parameters:
    ///   - fdsn: the FDSN client's configuration.
    ///   - httpClient: the process's HTTP client (follow redirects with ``FDSNClient/redirectConfiguration``).
    public func makeSource(fdsn: FDSNConfiguration, httpClient: HTTPClient) -> any WaveformSource {
        switch self {
        case .fdsn: FDSNClient(configuration: fdsn, httpClient: httpClient)
        case .sds(let root): SDSArchive(root: root)
        }
    }
}
