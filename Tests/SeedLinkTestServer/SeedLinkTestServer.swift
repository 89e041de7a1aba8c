import Foundation
import NIOCore
import NIOPosix
public import SeedCore
import WaveformSources
import Synchronization

/// An in-process SeedLink 3.1 server for the tests: it answers `HELLO`, `STATION`, `SELECT`,
/// `DATA [seq]`, `END` and `INFO` as ringserver does (see Docs/architecture.md, "SeedLink"),
/// then streams its ring of 512-byte records — each `SL` + six hex digits of sequence number +
/// the record — to every connection, in ring order, with scripted faults: drop the connection,
/// stall, send a packet twice, send a corrupt record.
public final class SeedLinkTestServer: Sendable {
    /// A fault on one connection (counted from 1) after it sent some packets.
    public struct Fault: Sendable {
        /// What goes wrong.
        public enum Kind: Sendable {
            /// The server closes the connection.
            case drop
            /// The server stops sending but keeps the connection open.
            case stall
            /// The next packet is sent twice.
            case repeatPacket
            /// The next packet's record has its data frames overwritten with garbage.
            case corruptRecord
        }

        public var connection: Int
        public var afterPackets: Int
        public var kind: Kind

        public init(connection: Int, afterPackets: Int, _ kind: Kind) {
            self.connection = connection
            self.afterPackets = afterPackets
            self.kind = kind
        }
    }

    /// What the server saw, for assertions.
    public struct Log: Sendable {
        /// Connections accepted.
        public var connections = 0
        /// Every command line received, per connection, in order.
        public var commands: [[String]] = []
        /// `INFO ID` keepalives received.
        public var keepalives = 0
        /// Packets sent (repeats included).
        public var packetsSent = 0
    }

    /// When the server sends each record.
    public enum Pacing: Sendable {
        /// As fast as the connection takes them.
        case immediate
        /// One packet every interval.
        case interval(Duration)
        /// In real time: the server's clock reads `from` when it starts and runs at `speed` times
        /// the wall clock; a record is sent once its last sample time has passed on that clock
        /// (records older than `from` at once, as a ring's history). The ring is ordered by
        /// last sample time, as a server receiving the records live would hold them.
        case replay(from: UTCTime, speed: Double)
    }

    private struct Entry: Sendable {
        var channel: SourceID
        var lastSample: UTCTime
        var bytes: [UInt8]
    }

    private let ring: [Entry]
    private let firstSequence: Int
    private let faults: [Fault]
    private let pacing: Pacing
    private let newestOnly: Bool
    /// The wall-clock time the server started (its replay clock's origin), ns since 1970.
    public let startedAt: Int64
    private let state = Mutex(Log())
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let boundPort = Mutex(0)

    /// The port it listens on (127.0.0.1).
    public var port: Int { boundPort.withLock { $0 } }
    /// What it saw so far.
    public var log: Log { state.withLock { $0 } }
    /// The records it streams, in ring order.
    public var records: [[UInt8]] { ring.map(\.bytes) }

    /// The sequence number of the ring's record `index`.
    public func sequence(of index: Int) -> Int { (firstSequence + index) % SeedLinkFramer.sequenceModulus }

