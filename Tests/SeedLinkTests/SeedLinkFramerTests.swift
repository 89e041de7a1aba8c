import SeedCore
import WaveformSources
import Testing

@Suite("SeedLink framing and position")
struct SeedLinkFramerTests {
    static func packet(_ header: String, fill: UInt8 = 7) -> [UInt8] {
        Array(header.utf8) + [UInt8](repeating: fill, count: SeedLinkFramer.recordLength)
    }

    @Test("lines, then packets split anywhere, with hexadecimal sequence numbers")
    func linesAndPackets() throws {
        var framer = SeedLinkFramer()
        framer.append(Array("SeedLink v3.1 (x) :: SLPROTO:3.1\r\nRing\r\nOK\n".utf8))
        let lines = [framer.nextLine(), framer.nextLine(), framer.nextLine(), framer.nextLine()]
        #expect(lines == ["SeedLink v3.1 (x) :: SLPROTO:3.1", "Ring", "OK", nil])
        let bytes = Self.packet("SL00001A", fill: 1) + Self.packet("SLFFFFFF", fill: 2) + Self.packet("SLINFO *", fill: 3)
            + Self.packet("SLINFO  ", fill: 4)
        var frames: [SeedLinkFramer.Frame] = []
        for piece in stride(from: 0, to: bytes.count, by: 333).map({ Array(bytes[$0..<min(bytes.count, $0 + 333)]) }) {
            framer.append(piece)
            while let frame = try framer.nextFrame() { frames.append(frame) }
        }
        #expect(
            frames == [
                .data(sequence: 0x1A, record: [UInt8](repeating: 1, count: 512)),
                .data(sequence: 0xFF_FFFF, record: [UInt8](repeating: 2, count: 512)),
                .info(record: [UInt8](repeating: 3, count: 512), final: false),
                .info(record: [UInt8](repeating: 4, count: 512), final: true),
            ])
        #expect(framer.buffered == 0)
    }

    @Test("a line in the stream is a line; garbage is a malformed stream")
    func linesAndGarbageInTheStream() throws {
        var framer = SeedLinkFramer()
        framer.append(Array("ERROR\r\n".utf8) + Self.packet("SL000001"))
        let frames = [try framer.nextFrame(), try framer.nextFrame()]
        #expect(frames == [.line("ERROR"), .data(sequence: 1, record: [UInt8](repeating: 7, count: 512))])
        for garbage in [Self.packet("SLZZ0001"), [0x00, 0xFF, 0x13, 0x37] + [UInt8](repeating: 0, count: 100)] {
            #expect(throws: SeedLinkError.self) {
                var bad = SeedLinkFramer()
                bad.append(garbage)
                _ = try bad.nextFrame()
            }
        }
    }

    @Test("DATA asks for the sequence after the last one, six digits, wrapping after FFFFFF")
    func dataArgument() {
        let uwe = StationKey(network: "HV", station: "UWE")
        let hhz = SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")
        var position = SeedLinkPosition()
        #expect(position.dataArgument(for: uwe) == nil, "nothing received: start at the newest")
        let first = position.admit(station: uwe, sequence: 0x1A, channel: hhz, start: 10)
        #expect(first && position.dataArgument(for: uwe) == "00001B")
        let last = position.admit(station: uwe, sequence: 0xFF_FFFF, channel: hhz, start: 20)
        #expect(last && position.dataArgument(for: uwe) == "000000", "wraps after FFFFFF")
        let again = position.admit(station: uwe, sequence: 0xFF_FFFF, channel: hhz, start: 30)
        #expect(!again, "the same sequence again")
        let older = position.admit(station: uwe, sequence: 0, channel: hhz, start: 20)
        #expect(!older, "a record that does not start later")
        let next = position.admit(station: uwe, sequence: 0, channel: hhz, start: 21)
        #expect(next)
    }

    @Test("selectors: the channel alone for an empty location, LLCCC otherwise")
    func selectors() {
        let selection = SeedLinkSelection(channels: [
            SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ"),
            SourceID(network: "AV", station: "GSTD", location: "00", channel: "BHZ"),
            SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ"),
        ])
        #expect(selection.stations.map(\.key.description) == ["AV_GSTD", "HV_UWE"])
        #expect(selection.stations.map(\.selectors) == [["00BHZ"], ["HHZ"]])
        #expect(selection.wants(SourceID(network: "HV", station: "UWE", location: "", channel: "HHZ")))
        #expect(!selection.wants(SourceID(network: "HV", station: "UWE", location: "10", channel: "HHZ")))
    }
}
