import Foundation
import Testing

@testable import R2Client

@Suite struct S3ConfigurationTests {
    static let r2: [String: String] = [
        "R2_ACCOUNT_ID": "0123456789abcdef0123456789abcdef",
        "R2_BUCKET_NAME": "seiscache",
        "R2_ACCESS_KEY_ID": "AKR2",
        "R2_SECRET_ACCESS_KEY": "r2-very-secret",
    ]
    static let s3: [String: String] = [
        "S3_ENDPOINT": "http://127.0.0.1:9000",
        "S3_BUCKET": "seiscache",
        "S3_ACCESS_KEY_ID": "AKS3",
        "S3_SECRET_ACCESS_KEY": "s3-very-secret",
    ]

    @Test func noVariablesMeansNoConfiguration() throws {
        #expect(try S3Configuration.fromEnvironment([:]) == nil)
        #expect(try S3Configuration.fromEnvironment(["HOME": "/root", "R2_ACCOUNT_ID": ""]) == nil)
    }

    @Test func r2VariablesGiveTheR2EndpointRegionAutoAndPathStyle() throws {
        let configuration = try #require(try S3Configuration.fromEnvironment(Self.r2))
        #expect(configuration.endpoint.absoluteString == "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com")
        #expect(configuration.region == "auto")
        #expect(configuration.bucket == "seiscache")
        #expect(configuration.addressing == .path)
        #expect(configuration.credentials == S3Credentials(accessKeyID: "AKR2", secretAccessKey: "r2-very-secret"))
        #expect(configuration.retryPolicy == .default)
        #expect(configuration.retryPolicy.maximumAttempts == 5)
        #expect(configuration.retryPolicy.baseDelay == .milliseconds(200))
        #expect(configuration.retryPolicy.maximumDelay == .seconds(5))
    }

    @Test func s3VariablesDefaultToUSEast1AndPathStyle() throws {
        let configuration = try #require(try S3Configuration.fromEnvironment(Self.s3))
        #expect(configuration.endpoint.absoluteString == "http://127.0.0.1:9000")
        #expect(configuration.region == "us-east-1")
        #expect(configuration.addressing == .path)
    }

    @Test func s3RegionAndVirtualAddressingAreRead() throws {
        var environment = Self.s3
        environment["S3_REGION"] = "eu-central-1"
        environment["S3_ADDRESSING"] = "virtual"
        let configuration = try #require(try S3Configuration.fromEnvironment(environment))
        #expect(configuration.region == "eu-central-1")
        #expect(configuration.addressing == .virtualHost)
    }

    @Test(
        "a partly configured store names the first missing variable",
        arguments: [
            (r2, "R2_ACCOUNT_ID"), (r2, "R2_BUCKET_NAME"), (r2, "R2_ACCESS_KEY_ID"), (r2, "R2_SECRET_ACCESS_KEY"),
            (s3, "S3_ENDPOINT"), (s3, "S3_BUCKET"), (s3, "S3_ACCESS_KEY_ID"), (s3, "S3_SECRET_ACCESS_KEY"),
        ]
    )
    func partlyConfiguredStoreThrowsNamingTheVariable(_ complete: [String: String], _ missing: String) {
        var environment = complete
        environment[missing] = nil
        let error = #expect(throws: S3ConfigurationError.self) { try S3Configuration.fromEnvironment(environment) }
        #expect(error?.code == .missingVariable)
        #expect(error?.variable == missing)
        #expect(error?.message.contains(missing) == true)
    }

    @Test(
        "invalid values name their variable",
        arguments: [
            ("S3_ENDPOINT", "ftp://example.com"),
            ("S3_ENDPOINT", "http://example.com/bucket"),
            ("S3_ENDPOINT", "not a url"),
            ("S3_BUCKET", "a/b"),
            ("S3_BUCKET", "x"),
            ("S3_ADDRESSING", "sideways"),
            ("S3_REGION", "us east"),
        ]
    )
    func invalidValueThrowsNamingTheVariable(_ variable: String, _ value: String) {
        var environment = Self.s3
        environment[variable] = value
        let error = #expect(throws: S3ConfigurationError.self) { try S3Configuration.fromEnvironment(environment) }
        #expect(error?.code == .invalidValue)
        #expect(error?.variable == variable)
    }

    @Test func invalidR2AccountIDNamesTheVariable() {
        var environment = Self.r2
        environment["R2_ACCOUNT_ID"] = "evil.com/x"
        let error = #expect(throws: S3ConfigurationError.self) { try S3Configuration.fromEnvironment(environment) }
        #expect(error?.variable == "R2_ACCOUNT_ID")
    }

    @Test func bothStoresConfiguredIsAnError() {
        let environment = Self.r2.merging(Self.s3) { a, _ in a }
        let error = #expect(throws: S3ConfigurationError.self) { try S3Configuration.fromEnvironment(environment) }
        #expect(error?.code == .conflictingStores)
    }

    @Test func secretsNeverAppearInDescriptionsOrDumps() throws {
        let configuration = try #require(try S3Configuration.fromEnvironment(Self.r2))
        var dumped = ""
        dump(configuration, to: &dumped)
        let texts = [
            String(describing: configuration), String(reflecting: configuration), dumped,
            String(describing: configuration.credentials), String(reflecting: configuration.credentials),
            "\(configuration.credentials)",
        ]
        for text in texts {
            #expect(!text.contains("r2-very-secret"), "\(text)")
        }
        #expect(String(describing: configuration).contains("AKR2"))
    }

    @Test func errorsNeverEchoTheSecret() {
        var environment = Self.s3
        environment["S3_BUCKET"] = nil
        let error = #expect(throws: S3ConfigurationError.self) { try S3Configuration.fromEnvironment(environment) }
        #expect(error.map { !String(describing: $0).contains("s3-very-secret") } == true)
    }
}
