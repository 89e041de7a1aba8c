import Foundation
import Logging
import SeedCore
import SeedLinkTestServer
import Synchronization
import TestSupport
import Testing

@testable import WaveformSources

/// The client against the in-process test server streaming three channels of the shipped
/// sample (ObsPy-written 512-byte Steim2 records): every record handed over exactly once and
/// byte for byte, through dropped connections, a stalled server, repeated and corrupt packets,
/// a sequence-number wrap and a refused station.
@Suite("SeedLink client", .timeLimit(.minutes(2)))
struct SeedLinkClientTests {
    static let files = [
        "Samples/sds/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308",
        "Samples/sds/2025/HV/OBL/HHZ.D/HV.OBL..HHZ.D.2025.308",
        "Samples/sds/2025/AV/GSTD/BHZ.D/AV.GSTD..BHZ.D.2025.308",
    ]

    /// Each file's records, and all of them in time order (as a server's ring interleaves stations).
    static func sample() throws -> (byChannel: [SourceID: [[UInt8]]], ring: [[UInt8]]) {
        var byChannel: [SourceID: [[UInt8]]] = [:]
        var timed: [(start: Int64, file: Int, record: [UInt8])] = []
        for (index, path) in files.enumerated() {
            let bytes = try [UInt8](Data(contentsOf: TestSupport.repository.appendingPathComponent(path)))
            for record in SeedLinkTestServer.records(of: bytes) {
                let trace = try #require(try MiniSEEDReader().read(record).traces.first)
                byChannel[trace.id, default: []].append(record)
                timed.append((trace.startTime.nanoseconds, index, record))
            }
        }
        return (byChannel, timed.sorted { ($0.start, $0.file) < ($1.start, $1.file) }.map(\.record))
    }

    static var channels: [SourceID] {
        files.map { path in
            let name = path.split(separator: "/").last!.split(separator: ".", omittingEmptySubsequences: false)
            return SourceID(network: String(name[0]), station: String(name[1]), location: String(name[2]), channel: String(name[3]))
        }
    }

    struct Enough: Error {}

