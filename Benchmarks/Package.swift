// swift-tools-version:6.1
// The seiscache benchmark harness: its own package so the root package stays free of
// benchmark code.  Build with `swift build -c release --package-path Benchmarks`, or run
// everything with `Benchmarks/run.sh`.
import PackageDescription

let package = Package(
    name: "seiscache-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        // A plain release executable: no benchmark framework, no dependency but SeedCore.
        .executableTarget(
            name: "seedcore-bench",
            dependencies: [
                // By name: SwiftPM finds the product in the root package, whatever the
                // checkout directory (and so the path package's identity) is called.
                "SeedCore"
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
