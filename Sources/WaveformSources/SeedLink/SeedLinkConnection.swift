import Logging
import NIOCore
import SeedCore

/// One open connection: the multi-station handshake, then the packets until it fails.
struct SeedLinkConnection {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let logger: Logger
    var framer = SeedLinkFramer()

    init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, logger: Logger
    ) {
        self.inbound = inbound
        self.outbound = outbound
        self.logger = logger
    }

    /// `HELLO`, then per station `STATION`, its `SELECT`s and `DATA` (each answered `OK`), then
    /// `END`. A station or selector the server refuses is logged and left out; when every
    /// station is refused the connection fails (``SeedLinkError/handshakeRefused(_:)``).
    mutating func handshake(selection: SeedLinkSelection, position: SeedLinkPosition, session: inout SeedLinkClient.Session)
        async throws
    {
        try await send("HELLO")
        session.hello = [try await line(), try await line()]
        logger.debug("seedlink: connected", metadata: ["hello": "\(session.hello.joined(separator: " / "))"])
        var accepted = 0
        for station in selection.stations {
            guard try await command("STATION \(station.key.station) \(station.key.network)") else { continue }
            var selected = 0
            for selector in station.selectors where try await command("SELECT \(selector)") { selected += 1 }
            if selected == 0 { continue }
            let data = position.dataArgument(for: station.key).map { "DATA \($0)" } ?? "DATA"
            guard try await command(data) else { continue }
            accepted += 1
        }
        guard accepted > 0 else {
            throw SeedLinkError.handshakeRefused("every station of the selection (\(selection.stations.count))")
        }
        try await send("END")
    }

    /// Reads packets until the connection fails, handing each new wanted record to `onRecord`.
    mutating func stream(
        selection: SeedLinkSelection, position: inout SeedLinkPosition, session: inout SeedLinkClient.Session,
        onRecord: @Sendable (SeedLinkRecord, SeedLinkPosition) async throws -> Void
    ) async throws {
        let reader = MiniSEEDReader()
        while true {
            guard let frame = try framer.nextFrame() else {
                try await receive()
                continue
            }
            guard case .data(let sequence, let bytes) = frame else {
                if case .line(let text) = frame, text != "OK" {
                    logger.warning("seedlink: the server sent a line in the stream", metadata: ["line": "\(text)"])
                }
                continue
            }
            let trace: Trace
            do {
                let result = try reader.read(bytes)
                if let first = result.traces.first, result.traces.count == 1, first.count > 0 {
                    trace = first
                    for warning in result.warnings {
                        logger.notice("seedlink: record decoded with a warning", metadata: ["sequence": "\(Self.hex(sequence))", "warning": "\(warning)"])
                    }
                } else if let problem = result.warnings.first {
                    throw problem
                } else {
                    continue  // a log or empty record: no samples to hand over
                }
            } catch {
                session.undecodable += 1
                logger.warning(
                    "seedlink: record skipped: it does not decode",
                    metadata: ["sequence": "\(Self.hex(sequence))", "error": "\(error)"])
                continue
            }
            let record = SeedLinkRecord(sequence: sequence, channel: trace.id, bytes: bytes, trace: trace)
            guard selection.wants(record.channel) else {
                position.skip(station: record.station, sequence: sequence)
                continue
            }
            guard position.admit(
                station: record.station, sequence: sequence, channel: record.channel,
                start: trace.startTime.nanoseconds)
            else {
                session.duplicates += 1
                continue
            }
            session.records += 1
            do {
                try await onRecord(record, position)
            } catch {
                throw SeedLinkClient.ConsumerError(underlying: error)
            }
        }
    }

    static func hex(_ sequence: Int) -> String {
        let digits = String(sequence, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Sends a command and reads its answer: `true` for `OK`; `ERROR` is logged, `false`.
    private mutating func command(_ text: String) async throws -> Bool {
        try await send(text)
        let answer = try await line()
        if answer == "OK" { return true }
        logger.warning("seedlink: the server refused a command", metadata: ["command": "\(text)", "answer": "\(answer)"])
        return false
    }

    private func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text + "\r\n"))
    }

    private mutating func line() async throws -> String {
        while true {
            if let line = framer.nextLine() { return line }
            try await receive()
        }
    }

    private mutating func receive() async throws {
        guard let buffer = try await inbound.next() else { throw SeedLinkError.closed }
        framer.append(buffer.readableBytesView)
    }
}
