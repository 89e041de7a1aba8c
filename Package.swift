// swift-tools-version:6.1
import PackageDescription

// One set of settings for every target (as hummingbird does).
let swiftSettings: [SwiftSetting] = [
    // https://github.com/apple/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "seiscache",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SeedCore", targets: ["SeedCore"]),
        .executable(name: "seiscron", targets: ["seiscron"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // miniSEED decoding, ObsPy-exact merge, window cutting. Foundation only.
        .target(
            name: "SeedCore",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "seiscron",
            dependencies: [
                "SeedCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SeedCoreTests",
            dependencies: ["SeedCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
