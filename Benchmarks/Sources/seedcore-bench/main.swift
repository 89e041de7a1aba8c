// seedcore-bench: the SeedCore side of the seiscache benchmark.
//
//   seedcore-bench decode FILE [N]
//       Reads FILE into memory once, then N times (default 5) runs the record-level loop
//       libmseed's msr_parse loop runs: parse each header, decode its samples into one
//       reused buffer (RecordDecoder); prints best-of-N wall seconds and the samples per
//       pass, and, as context, the best time of the trace reader (MiniSEEDReader.read)
//       built on the same loop.
//   seedcore-bench process CHANNEL START END FILE...
//       The whole window job, as `seiscron process` runs it: read every file (memory
//       mapped, in the order given), decode, merge and cut [START, END) for CHANNEL exactly
//       as ObsPy does; prints wall seconds, the peak RSS of this process, and a fingerprint
//       of the int32 window.
//
// Each prints one JSON line on stdout.  Fingerprints: sum of the samples, and
// checksum = sum(x[i] * (i + 1)) mod 2^64 with x as Int64 -- the definition shared with
// libmseed/decode_bench.c and obspy_pipeline.py.
//
// No Foundation and no other dependency: file I/O, clock and getrusage come from libc.

import SeedCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Helpers

func fail(_ message: String) -> Never {
    var text = Array("seedcore-bench: \(message)\n".utf8)
    _ = text.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

/// The whole file as bytes, read with plain POSIX calls.
func readFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { fail("cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { fail("cannot stat \(path)") }
    let size = Int(info.st_size)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        var done = 0
        while done < size {
            let n = read(fd, buffer.baseAddress! + done, size - done)
            guard n > 0 else { break }
            done += n
        }
        guard done == size else { fail("short read of \(path)") }
        count = done
    }
}

/// Peak resident set size of this process in KiB (ru_maxrss is KiB on Linux).
func peakRSSKiB() -> Int {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    #if canImport(Darwin)
    return Int(usage.ru_maxrss) / 1024  // bytes on macOS
    #else
    return Int(usage.ru_maxrss)
    #endif
}

func seconds(_ duration: Duration) -> Double {
    let (s, attoseconds) = duration.components
    return Double(s) + Double(attoseconds) * 1e-18
}

/// Running fingerprint of a sample sequence.
struct Fingerprint {
    var samples = 0
    var sum: Int64 = 0
    var checksum: UInt64 = 0
    var min = Int64.max
    var max = Int64.min

    @inline(__always)
    mutating func add(_ value: Int64) {
        samples += 1
        sum &+= value
        checksum &+= UInt64(bitPattern: value) &* UInt64(samples)
        if value < min { min = value }
        if value > max { max = value }
    }

    mutating func add(_ values: some Collection<Int32>) {
        for v in values { add(Int64(v)) }
    }

    var json: String {
        "\"samples\":\(samples),\"min\":\(samples > 0 ? min : 0),\"max\":\(samples > 0 ? max : 0),"
            + "\"sum\":\(sum),\"checksum\":\(checksum)"
    }
}

func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

func readOrFail(_ reader: MiniSEEDReader, _ bytes: [UInt8], _ path: String) -> MiniSEEDReadResult {
    do {
        return try reader.read(bytes)
    } catch {
        fail("\(path): \(error)")
    }
}

// MARK: - decode

/// One pass of the record-level loop, libmseed's `msr_parse` loop: parse each record's header
/// and decode its samples into one reused buffer. With `fingerprint`, also sums the samples.
func decodeRecords(
    _ bytes: [UInt8], samples: inout [Int32], fingerprint: UnsafeMutablePointer<Fingerprint>?
) -> (records: Int, samples: Int) {
    let decoder = RecordDecoder()
    var records = 0
    var total = 0
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            do {
                let header = try RecordHeader(parsing: buffer, at: offset)
                try decoder.decode(buffer, at: offset, header: header, into: &samples)
                records += 1
                total += samples.count
                if let fingerprint { fingerprint.pointee.add(samples) }
                offset += header.recordLength
            } catch {
                fail("record at \(offset): \(error)")
            }
        }
    }
    return (records, total)
}

