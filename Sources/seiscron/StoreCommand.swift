import ArgumentParser
import CommandOptions
import ChunkStore
import Logging
import Pipeline
import Foundation
import SeedCore

/// `seiscron store`: look into the store by hand.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "List, read and write objects of the store: R2/S3 when configured, else the local directory.",
        discussion: """
            The store is R2 when R2_ACCOUNT_ID, R2_BUCKET_NAME, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY
            are set; any S3-compatible store with S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID,
            S3_SECRET_ACCESS_KEY (and S3_REGION); otherwise --data-dir / SEISCACHE_DATA_DIR / ./data.
            """,
        subcommands: [List.self, Get.self, Put.self, Presign.self, CacheControl.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "List keys under a prefix, one level at a time unless --recursive.")

        @Argument(help: "Key prefix, e.g. data/2025/11/HV/ (default: everything).")
        var prefix: String = ""

        @Flag(name: .shortAndLong, help: "List every key below the prefix instead of one level.")
        var recursive = false

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let listing = try await StoreCommand.withStore(store) { objectStore in
                try await objectStore.listAll(prefix: prefix, delimiter: recursive ? nil : "/")
            }
            for prefix in listing.commonPrefixes { print("PRE \(prefix)") }
            for object in listing.objects {
                let date = object.lastModified?.iso8601() ?? "-"
                print("\(date) \(String(object.size).leftPadded(12)) \(object.key)")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Write an object's bytes to a file or standard output.")

        @Argument(help: "The object's key.")
        var key: String

        @Option(help: ArgumentHelp(OutputFile.help + " (default: -, standard output).", valueName: "file"))
        var out = "-"

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let object = try await StoreCommand.withStore(store) { try await $0.get(key) }
            do {
                try OutputFile(out).write(object.body)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put", abstract: "Store a file's bytes under a key (replacing any object there).")

        @Argument(help: "The object's key.")
        var key: String

        @Argument(help: "The file to store.")
        var file: String

        @Option(help: "Content type (default: application/json for .json keys, else application/octet-stream).")
        var contentType: String?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("error: cannot read \(file)\n".utf8))
                throw ExitCode.failure
            }
            let type = contentType ?? (key.hasSuffix(".json") ? "application/json" : "application/octet-stream")
            let etag = try await StoreCommand.withStore(store) {
                try await $0.put(key, body: [UInt8](data), options: PutOptions(contentType: type))
            }
            print("stored \(key) (\(data.count) bytes, ETag \(etag))")
        }
    }

    struct Presign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "presign",
            abstract: "Print a URL that reads (or, with --put, writes) an object without credentials (S3/R2 only).")

        @Argument(help: "The object's key.")
        var key: String

        @Option(help: "Lifetime in seconds, 1...604800 (7 days, S3's limit).")
        var expires: Int = 3600

        @Flag(help: "A URL for uploading (PUT) instead of reading (GET).")
        var put = false

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard (1...604_800).contains(expires) else { throw ValidationError("--expires must be 1...604800 seconds") }
        }

        func run() async throws {
            let configuration = try StoreCommand.configuration(store)
            guard case .s3 = configuration.store else {
                FileHandle.standardError.write(
                    Data(
                        ("error: presigned URLs need an S3 or R2 store; set S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, "
                            + "S3_SECRET_ACCESS_KEY (or the R2_* variables)\n").utf8))
                throw ExitCode(2)
            }
            let url = try await configuration.withRuntime(label: "seiscron.store") { runtime, _ in
                try StoreCommand.perform { () throws -> URL in
                    guard let s3 = runtime.store as? S3ObjectStore else { throw ValidationError("not an S3 store") }
                    return try s3.presignedURL(for: key, upload: put, expiresIn: .seconds(expires))
                }
            }
            print(url.absoluteString)
        }
    }

    /// The store commands' configuration: warnings and errors to standard error by default
    /// (retries are logged there), stdout is the data.
    static func configuration(_ options: StoreOptions) throws(ExitCode) -> CommonConfiguration {
        try ConfigurationExit.common(CommonFlags(defaultLogLevel: .warning, dataDirectory: options.dataDir))
    }

    /// Runs `body` on the configured store; a failure prints one `error:` line and exits 1.
    static func withStore<T>(_ options: StoreOptions, _ body: (any ObjectStore) async throws -> T) async throws -> T {
        try await configuration(options).withRuntime(label: "seiscron.store") { runtime, _ in
            try await perform { try await body(runtime.store) }
        }
    }

    /// Runs a store operation; a failure prints one `error:` line and exits 1.
    static func perform<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The synchronous form of ``perform(_:)``.
    static func perform<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
