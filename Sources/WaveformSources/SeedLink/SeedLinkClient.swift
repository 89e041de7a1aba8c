public import Logging
import NIOCore
import NIOPosix
import SeedCore

/// Follows a SeedLink 3.1 server's real-time stream for a set of channels, for as long as the
/// calling task runs: connects, asks for each station in multi-station mode (`STATION`,
/// `SELECT`, `DATA` with the sequence after the last one received, `END`), hands every new record
/// to the caller in order, and on any failure — a refused connection, a closed one, nothing
/// received for ``Configuration/readTimeout``, a malformed stream — reconnects after a delay that
/// doubles up to ``Configuration/maximumReconnectDelay``, resuming where it stood
/// (``SeedLinkPosition``): nothing is lost that the server's ring still holds and nothing is handed
/// over twice. A record that does not decode is skipped and logged with its sequence number.
public struct SeedLinkClient: Sendable {
    /// Where the server is and how patient to be with it.
    public struct Configuration: Sendable {
        /// The server's host name or address.
        public var host: String
        /// Its TCP port (SeedLink's usual one is 18000).
        public var port: Int
        /// How long to wait for the TCP connection.
        public var connectTimeout: Duration = .seconds(10)
        /// How long the stream may stay silent before the connection is given up and opened
        /// again. Keepalives make the server answer at least every ``keepaliveInterval``.
        public var readTimeout: Duration = .seconds(90)
        /// How often an `INFO ID` keepalive is sent while streaming (servers drop clients that
        /// stay silent past their own timeout).
        public var keepaliveInterval: Duration = .seconds(30)
        /// The delay before the first reconnect; it doubles with each failure in a row.
        public var reconnectDelay: Duration = .seconds(1)
        /// The longest delay between reconnects.
        public var maximumReconnectDelay: Duration = .seconds(60)

        /// A server at `host:port` with the default timeouts.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// What a connection ended with, for the log and the tests.
    public struct Session: Sendable {
        /// The server's `HELLO` lines.
        public var hello: [String] = []
        /// Records handed to the caller.
        public var records = 0
        /// Packets dropped as repeats of records already handed over.
        public var duplicates = 0
        /// Packets whose record did not decode.
        public var undecodable = 0
    }

    let configuration: Configuration
    let selection: SeedLinkSelection
    let logger: Logger
    let clock: any Clock<Duration>

    /// A client of the server in `configuration` for `selection`'s channels; `clock` paces the
    /// reconnect delays.
    public init(
        configuration: Configuration, selection: SeedLinkSelection, logger: Logger,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.configuration = configuration
        self.selection = selection
        self.logger = logger
        self.clock = clock
    }

    /// Follows the stream from `position` until the calling task is cancelled (then it throws
    /// `CancellationError`) or `onRecord` throws (then it rethrows that error). `onRecord` gets
    /// each new record and the position that includes it, in the order received; the next
    /// record is read only after it returns, so a slow consumer slows the server down (TCP)
    /// instead of filling memory.
    public func follow(
        from position: SeedLinkPosition = SeedLinkPosition(),
        onRecord: @Sendable (SeedLinkRecord, SeedLinkPosition) async throws -> Void
    ) async throws {
        var position = position
        var failures = 0
        while true {
            try Task.checkCancellation()
            var session = Session()
            do {
                try await connectOnce(position: &position, session: &session, onRecord: onRecord)
            } catch let error as ConsumerError {
                throw error.underlying
            } catch {
                if Task.isCancelled { throw CancellationError() }
                failures = session.records > 0 ? 1 : failures + 1
                let delay = reconnectDelay(after: failures)
                logger.warning(
                    "seedlink: connection ended; reconnecting",
                    metadata: [
                        "server": "\(configuration.host):\(configuration.port)", "error": "\(error)",
                        "records": "\(session.records)", "duplicates": "\(session.duplicates)",
                        "undecodable": "\(session.undecodable)", "retry.in": "\(delay)",
                    ])
                try await clock.sleep(for: delay)
            }
        }
    }

    /// The delay before reconnect number `failures` (1, 2, …): doubling, capped.
    func reconnectDelay(after failures: Int) -> Duration {
        var delay = configuration.reconnectDelay
        for _ in 1..<max(1, failures) where delay < configuration.maximumReconnectDelay { delay *= 2 }
        return min(delay, configuration.maximumReconnectDelay)
    }

    /// An error `onRecord` threw: it ends ``follow(from:onRecord:)`` instead of a reconnect.
    struct ConsumerError: Error {
        var underlying: any Error
    }

    private func connectOnce(
        position: inout SeedLinkPosition, session: inout Session,
        onRecord: @Sendable (SeedLinkRecord, SeedLinkPosition) async throws -> Void
    ) async throws {
        let readTimeout = configuration.readTimeout
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        IdleStateHandler(readTimeout: TimeAmount(readTimeout)))
                    try channel.pipeline.syncOperations.addHandler(ReadTimeoutHandler(timeout: readTimeout))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var connection = SeedLinkConnection(inbound: inbound.makeAsyncIterator(), outbound: outbound, logger: logger)
            try await connection.handshake(selection: selection, position: position, session: &session)
            try await withThrowingTaskGroup(of: Void.self) { group in
                let interval = configuration.keepaliveInterval
                group.addTask { [clock] in
                    while true {
                        try await clock.sleep(for: interval)
                        try await outbound.write(ByteBuffer(string: "INFO ID\r\n"))
                    }
                }
                defer { group.cancelAll() }
                try await connection.stream(
                    selection: selection, position: &position, session: &session, onRecord: onRecord)
            }
        }
    }
}

extension TimeAmount {
    /// The same span as a `Duration`, to the nanosecond.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Turns the idle handler's read event into an error the stream reader sees, and closes.
final class ReadTimeoutHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let timeout: Duration

    init(timeout: Duration) { self.timeout = timeout }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.fireErrorCaught(SeedLinkError.readTimeout(timeout))
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
