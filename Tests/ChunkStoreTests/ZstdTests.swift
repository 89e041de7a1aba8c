import ChunkStore
import Foundation
import TestSupport
import Testing

@Suite struct ZstdTests {
    static func samples(_ count: Int) -> [Int32] {
        var state: UInt64 = 42
        var value: Int32 = 0
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1
            value = value &+ Int32(truncatingIfNeeded: Int64(state >> 54) - 512)
            return value
        }
    }

    @Test func payloadRoundTripsAndRecordsItsSize() throws {
        let samples = Self.samples(60_000)
        let payload = try ChunkPayload.encode(samples)
        #expect(try ChunkPayload.decode(payload, expectedSamples: 60_000) == samples)
        #expect(throws: ZstdError.self) { try ChunkPayload.decode(payload, expectedSamples: 59_999) }
    }

    @Test func ourFramesDecodeWithTheZstdCLIAndPython() throws {
        let samples = Self.samples(60_000)
        let payload = try ChunkPayload.encode(samples)
        let raw = samples.withUnsafeBytes { Data($0) }
        let cli = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/zstd"), ["-d", "-c"], stdin: Data(payload))
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdoutBytes == raw)
        let script = """
            import sys, zstandard
            data = sys.stdin.buffer.read()
            params = zstandard.get_frame_parameters(data)
            out = zstandard.ZstdDecompressor().decompress(data)
            print(params.content_size, len(out), zstandard.frame_content_size(data))
            sys.stdout.flush()
            """
        let python = try TestSupport.run(try TestSupport.python(), ["-c", script], stdin: Data(payload))
        #expect(python.status == 0, "\(python.stderr)")
        #expect(python.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "240000 240000 240000")
    }

    @Test func cliAndPythonFramesDecodeHere() throws {
        let samples = Self.samples(10_000)
        let raw = samples.withUnsafeBytes { Data($0) }
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("raw.bin")
        try raw.write(to: file)
        // From a file the CLI records the content size, as chunks need.
        let cli = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/zstd"), ["-3", "-q", "-c", file.path])
        #expect(cli.status == 0)
        #expect(try ChunkPayload.decode(Array(cli.stdoutBytes)) == samples)
        let script = """
            import sys, zstandard
            sys.stdout.buffer.write(zstandard.ZstdCompressor(level=3).compress(sys.stdin.buffer.read()))
            """
        let python = try TestSupport.run(try TestSupport.python(), ["-c", script], stdin: raw)
        #expect(python.status == 0, "\(python.stderr)")
        #expect(try ChunkPayload.decode(Array(python.stdoutBytes)) == samples)
    }

    @Test func streamedFramesWithoutContentSizeAreRefused() throws {
        // Compressing from a pipe, the CLI cannot know the size and leaves it out.
        let raw = Self.samples(1000).withUnsafeBytes { Data($0) }
        let cli = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/zstd"), ["-3", "-q", "-c"], stdin: raw)
        #expect { try Zstd.decompress(Array(cli.stdoutBytes)) } throws: {
            ($0 as? ZstdError)?.code == .unknownContentSize
        }
    }

    @Test func damagedFramesAreRefused() throws {
        let payload = try ChunkPayload.encode(Self.samples(5000))
        #expect { try Zstd.decompress(payload + payload) } throws: { ($0 as? ZstdError)?.code == .trailingData }
        #expect { try Zstd.decompress(Array(payload.dropLast(7))) } throws: { ($0 as? ZstdError)?.code == .corrupt }
        #expect { try Zstd.decompress(Array("hello world".utf8)) } throws: { ($0 as? ZstdError)?.code == .notZstd }
        #expect { try Zstd.decompress([]) } throws: { ($0 as? ZstdError)?.code == .notZstd }
        var flipped = payload
        flipped[payload.count / 2] ^= 0xFF
        #expect(throws: ZstdError.self) { try Zstd.decompress(flipped) }
    }

    @Test func emptyPayloadRoundTrips() throws {
        #expect(try ChunkPayload.decode(try ChunkPayload.encode([])) == [])
    }
}
