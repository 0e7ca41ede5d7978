// swift-tools-version: 6.3
// Release-mode benchmarks for Homeostat, kept in their own package so that the main package's
// build and CI never resolve or compile ordo-one/benchmark.
// Run from this directory: `swift package --disable-sandbox benchmark` (see ../BENCHMARKS.md).
import Foundation
import PackageDescription

/// A path dependency's identity is the last component of its directory: "main" here, but CI's clone
/// may be named otherwise, so derive it instead of hard-coding it.
let parent = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "homeostat-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Only MallocInterposer (malloc counts); the RuntimeInterposer trait (ARC counts) would pull
        // in swift-runtime-interposer, which this machine's package copies do not have.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CollectionCycle",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Homeostat", package: parent),
                .product(name: "HomeostatCore", package: parent),
                .product(name: "HomeostatSensors", package: parent),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/CollectionCycle",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "AlertEvaluation",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HomeostatCore", package: parent),
            ],
            path: "Benchmarks/AlertEvaluation",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "ChunkCodec",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HomeostatCore", package: parent),
            ],
            path: "Benchmarks/ChunkCodec",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "MemoryIngest",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HomeostatCore", package: parent),
            ],
            path: "Benchmarks/MemoryIngest",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
            .executableTarget(
            name: "MemoryQuery",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Homeostat", package: parent),
                .product(name: "HomeostatCore", package: parent),
                .product(name: "HomeostatStore", package: parent),
            ],
            path: "Benchmarks/MemoryQuery",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "Analytics",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Homeostat", package: parent),
                .product(name: "HomeostatCore", package: parent),
                .product(name: "HomeostatStore", package: parent),
            ],
            path: "Benchmarks/Analytics",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "AnomalyColumn",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HomeostatCore", package: parent),
            ],
            path: "Benchmarks/AnomalyColumn",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        .executableTarget(
            name: "AnomalyMonitor",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Homeostat", package: parent),
                .product(name: "HomeostatCore", package: parent),
            ],
            path: "Benchmarks/AnomalyMonitor",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // Not a benchmark: re-encodes a recorded metrics.sqlite's chunks (scripts/measure-compression).
        .executableTarget(
            name: "CorpusCompression",
            dependencies: [
                .product(name: "HomeostatCore", package: parent),
                .product(name: "HomeostatSensors", package: parent),
            ],
            path: "Tools/CorpusCompression"
        ),
    ]
)