    /// Starts a server on 127.0.0.1:`port` (0: any free port) whose ring holds `records`
    /// (512-byte miniSEED 2 records, in this order unless `pacing` replays them) numbered from
    /// `firstSequence`, with `faults`, sent as `pacing` says. A `DATA` without a sequence number
    /// starts at the ring's oldest record (a test wants all of it) unless `newestOnly`: then, as a
    /// real server does, with the records released after the connection (none of the ring's
    /// history when pacing is immediate: all of it was there before).
    public static func start(
        records: [[UInt8]], firstSequence: Int = 1, faults: [Fault] = [], pacing: Pacing = .immediate, port: Int = 0,
        newestOnly: Bool = false
    ) async throws -> SeedLinkTestServer {
        let reader = MiniSEEDReader()
        var ring = try records.map { bytes in
            precondition(bytes.count == SeedLinkFramer.recordLength, "SeedLink 3.1 records are 512 bytes")
            guard let trace = try reader.read(bytes).traces.first else { fatalError("a record without samples") }
            return Entry(channel: trace.id, lastSample: trace.endTime, bytes: bytes)
        }
        if case .replay = pacing {
            ring = ring.enumerated().sorted { ($0.element.lastSample, $0.offset) < ($1.element.lastSample, $1.offset) }
                .map(\.element)
        }
        let server = SeedLinkTestServer(
            ring: ring, firstSequence: firstSequence, faults: faults, pacing: pacing, newestOnly: newestOnly)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: port) { child in
                child.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child) }
            }
        server.boundPort.withLock { $0 = channel.channel.localAddress?.port ?? 0 }
        let accept = Task<Void, Never> {
            _ = try? await channel.executeThenClose { inbound in
                for try await connection in inbound {
                    let number = server.state.withLock { log in
                        log.connections += 1
                        log.commands.append([])
                        return log.connections
                    }
                    server.tasks.withLock { $0.append(Task { await server.serve(connection, number: number) }) }
                }
            }
        }
        server.tasks.withLock { $0.append(accept) }
        return server
    }

    private init(ring: [Entry], firstSequence: Int, faults: [Fault], pacing: Pacing, newestOnly: Bool) {
        self.newestOnly = newestOnly
        self.ring = ring
        self.firstSequence = firstSequence
        self.faults = faults
        self.pacing = pacing
        self.startedAt = UTCTime.now().nanoseconds
    }

    /// When the ring's record `index` is due on the wall clock (ns since 1970): at once unless
    /// the server replays in real time.
    public func releaseTime(of index: Int) -> Int64 {
        guard case .replay(let from, let speed) = pacing else { return startedAt }
        let ahead = Double(ring[index].lastSample.nanoseconds - from.nanoseconds) / speed
        return startedAt + max(0, Int64(ahead.rounded(.up)))
    }

    /// The last sample time of the ring's record `index`.
    public func lastSample(of index: Int) -> UTCTime { ring[index].lastSample }

    /// Closes the listener and every connection.
    public func stop() async {
        let all = tasks.withLock { $0 }
        for task in all { task.cancel() }
        for task in all { await task.value }
    }

    /// Splits miniSEED bytes (a file of 512-byte records) into its records.
    public static func records(of bytes: [UInt8]) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: SeedLinkFramer.recordLength).map {
            Array(bytes[$0..<min(bytes.count, $0 + SeedLinkFramer.recordLength)])
        }
    }

    private struct Wanted {
        var selectors: [String] = []
        var start: Int?
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, number: Int) async {
        let socket = connection.channel
        try? await connection.executeThenClose { inbound, outbound in
            var lines = LineReader(iterator: inbound.makeAsyncIterator())
            var wanted: [StationKey: Wanted] = [:]
            var current: StationKey?
            handshake: while let line = try await lines.next() {
                state.withLock { $0.commands[number - 1].append(line) }
                let words = line.split(separator: " ").map(String.init)
                switch words.first?.uppercased() {
                case "HELLO":
                    try await outbound.write(ByteBuffer(string: "SeedLink v3.1 (seiscache test server) :: SLPROTO:3.1\r\nseiscache tests\r\n"))
                case "STATION" where words.count == 3:
                    let key = StationKey(network: words[2], station: words[1])
                    if ring.contains(where: { $0.channel.network == key.network && $0.channel.station == key.station }) {
                        current = key
                        wanted[key] = Wanted()
                        try await outbound.write(ByteBuffer(string: "OK\r\n"))
                    } else {
                        current = nil
                        try await outbound.write(ByteBuffer(string: "ERROR\r\n"))
                    }
                case "SELECT" where words.count == 2 && current != nil:
                    wanted[current!]!.selectors.append(words[1])
                    try await outbound.write(ByteBuffer(string: "OK\r\n"))
                case "DATA" where current != nil:
                    wanted[current!]!.start = words.count > 1 ? Int(words[1], radix: 16) : nil
                    try await outbound.write(ByteBuffer(string: "OK\r\n"))
                case "END":
                    break handshake
                default:
                    try await outbound.write(ByteBuffer(string: "ERROR\r\n"))
                }
            }
            let asked = wanted
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await self.stream(to: outbound, wanted: asked, connection: number)
                    } catch is Dropped {
                        try? await socket.close()  // the client reads the end of the stream
                        return
                    }
                    // Streamed everything: stay connected, quiet, as a live server between records.
                    try await Task.sleep(for: .seconds(3600))
                }
                // Keepalives: each `INFO ID` is answered with one final SLINFO packet.
                while let line = try await lines.next() {
                    state.withLock { $0.commands[number - 1].append(line) }
                    guard line.uppercased().hasPrefix("INFO") else { continue }
                    state.withLock { $0.keepalives += 1 }
                    var packet = ByteBuffer(string: "SLINFO  ")
                    packet.writeBytes([UInt8](repeating: 0, count: SeedLinkFramer.recordLength))
                    try await outbound.write(packet)
                }
                group.cancelAll()
            }
        }
    }

    private func stream(
        to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, wanted: [StationKey: Wanted], connection: Int
    ) async throws {
        var sent = 0
        let connected = UTCTime.now().nanoseconds
        for (index, entry) in ring.enumerated() {
            let key = StationKey(network: entry.channel.network, station: entry.channel.station)
            guard let want = wanted[key], want.selectors.contains(where: { Self.matches($0, entry.channel) }) else { continue }
            if want.start == nil, newestOnly, releaseTime(of: index) <= connected { continue }
            if let start = want.start {
                // The ring index of the asked sequence number (the ring holds no older one: from the oldest).
                let asked = (start - firstSequence + SeedLinkFramer.sequenceModulus) % SeedLinkFramer.sequenceModulus
                if asked < ring.count, index < asked { continue }
            }
            let wait = releaseTime(of: index) - UTCTime.now().nanoseconds
            if wait > 0 { try await Task.sleep(for: .nanoseconds(wait)) }
            var bytes = entry.bytes
            var times = 1
            for fault in faults where fault.connection == connection && fault.afterPackets == sent {
                switch fault.kind {
                case .drop: throw Dropped()  // ends the connection's task: it closes
                case .stall: try await Task.sleep(for: .seconds(3600))
                case .repeatPacket: times = 2
                case .corruptRecord: for i in 64..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 37) }
                }
            }
            let hex = String(sequence(of: index), radix: 16, uppercase: true)
            for _ in 0..<times {
                var packet = ByteBuffer(string: "SL" + String(repeating: "0", count: 6 - hex.count) + hex)
                packet.writeBytes(bytes)
                try await outbound.write(packet)
                state.withLock { $0.packetsSent += 1 }
            }
            sent += 1
            if case .interval(let interval) = pacing { try await Task.sleep(for: interval) }
        }
    }

    /// A 3.1 selector (`CCC`, `LLCCC`, `--CCC` for the empty location) against a channel.
    static func matches(_ selector: String, _ channel: SourceID) -> Bool {
        switch selector.count {
        case 3: selector == channel.channel
        case 5:
            selector.suffix(3) == channel.channel
                && (selector.prefix(2) == "--" ? channel.location.isEmpty : selector.prefix(2) == channel.location)
        default: false
        }
    }
}

/// A scripted drop.
private struct Dropped: Error {}

/// Lines of what a client sends.
private struct LineReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var framer = SeedLinkFramer()

    mutating func next() async throws -> String? {
        while true {
            if let line = framer.nextLine() { return line }
            guard let buffer = try await iterator.next() else { return nil }
            framer.append(buffer.readableBytesView)
        }
    }
}
