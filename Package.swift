// swift-tools-version:6.2
import PackageDescription

// One set of settings for every target (as hummingbird does).
let swiftSettings: [SwiftSetting] = [
    // https://github.com/apple/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Our own code builds without a warning and stays that way: a new warning fails the build.
    // This reaches only this package's targets; SwiftPM builds dependencies with their
    // warnings suppressed (SE-0480), so their deprecations cannot break ours. (Tools 6.2.)
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "seiscache",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SeedCore", targets: ["SeedCore"]),
        .library(name: "ChunkStore", targets: ["ChunkStore"]),
        .library(name: "R2Client", targets: ["R2Client"]),
        .library(name: "WaveformSources", targets: ["WaveformSources"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .executable(name: "seiscron", targets: ["seiscron"]),
        .executable(name: "seisapi", targets: ["seisapi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // `/live`: the WebSocket session (WSCore) and, in the tests, a WebSocket client.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // `swift package generate-documentation`: the DocC catalogs of SeedCore, ChunkStore and
        // R2Client (scripts/test builds them). A command plugin: no product links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        // miniSEED decoding, ObsPy-exact merge, window cutting. Foundation only.
        .target(
            name: "SeedCore",
            swiftSettings: swiftSettings
        ),
        // zstd from the system (Debian libzstd-dev, pkg-config libzstd).
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // Chunk keys, day metadata, zstd framing, the ObjectStore protocol and the local store.
        .target(
            name: "ChunkStore",
            dependencies: [
                "SeedCore",
                "CZstd",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // AWS Signature V4 client for S3-compatible stores (R2, S3, MinIO, SeaweedFS, Ceph).
        .target(
            name: "R2Client",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Where miniSEED comes from: the source vocabulary (`WaveformSource`, the pull shape;
        // `LiveWaveformSource`, the push shape; requests, errors, the `--source` choices) and its
        // implementations: FDSN web services (dataselect bulk POST, 413 splitting, retries; station),
        // SDS archives, and SeedLink 3.1 (the real-time feed, resumable).
        .target(
            name: "WaveformSources",
            dependencies: [
                "SeedCore",
                "ChunkStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Where the modules meet: settings, stations, the storing path, the tick, backfill, live windows.
        .target(
            name: "Pipeline",
            dependencies: [
                "SeedCore",
                "ChunkStore",
                "R2Client",
                "WaveformSources",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            // The shipped station catalog, compiled into the binary.
            resources: [.embedInCode("Stations/station-catalog.json")],
            swiftSettings: swiftSettings
        ),
        // The API's services: /data (coverage, manifests, on-demand generation), cache status,
        // the station listing, backfill jobs and the runner of background work, their queries
        // and wire formats. Only seisapi depends on it.
        .target(
            name: "CacheServices",
            dependencies: [
                "SeedCore",
                "ChunkStore",
                "R2Client",
                "WaveformSources",
                "Pipeline",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The executables' shared flags (option groups) and the configuration reader that builds
        // their configuration values from the environment and the flags.
        .target(
            name: "CommandOptions",
            dependencies: [
                "Pipeline",
                "WaveformSources",
                "SeedCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "seiscron",
            dependencies: [
                "CommandOptions",
                "SeedCore",
                "ChunkStore",
                "Pipeline",
                "WaveformSources",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP API: backfill, cache status, the /data manifest, files, health, metrics.
        .executableTarget(
            name: "seisapi",
            dependencies: [
                "CommandOptions",
                "SeedCore",
                "ChunkStore",
                "Pipeline",
                "WaveformSources",
                "CacheServices",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // The web player's files, compiled into the binary (one flat folder).
            resources: [.embedInCode("Player")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SeedCoreTests",
            dependencies: ["SeedCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        // Writes day-metadata entries from a separate process (the cross-process concurrency test).
        .executableTarget(
            name: "MetadataStressWriter",
            dependencies: ["ChunkStore", "ObjectStoreConformance", .product(name: "Logging", package: "swift-log")],
            path: "Tests/MetadataStressWriter",
            swiftSettings: swiftSettings
        ),
        // The checks every ObjectStore must pass (the local store here, the S3 store in Pipeline).
        .target(
            name: "ObjectStoreConformance",
            dependencies: ["ChunkStore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/ObjectStoreConformance",
            swiftSettings: swiftSettings
        ),
        // Processes, paths, temporary folders and the S3 test server's buckets for the test targets.
        .target(
            name: "TestSupport",
            dependencies: [
                "R2Client",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        // An in-process FDSN web service with scripted faults (FDSNTests, PipelineTests, CacheServicesTests, SeisAPITests).
        .target(
            name: "FDSNTestServer",
            dependencies: [
                "SeedCore", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/FDSNTestServer",
            swiftSettings: swiftSettings
        ),
        // An in-process SeedLink 3.1 server with scripted faults (SeedLinkTests).
        .target(
            name: "SeedLinkTestServer",
            dependencies: [
                "SeedCore", "WaveformSources",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/SeedLinkTestServer",
            swiftSettings: swiftSettings
        ),
        // `seedlink-test-server`: the test server as a process, serving miniSEED files or an SDS
        // archive in real time (seiscron live and seisapi --live tests, the live benchmarks).
        .executableTarget(
            name: "seedlink-test-server",
            dependencies: [
                "SeedCore", "SeedLinkTestServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/SeedLinkTestServerTool",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SeedLinkTests",
            dependencies: [
                "WaveformSources", "SeedLinkTestServer", "SeedCore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChunkStoreTests",
            dependencies: ["ChunkStore", "SeedCore", "ObjectStoreConformance", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "WaveformSources", "ChunkStore", "R2Client", "ObjectStoreConformance", "TestSupport", "FDSNTestServer",
                "SeedLinkTestServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Read in place through TestSupport.repository (FDSN fixtures, their script).
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        // The FDSN client against the in-process FDSN server: requests, splitting, retries,
        // politeness, redirects, station text, discovery.
        .testTarget(
            name: "FDSNTests",
            dependencies: [
                "WaveformSources", "ChunkStore", "SeedCore", "TestSupport", "FDSNTestServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // seiscron as a process: run, backfill and store commands, ingest, argument and environment checks.
        .testTarget(
            name: "SeiscronTests",
            dependencies: ["seiscron", "CommandOptions", "SeedCore", "TestSupport", "R2Client", "SeedLinkTestServer"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CacheServicesTests",
            dependencies: [
                "CacheServices", "Pipeline", "ChunkStore", "SeedCore", "TestSupport", "WaveformSources", "FDSNTestServer", "ObjectStoreConformance",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SeisAPITests",
            dependencies: [
                "seisapi", "CommandOptions", "CacheServices", "Pipeline", "WaveformSources", "ChunkStore", "SeedCore", "TestSupport", "FDSNTestServer", "R2Client",
                "SeedLinkTestServer",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The SDS archive script runs in place through TestSupport.repository.
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "R2ClientTests",
            dependencies: [
                "R2Client", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
