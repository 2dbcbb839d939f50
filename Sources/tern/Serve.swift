import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TernServer
import TernStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server.")

    @Option(help: "The address to listen on (env TERN_HOST).")
    var host: String = ProcessInfo.processInfo.environment["TERN_HOST"] ?? "127.0.0.1"

    @Option(help: "The port to listen on (env TERN_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["TERN_PORT"].flatMap(Int.init) ?? 8080

    @OptionGroup var data: DataOptions

    @Flag(name: .customLong("no-rollups"), help: .hidden)
    var withoutRollups = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error (env TERN_LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["TERN_LOG_LEVEL"] ?? "info"

    func run() async throws {
        var logger = Logger(label: "tern")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        // --no-rollups exists only to measure what keeping contact rollups costs (docs/benchmarks.md).
        let store = try SQLiteStore(directory: data.dataDirectory, keepsRollups: !withoutRollups)
        if try await store.workspaces().isEmpty {
            let credentials = try await store.createWorkspace(name: "default", now: systemClock())
            FileHandle.standardOutput.write(Data("""
                Created the workspace "default" (\(WorkspaceID.format(credentials.workspace.id))). Its keys are shown only now:
                  admin key: \(credentials.adminKey)
                  write key: \(credentials.writeKey)
                New keys: tern keys create --workspace \(WorkspaceID.format(credentials.workspace.id)) --scope admin|write
                A new workspace: tern workspace create NAME

                """.utf8))
        }
        let router = TernRouter(store: store)
        let app = Application(
            router: router.router,
            configuration: .init(address: .hostname(host, port: port), serverName: "tern"),
            logger: logger)
        logger.info("data in \(data.dataDirectory)")
        try await app.runService()
    }
}
