import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import NIOCore
import SeedCore
import TestSupport

/// A `/live` listener over a real WebSocket client (hummingbird-websocket's), decoding the
/// first message and the binary frames as Docs/api.md describes them.
struct LiveListenerClient {
    /// The first message.
    struct Hello: Decodable, Equatable {
        var channel: String
        var volcano: String
        var sample_rate: Double?
        var buffer_minutes: Int
        var backlog_records: Int
    }

    /// One binary message: start (ns since 1970) and samples.
    struct Frame: Equatable {
        var start: Int64
        var samples: [Int32]

        /// Decodes little-endian `int64` start, `uint32` count, `int32` samples; `nil` when the
        /// count does not match the length.
        init?(_ buffer: ByteBuffer) {
            var buffer = buffer
            guard let start = buffer.readInteger(endianness: .little, as: Int64.self),
                let count = buffer.readInteger(endianness: .little, as: UInt32.self),
                buffer.readableBytes == Int(count) * 4
            else { return nil }
            var samples: [Int32] = []
            while let sample = buffer.readInteger(endianness: .little, as: Int32.self) { samples.append(sample) }
            self.start = start
            self.samples = samples
        }
    }

    struct Received {
        var hello: Hello?
        var frames: [Frame] = []
        var malformed = 0
        var close: WebSocketCloseFrame?
    }

    /// The query of `channel` at `volcano`.
    static func query(_ channel: SourceID, volcano: String) -> String {
        "network=\(channel.network)&volcano=\(volcano)&station=\(channel.station)&location=\(channel.location)&channel=\(channel.channel)"
    }

    /// Listens until `until` says it has enough, then closes; calls `joined` once the first
    /// message is in.
    static func listen(
        port: Int, query: String, joined: @escaping @Sendable () async -> Void = {},
        until enough: @escaping @Sendable (Received) -> Bool
    ) async throws -> Received {
        let box = LockedBox(Received())
        let close = try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)/live?\(query)", logger: Logger(label: "live-test-client")
        ) { inbound, _, _ in
            for try await message in inbound.messages(maxSize: 1 << 20) {
                switch message {
                case .text(let text):
                    box.update { $0.hello = try? JSONDecoder().decode(Hello.self, from: Data(text.utf8)) }
                    await joined()
                case .binary(let buffer):
                    box.update { received in
                        if let frame = Frame(buffer) { received.frames.append(frame) } else { received.malformed += 1 }
                    }
                }
                if enough(box.value) { return }
            }
        }
        box.update { $0.close = close }
        return box.value
    }

    /// ObsPy's reading of a miniSEED file, merged: its start (ns since 1970) and samples (the
    /// independent reference for what `/live` sends).
    static func obspy(_ file: URL) throws -> (start: Int64, samples: [Int32]) {
        let script = """
            import sys
            from obspy import read
            st = read(sys.argv[1]); st.merge()
            tr = st[0]
            print(tr.stats.starttime.ns)
            print(" ".join(str(int(v)) for v in tr.data))
            """
        let output = try TestSupport.run(try TestSupport.python(), ["-c", script, file.path])
        let lines = output.stdout.split(separator: "\n")
        guard output.status == 0, lines.count == 2, let start = Int64(lines[0]) else {
            throw TestSupport.Missing(description: "ObsPy failed: \(output.stderr)")
        }
        return (start, lines[1].split(separator: " ").compactMap { Int32($0) })
    }
}
