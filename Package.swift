// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "finops",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "finops", targets: ["finops"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
  ],
  targets: [
    // Pure: records, lifecycle, money, business calendar, diagnostics. No I/O.
    .target(name: "FinOpsCore"),
    // Front matter, finops.yml, the workload store, git.
    .target(
      name: "FinOpsRepository",
      dependencies: ["FinOpsCore", .product(name: "Yams", package: "Yams")]
    ),
    // Pure: role names, policies, commands, handoff.
    .target(name: "FinOpsProvisioning", dependencies: ["FinOpsCore"]),
    // Cost exports: reading, attribution, weekly Cloud Spend Cards, roll-ups.
    .target(name: "FinOpsSpend", dependencies: ["FinOpsCore"]),
    // Debian's cmark-gfm (libcmark-gfm-dev, libcmark-gfm-extensions-dev).
    .systemLibrary(
      name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
      providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
    ),
    // Pure: Mustache templates parsed once and rendered from Encodable view models into bytes
    // (Core for its byte scanning).
    .target(name: "FinOpsTemplates", dependencies: ["FinOpsCore"]),
    // Markdown, view models, feeds, JSON export, the atomic site writer.
    .target(
      name: "FinOpsSite",
      dependencies: ["FinOpsCore", "FinOpsProvisioning", "FinOpsSpend", "FinOpsTemplates", "CCmarkGFM"]
    ),
    .target(
      name: "FinOpsCLI",
      dependencies: [
        "FinOpsCore", "FinOpsRepository", "FinOpsProvisioning", "FinOpsSpend", "FinOpsSite",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        // `finops serve`'s sockets: FlyingSocks alone, as FlyingFox's HTTP module links
        // libcurl into every command (doc/adr/0004-serve-over-flyingsocks.md).
        .product(name: "FlyingSocks", package: "FlyingFox"),
      ]
    ),
    // mimalloc (Debian's libmimalloc-dev) replaces the C allocator for the whole process: a
    // build allocates millions of small strings and arrays on both cores, and glibc's malloc and
    // free were a tenth of its instructions (Benchmarks/HISTORY.md, round three).
    .executableTarget(
      name: "finops", dependencies: ["FinOpsCLI"],
      linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
    ),
    // Generates large synthetic governance repositories for benchmarks.
    .executableTarget(
      name: "finops-corpus", dependencies: ["FinOpsCore", "FinOpsRepository"],
      path: "Sources/finops-corpus"
    ),
    .target(
      name: "FinOpsTestSupport",
      dependencies: ["FinOpsCore"]
    ),
    .testTarget(
      name: "FinOpsCoreTests", dependencies: ["FinOpsCore", "FinOpsTestSupport"]
    ),
    .testTarget(
      name: "FinOpsRepositoryTests",
      dependencies: ["FinOpsRepository", "FinOpsTestSupport"],
      exclude: ["Fixtures", "Golden"]
    ),
    .testTarget(
      name: "FinOpsProvisioningTests",
      dependencies: ["FinOpsProvisioning", "FinOpsTestSupport"],
      exclude: ["Golden"]
    ),
    .testTarget(
      name: "FinOpsPricingTests",
      dependencies: ["FinOpsRepository", "FinOpsTestSupport"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "FinOpsSpendTests",
      dependencies: ["FinOpsSpend", "FinOpsTestSupport"],
      exclude: ["Fixtures"]
    ),
    // swift-mustache, the engine FinOpsTemplates replaced, renders the same templates in a
    // differential test.
    .testTarget(
      name: "FinOpsTemplatesTests",
      dependencies: ["FinOpsTemplates", .product(name: "Mustache", package: "swift-mustache")]
    ),
    .testTarget(
      name: "FinOpsSiteTests",
      dependencies: ["FinOpsSite", "FinOpsSpend", "FinOpsTemplates", "FinOpsTestSupport"],
      exclude: ["Golden"]
    ),
    .testTarget(
      name: "FinOpsCLITests",
      dependencies: [
        "FinOpsCLI", "FinOpsCore", "FinOpsRepository", "FinOpsTestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["Fixtures", "Golden"]
    ),
  ]
)
