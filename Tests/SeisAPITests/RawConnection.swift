import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP client for what an HTTP client will not do: trickle a header, hold a
/// connection idle, notice when the server closes it.
enum RawConnection {
    /// What the server sent so far.
    final class Received: Sendable {
        private let bytes = Mutex<[UInt8]>([])

        var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }

        func append(_ buffer: ByteBuffer) { bytes.withLock { $0 += buffer.readableBytesView } }

        /// Waits until `count` occurrences of `needle` arrived (or `timeout` passed).
        func wait(for needle: String, count: Int = 1, timeout: Duration = .seconds(10)) async throws {
            let deadline = ContinuousClock.now + timeout
            while text.components(separatedBy: needle).count - 1 < count {
                guard ContinuousClock.now < deadline else {
                    throw RawConnectionError(description: "no \(needle) within \(timeout); got \(text)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    struct RawConnectionError: Error, CustomStringConvertible {
        var description: String
    }

    /// How an exchange ended.
    struct Outcome: Sendable {
        /// Everything the server sent.
        var received: String
        /// When the server closed the connection, from the connection's start (`nil`: still
        /// open when the exchange's limit passed).
        var closedAfter: Duration?
    }

    /// Writes its bytes the moment the connection is up, on the event loop: a test on a
    /// loaded machine (tasks waiting for a thread) still sends its request before a
    /// one-second server timer runs out.
    final class SendOnActive: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let bytes: String

        init(_ bytes: String) { self.bytes = bytes }

        func channelActive(context: ChannelHandlerContext) {
            if !bytes.isEmpty {
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: bytes)), promise: nil)
            }
            context.fireChannelActive()
        }
    }

    /// Opens a connection to `127.0.0.1:port`, sending `initial` as soon as it is up.
    /// - Parameter source: the local address to connect from (another loopback address,
    ///   `127.0.0.2`, is another client to the server); default the system's choice.
    static func connect(port: Int, initial: String = "", from source: String? = nil) async throws
        -> NIOAsyncChannel<ByteBuffer, ByteBuffer>
    {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        return try await bootstrap
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SendOnActive(initial))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Connects (sending `initial` at once), runs `send` while reading everything the server
    /// sends, and returns when the server closes the connection or `limit` passed (then the
    /// client closes it).
    static func exchange(
        port: Int, limit: Duration, initial: String = "", from source: String? = nil,
        send: @escaping @Sendable (NIOAsyncChannelOutboundWriter<ByteBuffer>, Received) async throws -> Void = { _, _ in }
    ) async throws -> Outcome {
        enum Event: Sendable {
            case closed(Duration)
            case limitPassed
            case sent
        }
        let started = ContinuousClock.now
        let channel = try await connect(port: port, initial: initial, from: source)
        let received = Received()
        let closedAfter = try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Event.self) { group in
                group.addTask {
                    do {
                        for try await buffer in inbound { received.append(buffer) }
                    } catch {
                        // A reset is a close too.
                    }
                    return .closed(ContinuousClock.now - started)
                }
                group.addTask {
                    // Writing to a closed connection fails: the reader reports the close.
                    try? await send(outbound, received)
                    return .sent
                }
                group.addTask {
                    try? await Task.sleep(for: limit)
                    return .limitPassed
                }
                var closedAfter: Duration?
                loop: for try await event in group {
                    switch event {
                    case .closed(let after):
                        closedAfter = after
                        break loop
                    case .limitPassed:
                        break loop
                    case .sent:
                        continue
                    }
                }
                group.cancelAll()
                return closedAfter
            }
        }
        return Outcome(received: received.text, closedAfter: closedAfter)
    }

    /// Writes `text` one chunk at a time with a pause after each.
    static func trickle(
        _ text: String, chunk: Int = 1, every pause: Duration, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        var rest = Substring(text)
        while !rest.isEmpty {
            try await outbound.write(ByteBuffer(string: String(rest.prefix(chunk))))
            rest = rest.dropFirst(chunk)
            try await Task.sleep(for: pause)
        }
    }

    /// One request with `Connection: close`; the whole answer.
    static func request(port: Int, _ head: String, body: String = "") async throws -> String {
        let request = head + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        return try await exchange(port: port, limit: .seconds(30), initial: request).received
    }
}
