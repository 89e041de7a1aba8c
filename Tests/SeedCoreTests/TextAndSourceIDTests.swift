import SeedCore
import Testing

@Suite("Text records")
struct TextRecordTests {
    @Test("a text record reads as a text trace that windows refuse")
    func textTraceIsListedNotCut() throws {
        let result = try MiniSEEDReader().read(LibmseedReference.bytes("v2.19.8/text-encoded.mseed"))
        let trace = try #require(result.traces.first)
        #expect(result.traces.count == 1)
        #expect(trace.id.description == "XX.TEST..LOG")
        #expect(trace.samples.kind == .text)
        #expect(trace.sampleRate == 0)
        #expect(trace.count == 3994)
        #expect(trace.samples.text?.contains("Quanterra Packet Baler Model 14 Restart") == true)
        #expect(TraceGap.list(result.traces + result.traces).isEmpty)

        var out: [Int32] = []
        let window = TimeWindow(start: trace.startTime.flooredToSecond, end: trace.startTime.flooredToSecond.adding(seconds: 60))
        let error = try #require(throws: MiniSEEDError.self) {
            try WindowProcessor().process(result.traces, channel: trace.id, window: window, into: &out)
        }
        #expect(error.code == .textRecords)
        #expect(error.message.contains("text"))
    }

    @Test("the record-level decoder refuses to put text or floats into Int32 samples")
    func int32DecodeRefusesOtherKinds() throws {
        let bytes = try LibmseedReference.bytes("v2.19.8/text-encoded.mseed")
        var samples: [Int32] = [1, 2, 3]
        let error: MiniSEEDError? = bytes.withUnsafeBytes { buffer in
            do {
                let header = try RecordHeader(parsing: buffer, at: 0)
                try RecordDecoder().decode(buffer, at: 0, header: header, into: &samples)
                return nil
            } catch {
                return error as? MiniSEEDError
            }
        }
        #expect(error?.code == .unsupportedEncoding)
    }

    @Test("the record-level decoder reuses the caller's Int32 buffer")
    func int32DecodeReusesBuffer() throws {
        let bytes = try FixtureManifest.bytes("mseed/steim2_be_256_1hz.mseed")
        var samples: [Int32] = []
        var all: [Int32] = []
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let header = try RecordHeader(parsing: buffer, at: offset)
                try RecordDecoder().decode(buffer, at: offset, header: header, into: &samples)
                #expect(samples.count == header.sampleCount)
                all += samples
                offset += header.recordLength
            }
        }
        let trace = try MiniSEEDReader().read(bytes).traces[0]
        #expect(all.map(Double.init) == trace.samples.doubles)
    }
}

@Suite("Steim decoding paths")
struct SteimPathTests {
    /// Steim records decode through a checked path into an exact-size buffer and through the
    /// unchecked one when the buffer has a frame of slack; both must give the same samples
    /// and the same verdicts on corrupt records.
    @Test(
        "exact-size and slack buffers decode alike",
        arguments: [
            "mseed/steim1_be_512_100hz.mseed", "mseed/steim1_le_4096_0p1hz.mseed", "mseed/steim2_be_256_1hz.mseed",
            "mseed/steim2_le_8192_20hz.mseed", "mseed/corrupt_steim2_dnib.mseed", "mseed/corrupt_steim2_integrity.mseed",
            "mseed/corrupt_steim1_integrity_le.mseed", "mseed/random_00.mseed", "mseed/random_05.mseed",
            "libmseed/v2.19.8/Steim1-AllDifferences-LE.mseed", "libmseed/v2.19.8/Steim2-AllDifferences-BE.mseed",
            "libmseed/v2.19.8/no-blockette1000-steim1.mseed", "libmseed/v2.19.8/invalid-blockette-offset.mseed",
        ])
    func pathsAgree(_ path: String) throws {
        let bytes = try FixtureManifest.bytes(path)
        var compared = 0
        bytes.withUnsafeBytes { buffer in
            for span in MiniSEEDReader().index(bytes).records where span.header.sampleCount > 0 {
                let n = span.header.sampleCount
                func run(_ room: Int) -> ([Int32], MiniSEEDError.Code?) {
                    let out = UnsafeMutableRawBufferPointer.allocate(byteCount: room * 4, alignment: 8)
                    defer { out.deallocate() }
                    do {
                        _ = try RecordDecoder().decode(buffer, at: span.offset, header: span.header, into: out)
                        return (Array(out.bindMemory(to: Int32.self).prefix(n)), nil)
                    } catch {
                        return ([], error.code)
                    }
                }
                let exact = run(n)
                let slack = run(n + 105)
                #expect(exact.0 == slack.0, "record at \(span.offset)")
                #expect(exact.1 == slack.1, "record at \(span.offset)")
                compared += 1
            }
        }
        #expect(compared > 0)
    }
}

@Suite("FDSN source identifiers")
struct FDSNSourceIDTests {
    @Test(
        "parses FDSN identifiers",
        arguments: [
            ("FDSN:XX_TEST__B_H_Z", "XX.TEST..BHZ", true),
            ("FDSN:HV_UWE_00_H_H_Z", "HV.UWE.00.HHZ", true),
            ("FDSN:XX_TEST__L_O_G", "XX.TEST..LOG", true),
            ("FDSN:XX2025_STATION1_LOC_BB_SRC_SUB", "XX2025.STATION1.LOC.BB_SRC_SUB", false),
        ])
    func parses(_ text: String, _ seed: String, _ fitsSEED2: Bool) throws {
        let id = try #require(SourceID.fdsn(text))
        #expect(id.description == seed)
        #expect(id.isValidSEED == fitsSEED2)
        #expect(id.fdsnIdentifier == text)
    }

    @Test("rejects what is not an FDSN identifier", arguments: ["XX_TEST__B_H_Z", "FDSN:XX_TEST_B_H_Z", "FDSN:", "FDSN:A_B_C_D_E_F_G"])
    func rejects(_ text: String) {
        #expect(SourceID.fdsn(text) == nil)
    }
}
