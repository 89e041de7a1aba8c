// swift-tools-version:6.1
// The seiscache benchmark harness: its own package so the root package stays free of
// benchmark code.  Build with `swift build -c release --package-path Benchmarks`, or run
// everything with `Benchmarks/run.sh`.
import PackageDescription

// A path dependency's identity is the last component of its directory (lowercased), so
// the root package is "seiscache" in a checkout named seiscache but "main" in /work/main.
let rootPackageIdentity: String = {
    let components = Context.packageDirectory.split(separator: "/")
    return components.dropLast().last.map { $0.lowercased() } ?? "seiscache"
}()

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
                .product(name: "SeedCore", package: rootPackageIdentity)
            ]
        ),
        // zstd chunk compression (ChunkStore) against the zstd CLI's in-memory benchmark.
        .executableTarget(
            name: "chunkstore-bench",
            dependencies: [
                .product(name: "SeedCore", package: rootPackageIdentity),
                .product(name: "ChunkStore", package: rootPackageIdentity),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
