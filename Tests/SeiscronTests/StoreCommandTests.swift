import Foundation
import TestSupport
import Testing

/// `seiscron store ls|get|put` on the local store.
@Suite struct StoreCommandTests {
    @Test func putGetAndListRoundTrip() throws {
        let folder = try TestSupport.temporaryFolder()
        let seiscron = try TestSupport.product("seiscron")
        let file = folder.appendingPathComponent("in.bin")
        try Data([0, 1, 2, 255]).write(to: file)
        let key = "data/2025/11/HV/kilauea/UWE//HHZ/x.bin.zst"
        let put = try TestSupport.run(seiscron, ["store", "put", key, file.path, "--data-dir", folder.path + "/data"])
        #expect(put.status == 0, "\(put.stderr)")
        // The local store's ETag is the content's MD5, as S3 computes it.
        #expect(put.stdout == "stored \(key) (4 bytes, ETag 0416dab819887333af831f8c765ac2ae)\n")
        let get = try TestSupport.run(seiscron, ["store", "get", key, "--data-dir", folder.path + "/data"])
        #expect(get.stdoutBytes == Data([0, 1, 2, 255]))
        let ls = try TestSupport.run(seiscron, ["store", "ls", "data/2025/11/HV/kilauea/UWE/", "--data-dir", folder.path + "/data"])
        #expect(ls.stdout == "PRE data/2025/11/HV/kilauea/UWE//\n")
        let recursive = try TestSupport.run(seiscron, ["store", "ls", "-r", "data/", "--data-dir", folder.path + "/data"])
        #expect(recursive.stdout.hasSuffix("           4 \(key)\n"))
        let missing = try TestSupport.run(seiscron, ["store", "get", "data/none", "--data-dir", folder.path + "/data"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error: notFound"))
        let escape = try TestSupport.run(seiscron, ["store", "put", "../evil", file.path, "--data-dir", folder.path + "/data"])
        #expect(escape.status == 1)
        #expect(escape.stderr.contains("invalidKey"))
    }
}
