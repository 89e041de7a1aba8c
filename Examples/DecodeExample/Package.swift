// swift-tools-version:6.2
import PackageDescription

// Another package using SeedCore: it depends on seiscache by path (a released version would
// use `.package(url:from:)`) and imports only the SeedCore product. scripts/test builds and
// runs it on a shipped sample file.
let package = Package(
    name: "DecodeExample",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "seiscache", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "DecodeExample",
            dependencies: [.product(name: "SeedCore", package: "seiscache")]
        )
    ],
    swiftLanguageModes: [.v6]
)
