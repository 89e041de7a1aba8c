import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import seisapi
import Testing

/// What a platform such as Railway sets (Docs/operations.md, "Run the API"): the port comes
/// from `PORT` unless `--port` is given, and browsers of another origin get the configured
/// `CORS_ALLOW_ORIGIN`.
@Suite("seisapi deployment configuration", .timeLimit(.minutes(5)))
struct DeploymentConfigTests {
    @Test func portComesFromThePORTVariable() throws {
        let config = try APIConfig.reading(["PORT": "5123"])
        #expect(config.port == 5123)
        #expect(config.host == "127.0.0.1")
    }

    @Test func portFlagWinsOverThePORTVariable() throws {
        let config = try APIConfig.reading(["PORT": "5123"], flags: APIConfig.Flags(port: 9001))
        #expect(config.port == 9001)
    }

    @Test func portIs8080WithoutFlagOrVariable() throws {
        #expect(try APIConfig.reading([:]).port == 8080)
    }

    @Test(arguments: ["0", "65536", "http", "80 "])
    func badPORTIsAConfigurationErrorNamingIt(value: String) throws {
        #expect { try APIConfig.reading(["PORT": value]) } throws: { error in
            "\(error)".contains("PORT")
        }
    }

    @Test func corsOriginComesFromTheVariable() async throws {
        let harness = try SeisAPITestHarness(sampleArchive: true, environment: ["CORS_ALLOW_ORIGIN": "https://player.example"])
        #expect(harness.services.config.corsAllowOrigin == "https://player.example")
        try await harness.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/data", method: .options,
                headers: [.origin: "https://player.example", .accessControlRequestMethod: "GET"])
            #expect(response.headers[.accessControlAllowOrigin] == "https://player.example")
        }
    }

    /// A browser compares the header with its origin exactly: a path, a trailing slash or a
    /// list would fail every request, so it is refused at start instead.
    @Test(arguments: ["https://player.example/", "https://a.example, https://b.example", "player.example", "ftp://x.example"])
    func corsOriginThatNoBrowserWouldMatchIsAConfigurationError(value: String) throws {
        #expect { try APIConfig.reading(["CORS_ALLOW_ORIGIN": value]) } throws: { error in
            "\(error)".contains("CORS_ALLOW_ORIGIN")
        }
    }

    @Test(arguments: ["*", "https://player.example", "http://localhost:8080"])
    func corsOriginIsAnOriginOrTheWildcard(value: String) throws {
        #expect(try APIConfig.reading(["CORS_ALLOW_ORIGIN": value]).corsAllowOrigin == value)
    }
}
