// chunkstore-bench: ChunkStore's side of the zstd benchmark (Benchmarks/run-zstd.sh).
//
//   chunkstore-bench zstd DAYFILE RUNS RAWOUT
//       Decodes a one-trace day of miniSEED, writes its int32 samples (little-endian) to
//       RAWOUT for the zstd CLI, cuts them into 10-minute chunks (144 × 60,000 samples at
//       100 Hz) and times ChunkPayload.encode / decode over all chunks, best of RUNS.
//       Prints one JSON line: raw and compressed bytes, MB/s (10^6 bytes) both ways.
import ChunkStore
import SeedCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    var text = Array("chunkstore-bench: \(message)\n".utf8)
    _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func readFile(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n == 0 { break }
        bytes += buffer[..<n]
    }
    return bytes
}

func seconds(_ duration: Duration) -> Double {
    let (s, attoseconds) = duration.components
    return Double(s) + Double(attoseconds) * 1e-18
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4, arguments[0] == "zstd", let runs = Int(arguments[2]), runs > 0 else {
    fail("usage: chunkstore-bench zstd DAYFILE RUNS RAWOUT")
}
let result: MiniSEEDReadResult
do {
    result = try MiniSEEDReader().read(readFile(arguments[1]))
} catch {
    fail("\(arguments[1]): \(error)")
}
guard result.traces.count == 1, case .int32(let all) = result.traces[0].samples else {
    fail("expected one int32 trace, got \(result.traces.count)")
}
let perChunk = Int(result.traces[0].sampleRate * 600)
let chunks = stride(from: 0, to: all.count - perChunk + 1, by: perChunk).map { Array(all[$0..<($0 + perChunk)]) }
let raw = chunks.flatMap { $0 }
guard let out = fopen(arguments[3], "wb") else { fail("cannot write \(arguments[3])") }
raw.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, out) }
fclose(out)

let clock = ContinuousClock()
var bestCompress = Double.infinity
var bestDecompress = Double.infinity
var payloads: [[UInt8]] = []
for _ in 0..<runs {
    let start = clock.now
    payloads = chunks.map { (try? ChunkPayload.encode($0)) ?? [] }
    bestCompress = min(bestCompress, seconds(clock.now - start))
    let middle = clock.now
    let decoded = payloads.map { (try? ChunkPayload.decode($0)) ?? [] }
    bestDecompress = min(bestDecompress, seconds(clock.now - middle))
    guard decoded == chunks else { fail("a chunk did not round-trip") }
}
let rawBytes = raw.count * 4
let compressed = payloads.reduce(0) { $0 + $1.count }
print(
    "{\"chunks\":\(chunks.count),\"raw_bytes\":\(rawBytes),\"compressed_bytes\":\(compressed),"
        + "\"compress_mb_s\":\(Double(rawBytes) / bestCompress / 1e6),"
        + "\"decompress_mb_s\":\(Double(rawBytes) / bestDecompress / 1e6)}")
