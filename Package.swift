// swift-tools-version:6.1
// Yanjian (烟监): a platform for tobacco-monopoly enforcement: fuse sources, link entities,
// score risk, perceive vehicles, and close the loop from warning to case.
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// `YANJIAN_LIGHT=1` declares only the targets that need no server stack (Core, Synth, Eval and
// their tests). It exists so that work on those targets can build and test in a minute in a
// separate scratch folder (`--scratch-path .build-light`) instead of waiting on the full stack.
let light = ProcessInfo.processInfo.environment["YANJIAN_LIGHT"] == "1"

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/pointfreeco/swift-tagged", from: "0.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
]
if !light {
    dependencies += [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ]
}

let tagged: Target.Dependency = .product(name: "Tagged", package: "swift-tagged")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let cryptoExtras: Target.Dependency = .product(name: "_CryptoExtras", package: "swift-crypto")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

var targets: [Target] = [
    .target(
        name: "YanjianCore",
        dependencies: [tagged],
        resources: [.copy("Resources/admin_divisions.csv"), .copy("Resources/plate_prefixes.csv")],
        swiftSettings: swiftSettings
    ),
    .target(name: "YanjianEval", dependencies: ["YanjianCore"], swiftSettings: swiftSettings),
    // The generator writes truth.json with the scorer's `Truth` type, so it depends on YanjianEval.
    .target(name: "YanjianSynth", dependencies: ["YanjianCore", "YanjianEval"], swiftSettings: swiftSettings),
    .executableTarget(
        name: "SynthBench",
        dependencies: ["YanjianSynth", "YanjianEval", "YanjianCore", argumentParser],
        path: "Benchmarks/SynthBench",
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "YanjianCoreTests", dependencies: ["YanjianCore"], swiftSettings: swiftSettings),
    .testTarget(name: "YanjianSynthTests", dependencies: ["YanjianSynth", "YanjianEval", "YanjianCore"], swiftSettings: swiftSettings),
    .testTarget(name: "YanjianEvalTests", dependencies: ["YanjianEval", "YanjianCore"], swiftSettings: swiftSettings),
]

if !light {
    let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
    targets += [
        // sqlite3_config is variadic, which Swift cannot call: a two-line C shim sets the threading mode.
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "YanjianStore",
            dependencies: [
                "YanjianCore", "CSQLiteTuning", crypto, cryptoExtras, logging,
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YanjianIngest",
            dependencies: [
                "YanjianCore", "YanjianStore", logging, .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YanjianIngestTests",
            dependencies: ["YanjianIngest", "YanjianStore", "YanjianCore", "YanjianTesting", "YanjianSynth", "YanjianEval", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YanjianPerception",
            dependencies: ["YanjianCore", "YanjianStore", logging],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YanjianPerceptionTests",
            dependencies: ["YanjianPerception", "YanjianStore", "YanjianCore", "YanjianTesting", "YanjianSynth", "YanjianEval", "YanjianIngest"],
            swiftSettings: swiftSettings
        ),
        // Cache prefetch hints (`__builtin_prefetch`) for the graph load's hash-table lookups.
        .target(name: "CMemoryHints"),
        .target(
            name: "YanjianGraph",
            dependencies: ["YanjianCore", "YanjianStore", "CMemoryHints", logging],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YanjianGraphTests",
            dependencies: ["YanjianGraph", "YanjianStore", "YanjianCore", "YanjianTesting", "YanjianSynth", "YanjianEval", "YanjianIngest"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YanjianModels",
            dependencies: ["YanjianCore", "YanjianStore", logging],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YanjianModelsTests",
            dependencies: ["YanjianModels", "YanjianStore", "YanjianCore", "YanjianTesting", "YanjianSynth", "YanjianEval", "YanjianIngest"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YanjianServer",
            dependencies: [
                "YanjianCore", "YanjianStore", "YanjianWorkflow", "YanjianPerception", "YanjianIngest", crypto, logging,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Web")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "yanjian",
            dependencies: [
                "YanjianCore", "YanjianStore", "YanjianServer", "YanjianSynth", "YanjianEval", "YanjianIngest",
                "YanjianPerception", "YanjianModels", "YanjianGraph", "YanjianWorkflow",
                argumentParser, logging,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YanjianWorkflow",
            dependencies: ["YanjianCore", "YanjianStore", crypto, logging],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YanjianWorkflowTests",
            dependencies: ["YanjianWorkflow", "YanjianStore", "YanjianCore", "YanjianTesting", crypto],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            // The closed loop end to end on a generated world, across every capability.
            name: "YanjianLoopTests",
            dependencies: [
                "YanjianWorkflow", "YanjianModels", "YanjianGraph", "YanjianPerception", "YanjianIngest", "YanjianSynth",
                "YanjianStore", "YanjianCore", "YanjianTesting", logging,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YanjianTesting",
            dependencies: ["YanjianCore", "YanjianStore", logging],
            path: "Tests/YanjianTesting",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YanjianStoreTests",
            dependencies: ["YanjianStore", "YanjianCore", "YanjianTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YanjianServerTests",
            dependencies: [
                "YanjianServer", "YanjianStore", "YanjianCore", "YanjianTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "YanjianBench",
            dependencies: ["YanjianCore", "YanjianStore", "YanjianGraph", argumentParser, logging],
            path: "Benchmarks/YanjianBench",
            swiftSettings: swiftSettings
        ),
    ]
}

let package = Package(
    name: "Yanjian",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "yanjian", targets: ["yanjian"]),
    ].filter { _ in !light },
    dependencies: dependencies,
    targets: targets
)
