import ArgumentParser
import ChunkStore
import Foundation
import SeedCore

/// `seiscron store`: look into the store by hand.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "List, read and write objects of the store (the local directory by default).",
        subcommands: [List.self, Get.self, Put.self]
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
            let listing = try await StoreCommand.perform {
                try await store.makeStore().listAll(prefix: prefix, delimiter: recursive ? nil : "/")
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

        @Option(help: "File to write (default: standard output).")
        var out: String?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let object = try await StoreCommand.perform { try await store.makeStore().get(key) }
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(object.body)) else {
                    FileHandle.standardError.write(Data("error: cannot write \(out)\n".utf8))
                    throw ExitCode.failure
                }
            } else {
                FileHandle.standardOutput.write(Data(object.body))
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
            let etag = try await StoreCommand.perform {
                try await store.makeStore().put(key, body: [UInt8](data), options: PutOptions(contentType: type))
            }
            print("stored \(key) (\(data.count) bytes, ETag \(etag))")
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
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
