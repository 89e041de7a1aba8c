// Writes 25 day-metadata entries as writer N into a local store, one conditional
// read-modify-write each: the separate-process half of the concurrency test
// (Tests/ChunkStoreTests/MetadataConcurrencyTests.swift starts 8 of these at once).
//
// usage: MetadataStressWriter ROOT WRITER
import ChunkStore
import Logging
import ObjectStoreConformance
import SeedCore
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3, let writer = Int(arguments[2]) else {
    print("usage: MetadataStressWriter ROOT WRITER")
    exit(64)
}
let store = FileSystemStore(root: arguments[1])
let channel = try ChannelKey(
    sourceID: SourceID(network: "XX", station: "PROC", location: "", channel: "HHZ"), volcano: "stress", sampleRate: 100)
let key = DayMetadataKey(channel: channel, day: CalendarDay(containing: UTCTime(seconds: 1_762_214_400)))
let updater = DayMetadataUpdater(
    store: store, maximumAttempts: 500, baseDelay: .milliseconds(2), maximumDelay: .milliseconds(100),
    logger: Logger(label: "stress"))
for index in 0..<25 {
    try await updater.record([(.tenMinutes, ObjectStoreConformance.entry(writer: writer, index: index))], in: key)
}
