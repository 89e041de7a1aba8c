import ChunkStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
@testable import seisapi
import Synchronization
import Testing
import TestSupport

/// One anonymous client must not take the API's memory or connections from everyone else
/// (issue 20): a real seisapi on a loopback port, raw sockets that do not read or that crowd it.
@Suite("seisapi: one client cannot exhaust the server", .timeLimit(.minutes(5)))
struct OneClientTests {
    /// A chunk key (`/files` serves only keys of the layout).
    static let dayChunk =
        "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-00-00-00_to_2025-11-05-00-00-00.bin.zst"

    /// Clients that send a `/files` request and never read: the server reads the object in
    /// pieces as the connection takes them, so each holds a few pieces (plus what the kernel's
    /// socket buffers took), never the whole 32 MB object as before.
    @Test(.timeLimit(.minutes(3)))
    func nonReadingClientsDoNotMakeTheServerReadWholeObjects() async throws {
        let size = 32 << 20
        let harness = try SeisAPITestHarness(sampleArchive: true, store: { CountingReadStore($0) })
        let store = try #require((harness.services.store as? WriteTrackingStore)?.base as? CountingReadStore)
        var body = [UInt8](repeating: 0, count: size)
        for index in body.indices { body[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 13) }
        try await FileSystemStore(root: harness.dataRoot.path).put(Self.dayChunk, body: body)
        let clients = 8
        try await harness.withServer { port in
            var channels: [any Channel] = []
            for _ in 0..<clients {
                channels.append(try await NonReadingClient.connect(port: port, request: "GET /files/\(Self.dayChunk) HTTP/1.1\r\nHost: test\r\n\r\n"))
            }
            defer { for channel in channels { channel.close(promise: nil) } }
            // Until the server stopped reading (no more bytes read for a second).
            var read = -1
            for _ in 0..<120 {
                try await Task.sleep(for: .seconds(1))
                let now = store.bytesRead
                if now == read && now > 0 { break }
                read = now
            }
            // Kernel socket buffers on loopback take up to ~4 MB per connection; the server
            // itself holds a piece. Reading every object whole would be 8 × 32 MB.
            #expect(store.bytesRead > 0)
            #expect(store.bytesRead < clients * 12 << 20, "the server read \(store.bytesRead) bytes for \(clients) non-reading clients")
        }
    }

