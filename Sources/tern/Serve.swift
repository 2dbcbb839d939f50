import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TernServer
import TernStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server.")

    @Option(help: "The address to listen on (env TERN_HOST).")
    var host: String = ProcessInfo.processInfo.environment["TERN_HOST"] ?? "127.0.0.1"

    @Option(help: "The port to listen on (env TERN_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["TERN_PORT"].flatMap(Int.init) ?? 8080

    @OptionGroup var storage: StoreOptions

    @Flag(name: .customLong("no-rollups"), help: .hidden)
    var withoutRollups = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error (env TERN_LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["TERN_LOG_LEVEL"] ?? "info"

    func run() async throws {
        var logger = Logger(label: "tern")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        // --no-rollups exists only to measure what keeping contact rollups costs (docs/benchmarks.md).
        let store: any Store
        let services: [any Service]
        let prepare: @Sendable () async throws -> Void
        switch try storage.choice() {
        case .sqlite(let directory):
            let sqlite = try SQLiteStore(directory: directory, keepsRollups: !withoutRollups)
            services = []
            // Audiences read events from memory; loading them in the background lets the server
            // take events at once while the first questions wait for the load (docs/decisions.md).
            prepare = { [logger] in
                Task {
                    let started = systemClock()
                    do {
                        try await sqlite.loadEventProjection()
                        logger.info("events loaded for audiences in \(systemClock() - started) ms")
                    } catch {
                        logger.error("loading events for audiences failed: \(error)")
                    }
                }
            }
            store = sqlite
        case .postgres(let configuration):
            let postgres = PostgresStore(configuration, keepsRollups: !withoutRollups, logger: logger)
            // The pool runs in the server's service group and shuts down with it; the schema is
            // migrated (under an advisory lock, as other nodes may start too) before serving.
            services = [postgres.client]
            prepare = { try await postgres.prepare(now: systemClock()) }
            store = postgres
        }
        let router = TernRouter(store: store)
        var app = Application(
            router: router.router,
            configuration: .init(address: .hostname(host, port: port), serverName: "tern"),
            services: services,
            logger: logger)
        app.beforeServerStarts {
            try await prepare()
            try await Self.createDefaultWorkspace(store)
        }
        logger.info("data in \(storage.location)")
        try await app.runService()
    }

    /// On first start, a workspace and its keys, printed once.
    static func createDefaultWorkspace(_ store: any Store) async throws {
        guard try await store.workspaces().isEmpty else { return }
        let credentials = try await store.createWorkspace(name: "default", now: systemClock())
        FileHandle.standardOutput.write(Data("""
            Created the workspace "default" (\(WorkspaceID.format(credentials.workspace.id))). Its keys are shown only now:
              admin key: \(credentials.adminKey)
              write key: \(credentials.writeKey)
            New keys: tern keys create --workspace \(WorkspaceID.format(credentials.workspace.id)) --scope admin|write
            A new workspace: tern workspace create NAME

            """.utf8))
    }
}
