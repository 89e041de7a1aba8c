import ChunkStore
import Foundation
import TestSupport
import Testing

/// A full disk is a permanent store error that says what to do: retrying it for a minute
/// (as a "transient" error was) only delays the report. Needs root to mount a tiny tmpfs.
@Suite(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"), .timeLimit(.minutes(5)))
struct FullDiskTests {
    @Test func aFullDiskIsAPermanentErrorNamingTheRemedy() async throws {
        let mountPoint = try TestSupport.temporaryFolder("fulldisk")
        let mount = try TestSupport.run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.path])
        try #require(mount.status == 0, "mount failed: \(mount.stderr)")
        defer { _ = try? TestSupport.run(URL(fileURLWithPath: "/bin/umount"), [mountPoint.path]) }

        let store = FileSystemStore(root: mountPoint.path)
        let error = await #expect(throws: ObjectStoreError.self) {
            try await store.put("data/big.bin", body: [UInt8](repeating: 7, count: 256 * 1024))
        }
        #expect(error?.code == .failed)
        #expect(error?.message.contains("free space") == true, "\(String(describing: error))")
    }
}
