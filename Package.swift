// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "tern",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tern", targets: ["tern"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "TernCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TernStore",
            dependencies: [
                "TernCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TernServer",
            dependencies: [
                "TernCore",
                "TernStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            resources: [.copy("Resources/tern.js")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tern",
            dependencies: [
                "TernServer",
                "TernStore",
                "TernCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tern-bench",
            dependencies: [
                "TernCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/tern-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tern-decode-bench",
            dependencies: ["TernCore"],
            path: "Benchmarks/tern-decode-bench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TernTestSupport",
            dependencies: [
                "TernStore",
                "TernCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/TernTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TernCoreTests",
            dependencies: ["TernCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TernStoreTests",
            dependencies: [
                "TernStore", "TernCore", "TernTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TernServerTests",
            dependencies: [
                "TernServer",
                "TernStore",
                "TernCore",
                "TernTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
