import ArgumentParser
import CommandOptions
import ChunkStore
import Foundation
import Pipeline

extension StoreCommand {
    /// `seiscron store cache-control PREFIX`: ``CacheControlRewrite`` on the configured bucket.
    struct CacheControl: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cache-control",
            abstract: "Rewrite the Cache-Control stored with the chunks under a prefix (S3/R2 only).",
            discussion: """
                For buckets filled before the chunks' Cache-Control changed: each chunk (.bin.zst) whose
                header differs is copied onto itself with the new one (bytes, ETag, Content-Type and metadata
                kept; only if its ETag is still the one just read). Day metadata and other objects are left
                alone. A progress line goes to standard error, the counts to standard output. A rerun skips
                the chunks already done; --start-after resumes after the key the progress line names.
                Exit 1 when some chunk could not be rewritten (logged with the reason).
                """)

        @Argument(help: "Key prefix, e.g. data/2025/ (every chunk below it).")
        var prefix: String

        @Option(help: "The Cache-Control to store (default: the chunks' current one).")
        var value = ChunkCacheControl.stored

        @Flag(help: "Count the chunks that would be rewritten; write nothing.")
        var dryRun = false

        @Option(help: "Chunks rewritten at once, 1...64.")
        var concurrency = 8

        @Option(help: "Resume after this key (the progress line's `resume: --start-after KEY`).")
        var startAfter: String?

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1...64") }
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0 == " " || !$0.isWhitespace) }) else {
                throw ValidationError("--value must be a non-empty Cache-Control header value (ASCII, one line)")
            }
        }

        func run() async throws {
            let configuration = try StoreCommand.configuration(store)
            guard case .s3 = configuration.store else {
                // The local store keeps no headers with its files: the API's /files/ route
                // sends Cache-Control itself, so there is nothing stored to rewrite.
                FileHandle.standardError.write(
                    Data("cache-control: the local store keeps no Cache-Control with its files (seisapi's /files/ sends it); nothing to rewrite\n".utf8))
                return
            }
            let rewrite = CacheControlRewrite(cacheControl: value, dryRun: dryRun, concurrency: concurrency)
            let counts = try await configuration.withRuntime(label: "seiscron.store") { runtime, logger in
                try await StoreCommand.perform {
                    guard let s3 = runtime.store as? S3ObjectStore else { throw ValidationError("not an S3 store") }
                    let line = ProgressLine()
                    defer { line.finish() }
                    return try await rewrite.run(client: s3.client, prefix: prefix, startAfter: startAfter, logger: logger) {
                        line.update("cache-control: \($0)" + ($0.resumeAfter.map { "; resume: --start-after \($0)" } ?? ""))
                    }
                }
            }
            print((dryRun ? "cache-control (dry run): " : "cache-control: ") + "\(counts)")
            if counts.failed > 0 { throw ExitCode.failure }
        }
    }
}