func decode(path: String, runs: Int) {
    let bytes = readFile(path)
    let clock = ContinuousClock()
    var samples: [Int32] = []

    // Untimed warm-up and verification pass.
    var fingerprint = Fingerprint()
    let check = withUnsafeMutablePointer(to: &fingerprint) { decodeRecords(bytes, samples: &samples, fingerprint: $0) }

    var best = Double.infinity
    for _ in 0..<max(1, runs) {
        let start = clock.now
        let pass = decodeRecords(bytes, samples: &samples, fingerprint: nil)
        let elapsed = seconds(clock.now - start)
        guard pass.samples == check.samples else { fail("sample count changed between passes") }
        best = min(best, elapsed)
    }
    // Context: the trace reader built on the same loop (records joined into traces).
    var bestTraces = Double.infinity
    let reader = MiniSEEDReader()
    var traces = 0
    for _ in 0..<max(1, runs) {
        let start = clock.now
        let result = readOrFail(reader, bytes, path)
        bestTraces = min(bestTraces, seconds(clock.now - start))
        traces = result.traces.count
    }

    print(
        "{\"decoder\":\"seiscache\",\"seconds\":\(best),\"samples\":\(fingerprint.samples),"
            + "\"records\":\(check.records),\"traces\":\(traces),\"reader_seconds\":\(bestTraces),"
            + "\"sum\":\(fingerprint.sum),\"checksum\":\(fingerprint.checksum),\"runs\":\(max(1, runs)),"
            + "\"bytes\":\(bytes.count),\"peak_rss_kib\":\(peakRSSKiB())}"
    )
}

// MARK: - process

func process(channel channelText: String, start startText: String, end endText: String, paths: [String]) {
    guard let channel = SourceID(channelText) else { fail("bad channel id \(channelText)") }
    guard let start = UTCTime(iso8601: startText) else { fail("bad start time \(startText)") }
    guard let end = UTCTime(iso8601: endText) else { fail("bad end time \(endText)") }
    let window = TimeWindow(start: start, end: end)
    let clock = ContinuousClock()

    let t0 = clock.now
    let reader = MiniSEEDReader()
    var traces: [Trace] = []
    var records = 0
    var warnings = 0
    for path in paths {
        // As `seiscron process` reads its files: a read-only memory map, no copy.
        let result: MiniSEEDReadResult
        do {
            result = try reader.read(contentsOfFile: path)
        } catch {
            fail("\(path): \(error)")
        }
        traces.append(contentsOf: result.traces)
        records += result.records.count
        warnings += result.warnings.count
    }
    let tRead = clock.now
    var out: [Int32] = []
    let summary: WindowSummary
    do {
        summary = try WindowProcessor().process(traces, channel: channel, window: window, into: &out)
    } catch {
        fail("process failed: \(error)")
    }
    let t1 = clock.now
    let rss = peakRSSKiB()

    var fingerprint = Fingerprint()
    fingerprint.add(out)

    print(
        "{\"tool\":\"seiscache\",\"seconds\":\(seconds(t1 - t0)),\"read_seconds\":\(seconds(tRead - t0)),"
            + "\"process_seconds\":\(seconds(t1 - tRead)),\"peak_rss_kib\":\(rss),"
            + "\"records\":\(records),\"traces_read\":\(traces.count),\"warnings\":\(warnings),"
            + fingerprint.json + ","
            + "\"summary\":{\"samples\":\(summary.samples),\"min\":\(summary.min),\"max\":\(summary.max),"
            + "\"gap_count\":\(summary.gapCount),\"gap_duration_seconds\":\(summary.gapDurationSeconds),"
            + "\"gap_samples_filled\":\(summary.gapSamplesFilled),"
            + "\"edge_filled_samples\":\(summary.edgeFilledSamples),\"real_samples\":\(summary.realSamples),"
            + "\"clamped_samples\":\(summary.clampedSamples),\"sample_rate\":\(summary.sampleRate),"
            + "\"completeness\":\(summary.completeness),\"accepted\":\(summary.accepted)},"
            + "\"channel\":\(jsonString(channel.description))}"
    )
}

// MARK: - main

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: seedcore-bench decode FILE [N]
           seedcore-bench process CHANNEL START END FILE...
    """
switch arguments.first {
case "decode" where arguments.count >= 2:
    let runs = arguments.count >= 3 ? Int(arguments[2]) ?? 5 : 5
    decode(path: arguments[1], runs: runs)
case "process" where arguments.count >= 5:
    process(channel: arguments[1], start: arguments[2], end: arguments[3], paths: Array(arguments[4...]))
default:
    fail("\n" + usage)
}
