import SeedCore
import Testing

/// Mutated records must never crash or hang the decoder: every outcome is either decoded
/// samples or a warning/error naming the record.
@Suite("Fuzzing")
struct FuzzTests {
    /// A small, seeded generator (SplitMix64) so every run mutates the same way.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }


    @Test("100k mutated records never crash the reader")
    func mutatedRecordsNeverCrash() throws {
        let names = FixtureManifest.shared.files.filter { $0.errorCode == nil && $0.records > 0 }.map(\.name)
        let sources = try names.prefix(24).map { try FixtureManifest.bytes("mseed/\($0)") }
        var rng = SplitMix64(state: 0x5EED_CAFE)
        var mutatedRecords = 0
        var decodedSamples = 0
        var warnings = 0
        var iteration = 0
        while mutatedRecords < 100_000 {
            iteration += 1
            var bytes = sources[iteration % sources.count]
            // Mutate 1–8 bytes, biased toward the header and the first frame.
            let edits = Int.random(in: 1...8, using: &rng)
            for _ in 0..<edits {
                let hot = Bool.random(using: &rng)
                let limit = hot ? Swift.min(bytes.count, 128) : bytes.count
                bytes[Int.random(in: 0..<limit, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            // Sometimes cut the input short.
            if Int.random(in: 0..<10, using: &rng) == 0 {
                bytes.removeLast(Int.random(in: 0..<bytes.count, using: &rng))
            }
            do {
                let result = try MiniSEEDReader().read(bytes)
                mutatedRecords += result.records.count + result.warnings.count
                decodedSamples += result.traces.reduce(0) { $0 + $1.count }
                warnings += result.warnings.count
                var out: [Int32] = []
                // Merging and cutting too, on every eighth input (the decoder is the hot spot).
                if iteration % 8 == 0, let first = result.traces.first(where: { $0.count > 0 }) {
                    let start = first.startTime.flooredToSecond
                    let window = TimeWindow(start: start, end: start.adding(seconds: 10))
                    _ = try? WindowProcessor().process(result.traces, channel: first.id, window: window, into: &out)
                }
            } catch {
                mutatedRecords += 1
                #expect([.emptyInput, .notMiniSEED, .miniSEED3].contains(error.code))
            }
        }
        #expect(decodedSamples > 0)
        #expect(warnings > 0)
    }
}
