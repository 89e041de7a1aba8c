import Foundation
import NIOCore
import NIOPosix
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The `seisapi` executable itself: its limits come from the environment, SIGTERM stops it
/// gracefully, and a bad limit is exit 2 naming the variable.
@Suite("seisapi serve process", .timeLimit(.minutes(5)))
struct ServeProcessTests {
    /// A port nobody listens on now.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    @Test(.timeLimit(.minutes(2)))
    func slowHeaderIsClosedAndSIGTERMStopsTheServer() async throws {
        let executable = try TestSupport.product("seisapi")
        let port = try await Self.freePort()
        let data = try TestSupport.temporaryFolder()
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "serve", "--host", "127.0.0.1", "--port", "\(port)", "--data-dir", data.path,
            "--source", "sds:" + TestSupport.repository.appendingPathComponent("Samples/sds").path,
        ]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("R2_") && !$0.key.hasPrefix("S3_") }
        environment["HTTP_HEADER_TIMEOUT_SECONDS"] = "1"
        environment["SHUTDOWN_DRAIN_SECONDS"] = "1"
        environment["LOG_LEVEL"] = "warning"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        var answer = ""
        for _ in 0..<200 where !answer.hasPrefix("HTTP/1.1 200") {
            answer = (try? await RawConnection.request(port: port, "GET /health HTTP/1.1\r\nHost: test\r\n")) ?? ""
            if !answer.hasPrefix("HTTP/1.1 200") { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(answer.hasPrefix("HTTP/1.1 200"))

        let slow = try await RawConnection.exchange(port: port, limit: .seconds(20), initial: "GET /health HTTP/1.1\r\n") {
            outbound, _ in
            try await RawConnection.trickle(
                String(repeating: "X-Slow: 1\r\n", count: 100), chunk: 11, every: .milliseconds(100), to: outbound)
        }
        let closed = try #require(slow.closedAfter, "a slow header kept the connection open 20 s")
        #expect(closed < .seconds(8))

        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running 10 s after SIGTERM")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }

    @Test func outOfRangeLimitExitsTwoNamingTheVariable() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["HTTP_MAX_CONNECTIONS"] = "0"
        let output = try TestSupport.run(
            try TestSupport.product("seisapi"), ["serve", "--port", "1"], environment: environment)
        #expect(output.status == 2)
        #expect(output.stderr.contains("HTTP_MAX_CONNECTIONS"))
    }
}
