import Foundation
import Logging
import SeedCore
import WaveformSources
import Synchronization
import TestSupport
import Testing

/// The server `SEISCACHE_SEEDLINK_SERVER` names, if any.
let realServer = ProcessInfo.processInfo.environment["SEISCACHE_SEEDLINK_SERVER"]

/// The client against a real SeedLink server, run by hand (skipped unless
/// `SEISCACHE_SEEDLINK_SERVER=HOST:PORT` is set): `SEISCACHE_SEEDLINK_CHANNELS` (comma-separated
/// `NET.STA.LOC.CHA`, default `HV.UWE..HHZ`) are followed from the server's newest data until
/// `SEISCACHE_SEEDLINK_RECORDS` records (default 5) arrived, each of an asked channel, decoded,
/// none twice. E.g. EarthScope's `rtserve.iris.washington.edu:18000`, or a local ringserver fed
/// with `-MSSCAN`.
@Suite("SeedLink client against a real server", .enabled(if: realServer != nil), .timeLimit(.minutes(5)))
struct RealServerTests {
    static let environment = ProcessInfo.processInfo.environment
    static let server = realServer

    struct Enough: Error {}

    @Test("records of the asked channels arrive, decoded, none twice")
    func follows() async throws {
        let address = try #require(Self.server?.split(separator: ":"))
        let channels = (Self.environment["SEISCACHE_SEEDLINK_CHANNELS"] ?? "HV.UWE..HHZ").split(separator: ",")
            .compactMap { SourceID(String($0)) }
        let wanted = Int(Self.environment["SEISCACHE_SEEDLINK_RECORDS"] ?? "") ?? 5
        let client = SeedLinkClient(
            configuration: .init(host: String(address[0]), port: Int(address[1]) ?? 18000),
            selection: SeedLinkSelection(channels: channels), logger: Logger(label: "seedlink-real"))
        let received = Mutex<[SeedLinkRecord]>([])
        await #expect(throws: Enough.self) {
            try await client.follow { record, _ in
                print("seq \(String(record.sequence, radix: 16)) \(record.channel) \(record.trace.startTime) \(record.trace.count) samples")
                if received.withLock({ $0.append(record); return $0.count }) >= wanted { throw Enough() }
            }
        }
        let records = received.withLock { $0 }
        #expect(records.allSatisfy { channels.contains($0.channel) })
        #expect(Set(records.map { "\($0.channel) \($0.trace.startTime)" }).count == records.count)
    }
}
