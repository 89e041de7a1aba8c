import ChunkStore
import Foundation
import Logging
import SeedCore
import Testing
import TestSupport

/// Stores chunks of pseudo-random samples through ``ChunkWriter`` (upload, then record), the
/// one path the cron, backfill and generation share: writing a key again with another seed is
/// what a forced backfill does when the source now gives other samples.
enum StoredChunkWriter {
    static let long = SourceID(network: "HV", station: "LONG", location: "", channel: "LHZ")

    /// Writes one chunk per start of `kind` for HV.LONG..LHZ (kilauea, 1 Hz).
    @discardableResult
    static func write(
        _ store: any ObjectStore, kind: ChunkKind, starts: [String], seed: UInt64
    ) async throws -> [ChunkWriter.StoredChunk] {
        let writer = ChunkWriter(store: store, logger: Logger.quiet("chunk-writer-test"))
        let channel = try ChannelKey(sourceID: long, volcano: "kilauea", sampleRate: 1)
        var state = seed | 1
        var stored: [ChunkWriter.StoredChunk] = []
        for text in starts {
            let start = try #require(UTCTime(iso8601: text))
            let key = try ChunkKey(channel: channel, kind: kind, start: start)
            var values = ContiguousArray<Int32>()
            for _ in 0..<(key.sampleCount + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                values.append(Int32(truncatingIfNeeded: state >> 40) % 5_000)
            }
            let trace = Trace(id: long, startTime: start, sampleRate: 1, samples: .int32(values))
            var samples: [Int32] = []
            let summary = try WindowProcessor().process([trace], channel: long, window: key.window, into: &samples)
            stored.append(try await writer.upload(samples, summary: summary, key: key))
        }
        try await writer.record(stored)
        return stored
    }

    /// The MD5 of a stored object's file as `md5sum` computes it (an independent reference for
    /// the ETag and the version). The local store files an empty location under `--`.
    static func md5sum(dataRoot: URL, key: String) throws -> String {
        let path = dataRoot.appendingPathComponent(key.replacingOccurrences(of: "//", with: "/--/")).path
        let output = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/md5sum"), [path])
        return String(output.stdout.prefix(32))
    }
}