    /// A client that reads gets every byte, in order, with the object's length and ETag.
    @Test func streamedFileIsWholeAndExact() async throws {
        let harness = try SeisAPITestHarness(sampleArchive: true)
        let body = (0..<(3 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        let etag = try await FileSystemStore(root: harness.dataRoot.path).put(Self.dayChunk, body: body)
        try await harness.application.test(.live) { client in
            let response = try await client.execute(uri: "/files/\(Self.dayChunk)", method: .get)
            #expect(response.status == .ok)
            #expect(Array(response.body.readableBytesView) == body)
            #expect(response.headers[.contentLength] == String(body.count))
            #expect(response.headers[.eTag] == etag.quoted)
        }
    }

    /// `HEAD` answers every `GET` route with its headers and no body; a `HEAD` of a `/data`
    /// miss does not start a generation.
    @Test func headAnswersEveryGetRouteWithoutWork() async throws {
        let harness = try SeisAPITestHarness()
        let body = Array("0123456789".utf8)
        try await FileSystemStore(root: harness.dataRoot.path).put(Self.dayChunk, body: body)
        try await harness.application.test(.router) { client in
            for uri in ["/health", "/", "/api/stations", "/api/cache-status?scope=all", "/files/\(Self.dayChunk)"] {
                let response = try await client.execute(uri: uri, method: .head)
                #expect(response.status == .ok, "HEAD \(uri)")
                #expect(response.body.readableBytes == 0, "HEAD \(uri)")
            }
            let file = try await client.execute(uri: "/files/\(Self.dayChunk)", method: .head)
            #expect(file.headers[.contentLength] == "10")
            let miss = try await client.execute(
                uri: "/data?\(SeisAPITests.long)&start=2025-11-02T00:00:00Z&duration=1h", method: .head)
            #expect(miss.status == .ok)
            #expect(miss.headers[HTTPField.Name("X-Cache")!] == "miss")
        }
        #expect(harness.source.fetches == 0)
    }

    /// Past `MAX_CONNECTIONS_PER_CLIENT` a client's new connection is answered 429 at once,
    /// while another client (another loopback address) is served.
    @Test(.timeLimit(.minutes(2)))
    func oneAddressCannotTakeEveryConnection() async throws {
        let harness = try SeisAPITestHarness(
            sampleArchive: true, environment: ["MAX_CONNECTIONS_PER_CLIENT": "3", "HTTP_MAX_CONNECTIONS": "50"])
        try await harness.withServer { port in
            // Three kept-alive connections, each answered (so each holds its slot) and held
            // open until the checks are done.
            let (answered, answeredContinuation) = AsyncStream.makeStream(of: Void.self)
            let done = Done()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        _ = try await RawConnection.exchange(port: port, limit: .seconds(90), initial: ServerLimitsTests.health) {
                            _, received in
                            try await received.wait(for: "\"status\"", timeout: .seconds(60))
                            answeredContinuation.yield()
                            while !done.value.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(20)) }
                        }
                    }
                }
                var iterator = answered.makeAsyncIterator()
                for _ in 0..<3 { _ = await iterator.next() }
                try await Self.refusedAndOtherServed(port: port)
                done.value.store(true, ordering: .relaxed)
                group.cancelAll()
            }
        }
    }

    static func refusedAndOtherServed(port: Int) async throws {
        do {
            let refused = try await RawConnection.exchange(port: port, limit: .seconds(20), initial: ServerLimitsTests.health)
            #expect(refused.received.hasPrefix("HTTP/1.1 429"))
            #expect(refused.received.contains("Retry-After: 1"))
            #expect(refused.closedAfter != nil)
            let other = try await RawConnection.exchange(
                port: port, limit: .seconds(20), initial: "GET /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
                from: "127.0.0.2")
            #expect(other.received.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// Near the global cap, kept-alive connections idle for `HTTP_BUSY_IDLE_TIMEOUT_SECONDS`
    /// are closed, long before the idle timeout: with every slot held by an idle connection a
    /// new client is served within seconds (before, it got 503 for the whole idle timeout).
    @Test(.timeLimit(.minutes(2)))
    func idleConnectionsDoNotKeepNewClientsOut() async throws {
        let harness = try SeisAPITestHarness(
            sampleArchive: true,
            environment: [
                "HTTP_MAX_CONNECTIONS": "8", "MAX_CONNECTIONS_PER_CLIENT": "100", "HTTP_IDLE_TIMEOUT_SECONDS": "300",
                "HTTP_BUSY_IDLE_TIMEOUT_SECONDS": "1",
            ])
        let (closed, served) = try await harness.withServer { port in
            let (answered, answeredContinuation) = AsyncStream.makeStream(of: Void.self)
            return try await withThrowingTaskGroup(of: Duration?.self) { group in
                // Every slot taken by a connection that made one request and then idles.
                for _ in 0..<8 {
                    group.addTask {
                        try await RawConnection.exchange(port: port, limit: .seconds(90), initial: ServerLimitsTests.health) {
                            _, received in
                            try await received.wait(for: "\"status\"", timeout: .seconds(60))
                            answeredContinuation.yield()
                        }.closedAfter
                    }
                }
                var iterator = answered.makeAsyncIterator()
                for _ in 0..<8 { _ = await iterator.next() }
                let asked = ContinuousClock.now
                var served: Duration?
                while served == nil, ContinuousClock.now - asked < .seconds(60) {
                    let answer = try await RawConnection.request(port: port, "GET /health HTTP/1.1\r\nHost: test\r\n")
                    if answer.hasPrefix("HTTP/1.1 200") { served = ContinuousClock.now - asked } else {
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }
                group.cancelAll()
                let closed = try await group.reduce(into: 0) { $0 += $1 == nil ? 0 : 1 }
                return (closed, served)
            }
        }
        let after = try #require(served, "a new client was not served within 60 s")
        #expect(after < .seconds(40))
        // Closed down to below three quarters of the cap (6), not all of them.
        #expect(closed >= 3)
    }

    /// Below three quarters of the cap, idle connections keep the idle timeout.
    @Test(.timeLimit(.minutes(2)))
    func idleConnectionsStayWhenTheServerIsNotBusy() async throws {
        let harness = try SeisAPITestHarness(
            sampleArchive: true,
            environment: ["HTTP_MAX_CONNECTIONS": "8", "HTTP_IDLE_TIMEOUT_SECONDS": "300", "HTTP_BUSY_IDLE_TIMEOUT_SECONDS": "1"])
        let outcome = try await harness.withServer { port in
            try await RawConnection.exchange(port: port, limit: .seconds(4), initial: ServerLimitsTests.health)
        }
        #expect(outcome.received.hasPrefix("HTTP/1.1 200"))
        #expect(outcome.closedAfter == nil)
    }

    /// Behind a trusted proxy every connection is the proxy's: the per-client cap counts each
    /// `X-Forwarded-For` client's requests in progress instead.
    @Test(.timeLimit(.minutes(2)))
    func behindAProxyTheCapCountsEachClientsRequests() async throws {
        let blocking = BlockingSource()
        let harness = try SeisAPITestHarness(
            environment: [
                "TRUSTED_PROXY_HOPS": "1", "MAX_CONNECTIONS_PER_CLIENT": "1", "DATA_MISSES_PER_MINUTE": "0",
                "SHUTDOWN_DRAIN_SECONDS": "1",
            ],
            source: blocking)
        try await harness.withServer { port in
            func request(_ uri: String, client: String) -> String {
                "GET \(uri) HTTP/1.1\r\nHost: test\r\nX-Forwarded-For: \(client)\r\nConnection: close\r\n\r\n"
            }
            let miss = "/data?\(SeisAPITests.long)&start=2025-11-01T00:00:00Z&duration=1h"
            // The miss's stream stays open while the blocked source is asked.
            let streaming = try await NonReadingClient.connect(port: port, request: request(miss, client: "203.0.113.7"))
            defer { streaming.close(promise: nil) }
            try await blocking.waitUntilFetching()
            let second = try await RawConnection.exchange(
                port: port, limit: .seconds(20), initial: request("/health", client: "203.0.113.7"))
            #expect(second.received.hasPrefix("HTTP/1.1 429"))
            let other = try await RawConnection.exchange(
                port: port, limit: .seconds(20), initial: request("/health", client: "203.0.113.8"))
            #expect(other.received.hasPrefix("HTTP/1.1 200"))
        }
    }
}

final class Done: Sendable {
    let value = Atomic<Bool>(false)
}

/// A client that sends one request and never reads (auto-read off, a small receive buffer).
enum NonReadingClient {
    static func connect(port: Int, request: String) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RawConnection.SendOnActive(request))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }
}

/// A store that counts the bytes read from it (whole reads and pieces).
final class CountingReadStore: ObjectStore {
    let base: any ObjectStore
    private let read = Atomic<Int>(0)

    init(_ base: any ObjectStore) { self.base = base }

    var bytesRead: Int { read.load(ordering: .relaxed) }

    var displayName: String { base.displayName }

    func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        let object = try await base.get(key, range: range)
        read.add(object.body.count, ordering: .relaxed)
        return object
    }

    func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo { try await base.head(key) }

    func openForReading(_ key: String) async throws(ObjectStoreError) -> any ObjectReader {
        CountingReader(base: try await base.openForReading(key), store: self)
    }

    func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        try await base.put(key, body: body, options: options)
    }

    func delete(_ key: String) async throws(ObjectStoreError) { try await base.delete(key) }

    func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        try await base.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
    }

    struct CountingReader: ObjectReader {
        let base: any ObjectReader
        let store: CountingReadStore

        var info: ObjectInfo { base.info }

        func read(from offset: Int, count: Int) async throws(ObjectStoreError) -> [UInt8] {
            let piece = try await base.read(from: offset, count: count)
            store.read.add(piece.count, ordering: .relaxed)
            return piece
        }
    }
}
