import Foundation
import R2Client
import TestSupport
import Testing

/// `seiscron store ls|get|put|presign` against the real S3 server (SeaweedFS) via `S3_*`.
@Suite(.timeLimit(.minutes(5))) struct StoreCommandS3Tests {
    func seiscron(_ arguments: [String], environment: [String: String]) throws -> TestSupport.Output {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("R2_") && !$0.key.hasPrefix("S3_") }
        env.merge(environment) { $1 }
        return try TestSupport.run(try TestSupport.product("seiscron"), ["store"] + arguments, environment: env)
    }

    @Test func putListGetAndPresignAgainstS3() async throws {
        let client = try await S3TestBucket.client()
        let env = try S3TestBucket.environment(bucket: client.configuration.bucket)
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("chunk.bin")
        try Data("payload".utf8).write(to: file)
        let key = "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst"

        let put = try seiscron(["put", key, file.path], environment: env)
        #expect(put.status == 0, "\(put.stderr)")
        let ls = try seiscron(["ls", "-r", "data/"], environment: env)
        // SeaweedFS lists the empty location's `//` as `/` (see Docs/r2client.md).
        #expect(ls.stdout.contains("HV_UWE__HHZ_100Hz_2025-11-04-22-00-00_to_2025-11-04-22-10-00.bin.zst"), "\(ls.stdout)")
        let get = try seiscron(["get", key], environment: env)
        #expect(get.stdoutBytes == Data("payload".utf8))

        let presign = try seiscron(["presign", key, "--expires", "120"], environment: env)
        #expect(presign.status == 0, "\(presign.stderr)")
        let url = try #require(URL(string: presign.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(url.absoluteString.contains("X-Amz-Expires=120"))
        #expect(!presign.stdout.contains(env["S3_SECRET_ACCESS_KEY"] ?? "?"))
        let curl = try TestSupport.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "-f", url.absoluteString])
        #expect(curl.stdout == "payload")
    }

    @Test func aWrongSecretFailsWithoutShowingIt() async throws {
        let client = try await S3TestBucket.client()
        let env = try S3TestBucket.environment(bucket: client.configuration.bucket, secretKey: "wrong-secret-value")
        let ls = try seiscron(["ls", "data/"], environment: env)
        #expect(ls.status == 1)
        #expect(ls.stderr.contains("permissionDenied"), "\(ls.stderr)")
        #expect(!ls.stderr.contains("wrong-secret-value"))
    }

    @Test func partlyConfiguredS3ExitsTwoNamingTheVariable() throws {
        let ls = try seiscron(["ls"], environment: ["S3_ENDPOINT": "http://127.0.0.1:1"])
        #expect(ls.status == 2)
        #expect(ls.stderr.contains("S3_BUCKET") || ls.stderr.contains("S3_ACCESS_KEY_ID"), "\(ls.stderr)")
    }

    @Test func presignOnTheLocalStoreSaysWhatToConfigure() throws {
        let folder = try TestSupport.temporaryFolder()
        let output = try seiscron(["presign", "data/x", "--data-dir", folder.path], environment: [:])
        #expect(output.status == 2)
        #expect(output.stderr.contains("S3_ENDPOINT"))
    }
}