    /// Follows `server` until `count` records were handed over; returns them with the logs.
    static func follow(
        _ server: SeedLinkTestServer, count: Int, channels: [SourceID] = channels,
        configure: (inout SeedLinkClient.Configuration) -> Void = { _ in }
    ) async throws -> (records: [SeedLinkRecord], logs: [String]) {
        var configuration = SeedLinkClient.Configuration(host: "127.0.0.1", port: server.port)
        configuration.reconnectDelay = .milliseconds(10)
        configure(&configuration)
        let (logger, logs) = Logger.capturing("seedlink-test")
        let client = SeedLinkClient(configuration: configuration, selection: SeedLinkSelection(channels: channels), logger: logger)
        let received = Mutex<[SeedLinkRecord]>([])
        await #expect(throws: Enough.self) {
            try await client.follow { record, _ in
                let total = received.withLock { $0.append(record); return $0.count }
                if total >= count { throw Enough() }
            }
        }
        return (received.withLock { $0 }, logs.lines(atLeast: .warning))
    }

    /// Every channel's records, in order, exactly as the files hold them.
    static func expectComplete(_ records: [SeedLinkRecord], _ byChannel: [SourceID: [[UInt8]]]) {
        let received = Dictionary(grouping: records, by: \.channel).mapValues { $0.map(\.bytes) }
        #expect(received.keys.sorted() == byChannel.keys.sorted())
        for (channel, expected) in byChannel {
            #expect(received[channel] == expected, "\(channel): \(received[channel]?.count ?? 0) of \(expected.count) records, in order")
        }
    }

    @Test("every record of three stations, once, in order, decoded to the file's samples")
    func streamsEverything() async throws {
        let (byChannel, ring) = try Self.sample()
        let server = try await SeedLinkTestServer.start(records: ring)
        defer { Task { await server.stop() } }
        let (records, logs) = try await Self.follow(server, count: ring.count)
        Self.expectComplete(records, byChannel)
        #expect(records.map(\.sequence) == (0..<ring.count).map(server.sequence(of:)))
        for path in Self.files {
            let file = try MiniSEEDReader().read([UInt8](Data(contentsOf: TestSupport.repository.appendingPathComponent(path))))
            let id = try #require(file.traces.first?.id)
            var fromFile = ContiguousArray<Int32>()
            for trace in file.traces {
                guard case .int32(let values) = trace.samples else { Issue.record("not int32"); return }
                fromFile += values
            }
            var samples = ContiguousArray<Int32>()
            for record in records where record.channel == id {
                guard case .int32(let values) = record.trace.samples else { Issue.record("not int32"); return }
                samples += values
            }
            #expect(samples == fromFile, "\(id): the records' samples are the file's (\(file.traces.count) traces)")
        }
        #expect(server.log.commands.first?.prefix(4) == ["HELLO", "STATION GSTD AV", "SELECT BHZ", "DATA"])
        #expect(logs.isEmpty, "\(logs)")
    }

    @Test("dropped connections resume after the last sequence: nothing lost, nothing twice")
    func resumesAfterDrops() async throws {
        let (byChannel, ring) = try Self.sample()
        let server = try await SeedLinkTestServer.start(
            records: ring, faults: [.init(connection: 1, afterPackets: 10, .drop), .init(connection: 2, afterPackets: 25, .drop)])
        defer { Task { await server.stop() } }
        let (records, logs) = try await Self.follow(server, count: ring.count)
        Self.expectComplete(records, byChannel)
        #expect(server.log.connections == 3)
        // The second connection asks each station for the sequence after the last it received.
        let asked = server.log.commands[1].filter { $0.hasPrefix("DATA ") }
        #expect(asked.count == 3)
        let last = Dictionary(records.prefix(10).map { ($0.station, $0.sequence) }, uniquingKeysWith: max)
        for (station, sequence) in last {
            let next = String(sequence + 1, radix: 16, uppercase: true)
            #expect(server.log.commands[1].contains("DATA " + String(repeating: "0", count: 6 - next.count) + next), "\(station)")
        }
        #expect(logs.count == 2 && logs.allSatisfy { $0.contains("reconnecting") }, "\(logs)")
    }

    @Test("a stalled server is left after the read timeout and the stream resumes")
    func readTimeout() async throws {
        let (byChannel, ring) = try Self.sample()
        let server = try await SeedLinkTestServer.start(records: ring, faults: [.init(connection: 1, afterPackets: 5, .stall)])
        defer { Task { await server.stop() } }
        let (records, logs) = try await Self.follow(server, count: ring.count) { $0.readTimeout = .seconds(1) }
        Self.expectComplete(records, byChannel)
        // The stall ended the first connection by the read timeout. (A loaded machine may also
        // time out a later connection before its handshake: then there are more.)
        #expect(server.log.connections >= 2)
        #expect(logs.contains { $0.contains("read timeout") }, "\(logs)")
    }

    @Test("a packet sent twice is handed over once")
    func repeatedPacket() async throws {
        let (byChannel, ring) = try Self.sample()
        let server = try await SeedLinkTestServer.start(records: ring, faults: [.init(connection: 1, afterPackets: 3, .repeatPacket)])
        defer { Task { await server.stop() } }
        let (records, _) = try await Self.follow(server, count: ring.count)
        Self.expectComplete(records, byChannel)
        #expect(server.log.packetsSent == ring.count + 1)
    }

    @Test("a corrupt record is skipped and logged with its sequence number; the rest flows")
    func corruptRecord() async throws {
        let (_, ring) = try Self.sample()
        let server = try await SeedLinkTestServer.start(records: ring, faults: [.init(connection: 1, afterPackets: 4, .corruptRecord)])
        defer { Task { await server.stop() } }
        let (records, logs) = try await Self.follow(server, count: ring.count - 1)
        let expected = ring.enumerated().filter { $0.offset != 4 }.map(\.element)
        #expect(records.map(\.bytes) == expected)
        let hex = String(server.sequence(of: 4), radix: 16, uppercase: true)
        #expect(logs.count == 1, "\(logs)")
        #expect(logs.first?.contains("does not decode") == true && logs.first?.contains("sequence=00000\(hex)") == true, "\(logs)")
        #expect(server.log.connections == 1, "a bad record does not cost the connection")
    }

    @Test("sequence numbers wrap after FFFFFF, and a reconnect across the wrap resumes")
    func sequenceWrap() async throws {
        let (byChannel, ring) = try Self.sample()
        let server = try await SeedLinkTestServer.start(
            records: ring, firstSequence: 0xFF_FFF8, faults: [.init(connection: 1, afterPackets: 12, .drop)])
        defer { Task { await server.stop() } }
        let (records, _) = try await Self.follow(server, count: ring.count)
        Self.expectComplete(records, byChannel)
        #expect(records[7].sequence == 0xFF_FFFF && records[8].sequence == 0)
    }

    @Test("a station the server does not have is refused and logged; the others flow")
    func refusedStation() async throws {
        let (byChannel, ring) = try Self.sample()
        let server = try await SeedLinkTestServer.start(records: ring)
        defer { Task { await server.stop() } }
        let unknown = SourceID(network: "XX", station: "NONE", location: "", channel: "HHZ")
        let (records, logs) = try await Self.follow(server, count: ring.count, channels: Self.channels + [unknown])
        Self.expectComplete(records, byChannel)
        #expect(logs.count == 1 && logs[0].contains("STATION NONE XX"), "\(logs)")
    }

    @Test("keepalives: INFO ID while streaming, its answers ignored")
    func keepalives() async throws {
        let (_, ring) = try Self.sample()
        let server = try await SeedLinkTestServer.start(records: Array(ring.prefix(12)), pacing: .interval(.milliseconds(100)))
        defer { Task { await server.stop() } }
        let (records, logs) = try await Self.follow(server, count: 12) { $0.keepaliveInterval = .milliseconds(200) }
        #expect(records.count == 12)
        #expect(server.log.keepalives >= 2)
        #expect(logs.isEmpty, "\(logs)")
    }

    @Test("reconnect delays double from the first and stop at the cap")
    func reconnectDelays() {
        var configuration = SeedLinkClient.Configuration(host: "h", port: 1)
        configuration.reconnectDelay = .seconds(1)
        configuration.maximumReconnectDelay = .seconds(10)
        let client = SeedLinkClient(configuration: configuration, selection: SeedLinkSelection(channels: []), logger: .quiet("t"))
        #expect((1...6).map(client.reconnectDelay(after:)) == [1, 2, 4, 8, 10, 10].map { Duration.seconds($0) })
    }
}
