// swift-tools-version:6.1
import PackageDescription

/// One settings array for every target of ours: Swift 6 language mode (the tools default),
/// complete concurrency checking, and explicit existentials.
/// `scripts/test` sets HOMEOSTAT_WARNINGS_AS_ERRORS=1 so CI fails on any warning.
var swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
if Context.environment["HOMEOSTAT_WARNINGS_AS_ERRORS"] == "1" {
    swiftSettings.append(.unsafeFlags(["-warnings-as-errors"]))
}

let package = Package(
    name: "homeostat",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Homeostat", targets: ["Homeostat"]),
        .library(name: "HomeostatCore", targets: ["HomeostatCore"]),
        .library(name: "HomeostatSensors", targets: ["HomeostatSensors"]),
        .library(name: "HomeostatStore", targets: ["HomeostatStore"]),
        .executable(name: "homeostat", targets: ["homeostat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Value types and pure algorithms: no I/O.
        .target(
            name: "HomeostatCore",
            dependencies: [
                .product(name: "Yams", package: "Yams")
            ],
            swiftSettings: swiftSettings
        ),
        // Linux /proc and /sys readers.
        .target(
            name: "HomeostatSensors",
            dependencies: ["HomeostatCore"],
            swiftSettings: swiftSettings
        ),
        // SQLite persistence of metric memory: sealed chunks and rollups (GRDB).
        .target(
            name: "HomeostatStore",
            dependencies: [
                "HomeostatCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The engine facade that apps embed: collector, metrics backend, agent services.
        .target(
            name: "Homeostat",
            dependencies: [
                "HomeostatCore",
                "HomeostatSensors",
                "HomeostatStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The agent's HTTP API (Hummingbird).
        .target(
            name: "HomeostatServer",
            dependencies: [
                "Homeostat",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "homeostat",
            dependencies: [
                "Homeostat",
                "HomeostatServer",
                "HomeostatStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HomeostatCoreTests",
            dependencies: ["HomeostatCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HomeostatSensorsTests",
            dependencies: ["HomeostatSensors"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HomeostatStoreTests",
            dependencies: ["HomeostatStore", "HomeostatCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HomeostatTests",
            dependencies: [
                "Homeostat",
                "HomeostatServer",
                "HomeostatStore",
                "homeostat",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
