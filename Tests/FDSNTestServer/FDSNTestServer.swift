package import Foundation
package import NIOCore
import NIOHTTP1
import NIOPosix
package import SeedCore
import Synchronization
import TestSupport

/// An in-process FDSN web service on 127.0.0.1: dataselect (`POST` bulk and `GET`) from the
/// miniSEED fixtures of `Fixtures/fdsn` (written by `make_fdsn_fixtures.py`; `Fixtures/fdsn-day`
/// too when ``Options/fixtureFolders`` says so), station text from `Fixtures/fdsn/stations.txt`.
///
/// A channel-window is answered with every whole record of the channel overlapping
/// `[start, end)`, as real services do; nothing matching is 204. Faults are scripted per
/// request (``Fault``), and paths under ``movedPrefix`` are redirected (301) to the same path
/// without it, as `service.iris.edu` redirects to `service.earthscope.org`. Every request is
/// recorded, and the most requests seen in flight at once is tracked.
package final class FDSNTestServer: Sendable {
    /// What to do with one request.
    package enum Fault: Sendable {
        /// Answer normally.
        case serve
        /// Answer with this status (and `Retry-After: retryAfter` seconds) and text.
        case status(Int, retryAfter: Int? = nil, body: String = "")
        /// Answer normally after this long.
        case delay(TimeAmount)
        /// Answer 200 with the normal body cut in the middle of its last record.
        case truncate
        /// Close the connection without answering.
        case dropConnection
    }

    /// How the server behaves beyond single faults.
    package struct Options: Sendable {
        /// One per request, in arrival order (redirects do not take one).
        package var faults: [Fault] = []
        /// For requests after `faults` ran out.
        package var fallback: Fault = .serve
        /// Answer 413 to a `POST` with more channel-window lines than this.
        package var maximumPostLines: Int? = nil
        /// Answer 413 to a `POST` with a channel-window longer than this many seconds.
        package var maximumLineSeconds: Int64? = nil
        /// Answer 405 to every `POST` (a service without bulk requests).
        package var refusePost = false
        /// The folders whose miniSEED files it serves (any depth: `*.mseed` files and SDS
        /// day files `NET.STA.LOC.CHA.D.YYYY.DDD`).
        package var fixtureFolders: [URL] = [FDSNTestServer.fixtures]

        /// Creates options; the defaults answer every request normally from `Fixtures/fdsn`.
        package init(
            faults: [Fault] = [], fallback: Fault = .serve, maximumPostLines: Int? = nil, maximumLineSeconds: Int64? = nil,
            refusePost: Bool = false, fixtureFolders: [URL] = [FDSNTestServer.fixtures]
        ) {
            self.faults = faults
            self.fallback = fallback
            self.maximumPostLines = maximumPostLines
            self.maximumLineSeconds = maximumLineSeconds
            self.refusePost = refusePost
            self.fixtureFolders = fixtureFolders
        }
    }

    /// A request as received.
    package struct Recorded: Sendable {
        package var method: String
        /// The request target as on the request line.
        package var uri: String
        package var path: String
        package var query: [String: String]
        /// The body split into non-empty lines.
        package var bodyLines: [String]
        package var userAgent: String?
        package var received: ContinuousClock.Instant

        /// Body lines that are channel-windows (not `key=value` parameters).
        package var requestLines: [String] { bodyLines.filter { !$0.contains("=") } }
    }

    /// A fixture record: its channel, time span and bytes.
    package struct StoredRecord: Sendable {
        package var channel: SourceID
        package var start: Int64
        package var end: Int64
        package var bytes: [UInt8]
    }

    /// Paths under this prefix answer 301 to the same path without it.
    package static let movedPrefix = "/moved"

    /// `Fixtures/fdsn`.
    package static let fixtures = TestSupport.repository.appendingPathComponent("Tests/PipelineTests/Fixtures/fdsn")
    /// `Fixtures/fdsn-day`: a day of two 1 Hz channels, for the 6 h checkpoints.
    package static let dayFixtures = TestSupport.repository.appendingPathComponent("Tests/PipelineTests/Fixtures/fdsn-day")

    private struct State {
        var options: Options
        var recorded: [Recorded] = []
        var inFlight = 0
        var maximumInFlight = 0
    }

    private let state: Mutex<State>
    private let records: [SourceID: [StoredRecord]]
    private let stationLines: [String]
    private let channel: Mutex<(any Channel)?> = Mutex(nil)
    private let boundPort = Mutex(0)

    /// The port it listens on.
    package var port: Int { boundPort.withLock { $0 } }
    /// `http://127.0.0.1:<port>`.
    package var endpoint: String { "http://127.0.0.1:\(port)" }
    /// Requests received so far.
    package var requests: [Recorded] { state.withLock { $0.recorded } }
    /// The most requests that were in flight (received, not yet answered) at once.
    package var maximumConcurrentRequests: Int { state.withLock { $0.maximumInFlight } }

    /// Starts a server with the given behaviour.
    package static func start(_ options: Options = Options()) async throws -> FDSNTestServer {
        let server = try FDSNTestServer(options: options)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        server.channel.withLock { $0 = channel }
        server.boundPort.withLock { $0 = channel.localAddress?.port ?? 0 }
        return server
    }

    private init(options: Options) throws {
        self.state = Mutex(State(options: options))
        self.records = try Self.loadRecords(from: options.fixtureFolders)
        let stations = try String(contentsOf: Self.fixtures.appendingPathComponent("stations.txt"), encoding: .utf8)
        self.stationLines = stations.split(whereSeparator: \.isNewline).map(String.init)
    }

    /// Stops listening.
    package func shutdown() async throws {
        let channel = self.channel.withLock { $0 }
        try await channel?.close()
    }

    /// Every record of every miniSEED file in the folders (any depth), per channel, in file order.
    package static func loadRecords(from folders: [URL]) throws -> [SourceID: [StoredRecord]] {
        var files: [URL] = []
        for folder in folders {
            let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
            files += (walker?.allObjects as? [URL] ?? []).filter { url in
                let name = url.lastPathComponent
                return (name.hasSuffix(".mseed") || name.contains(".D."))
                    && (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            }.sorted { $0.path < $1.path }
        }
        var result: [SourceID: [StoredRecord]] = [:]
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            var offset = 0
            while offset < bytes.count {
                let header = try bytes.withUnsafeBytes { try RecordHeader(parsing: $0, at: offset) }
                let span = Int64((Double(header.sampleCount) / header.sampleRate * 1e9).rounded())
                let record = StoredRecord(
                    channel: header.sourceID,
                    start: header.startTime.nanoseconds,
                    end: header.startTime.nanoseconds + span,
                    bytes: Array(bytes[offset..<(offset + header.recordLength)])
                )
                result[header.sourceID, default: []].append(record)
                offset += header.recordLength
            }
        }
        return result
    }

    /// The whole records of `channel` overlapping `[start, end)`.
    package func recordBytes(of channel: SourceID, from start: UTCTime, to end: UTCTime) -> [UInt8] {
        (records[channel] ?? []).filter { $0.start < end.nanoseconds && $0.end > start.nanoseconds }.flatMap(\.bytes)
    }

    // MARK: - Answering

    fileprivate struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        var delay: TimeAmount? = nil
        var drop = false
    }

    fileprivate func begin(_ request: Recorded) -> Reply {
        let reply: Reply
        if request.path.hasPrefix(Self.movedPrefix + "/") {
            let target = String(request.uri.dropFirst(Self.movedPrefix.count))
            reply = Reply(status: 301, headers: [("Location", endpoint + target)])
            state.withLock { $0.recorded.append(request) }
        } else {
            let (fault, options) = state.withLock { state in
                state.recorded.append(request)
                let fault = state.options.faults.isEmpty ? state.options.fallback : state.options.faults.removeFirst()
                return (fault, state.options)
            }
            reply = answer(request, fault: fault, options: options)
        }
        state.withLock { state in
            state.inFlight += 1
            state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
        }
        return reply
    }

    fileprivate func end() {
        state.withLock { $0.inFlight -= 1 }
    }

    private func answer(_ request: Recorded, fault: Fault, options: Options) -> Reply {
        switch fault {
        case .status(let status, let retryAfter, let body):
            return Reply(
                status: status,
                headers: retryAfter.map { [("Retry-After", String($0))] } ?? [],
                body: Array(body.utf8)
            )
        case .dropConnection:
            return Reply(status: 0, drop: true)
        case .serve, .delay, .truncate:
            break
        }
        var reply = serve(request, options: options)
        if case .delay(let amount) = fault { reply.delay = amount }
        if case .truncate = fault, reply.status == 200 {
            let keep = reply.body.count > 512 ? reply.body.count - 200 : reply.body.count / 2
            reply.body = Array(reply.body.prefix(keep))
        }
        return reply
    }

    private func serve(_ request: Recorded, options: Options) -> Reply {
        func text(_ status: Int, _ message: String) -> Reply {
            Reply(status: status, headers: [("Content-Type", "text/plain")], body: Array(message.utf8))
        }
        func data(_ bytes: [UInt8]) -> Reply {
            bytes.isEmpty ? Reply(status: 204) : Reply(status: 200, headers: [("Content-Type", "application/vnd.fdsn.mseed")], body: bytes)
        }
        switch (request.method, request.path) {
        case ("POST", "/fdsnws/dataselect/1/query"):
            if options.refusePost { return text(405, "Error 405: POST is not supported by this service") }
            let lines = request.requestLines
            if let limit = options.maximumPostLines, lines.count > limit {
                return text(413, "Error 413: Request too large: \(lines.count) lines, at most \(limit)")
            }
            var bytes: [UInt8] = []
            for line in lines {
                let fields = line.split(separator: " ").map(String.init)
                guard fields.count == 6, let start = UTCTime(iso8601: fields[4]), let end = UTCTime(iso8601: fields[5]) else {
                    return text(400, "Error 400: Bad Request\n\nCannot parse line: \(line)\n")
                }
                if let limit = options.maximumLineSeconds, TimeWindow(start: start, end: end).seconds > limit {
                    return text(413, "Error 413: Request too large: \(line) spans more than \(limit) s")
                }
                let location = fields[2] == "--" ? "" : fields[2]
                let id = SourceID(network: fields[0], station: fields[1], location: location, channel: fields[3])
                bytes += recordBytes(of: id, from: start, to: end)
            }
            return data(bytes)
        case ("GET", "/fdsnws/dataselect/1/query"):
            let q = request.query
            guard let net = q["net"], let sta = q["sta"], let cha = q["cha"],
                let start = q["starttime"].flatMap(UTCTime.init(iso8601:)), let end = q["endtime"].flatMap(UTCTime.init(iso8601:))
            else { return text(400, "Error 400: Bad Request\n\nnet, sta, cha, starttime and endtime are required\n") }
            let loc = q["loc"] ?? "--"
            let id = SourceID(network: net, station: sta, location: loc == "--" ? "" : loc, channel: cha)
            return data(recordBytes(of: id, from: start, to: end))
        case ("GET", "/fdsnws/station/1/query"):
            let q = request.query
            guard q["format"] == "text", q["level"] == "channel" else {
                return text(400, "Error 400: this test server answers format=text&level=channel only")
            }
            func matches(_ value: String, _ parameter: String?) -> Bool {
                guard let parameter else { return true }
                return parameter.split(separator: ",").map { $0 == "--" ? "" : String($0) }.contains(value)
            }
            let header = stationLines.first { $0.hasPrefix("#") } ?? ""
            let selected = stationLines.filter { line in
                guard !line.hasPrefix("#") else { return false }
                let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                return f.count > 3 && matches(f[0], q["net"]) && matches(f[1], q["sta"]) && matches(f[2], q["loc"])
                    && matches(f[3], q["cha"])
            }
            guard !selected.isEmpty else { return Reply(status: 204) }
            return text(200, ([header] + selected).joined(separator: "\n") + "\n")
        default:
            return text(404, "Error 404: Not Found\n\nNo such service: \(request.method) \(request.path)\n")
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let server: FDSNTestServer
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(server: FDSNTestServer) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                guard let head else { return }
                let (path, query) = Self.split(head.uri)
                let recorded = Recorded(
                    method: head.method.rawValue,
                    uri: head.uri,
                    path: path,
                    query: query,
                    bodyLines: String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
                        .filter { !$0.isEmpty },
                    userAgent: head.headers.first(name: "user-agent"),
                    received: .now
                )
                let reply = server.begin(recorded)
                if let delay = reply.delay {
                    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    context.eventLoop.scheduleTask(in: delay) {
                        let (handler, context) = loopBound.value
                        handler.respond(reply, context: context)
                    }
                } else {
                    respond(reply, context: context)
                }
            }
        }

        private func respond(_ reply: Reply, context: ChannelHandlerContext) {
            defer { server.end() }
            if reply.drop {
                context.close(promise: nil)
                return
            }
            var headers = HTTPHeaders(reply.headers)
            headers.add(name: "content-length", value: String(reply.body.count))
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !reply.body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply.body)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }

        /// The path and the decoded query parameters of a request target.
        static func split(_ uri: String) -> (String, [String: String]) {
            guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
            var query: [String: String] = [:]
            for pair in uri[uri.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard let key = parts.first else { continue }
                query[key] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
            }
            return (String(uri[..<mark]), query)
        }
    }
}
