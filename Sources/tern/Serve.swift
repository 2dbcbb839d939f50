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

    @Option(help: """
        How many batch requests parse and validate their events at once; the default leaves one core to the \
        writer and the database (env TERN_DECODE_CONCURRENCY).
        """)
    var decodeConcurrency: Int = ProcessInfo.processInfo.environment["TERN_DECODE_CONCURRENCY"].flatMap(Int.init)
        ?? TernRouter.defaultDecodeConcurrency

    @Option(help: "Log level: trace, debug, info, notice, warning, error (env TERN_LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["TERN_LOG_LEVEL"] ?? "info"

    // Hidden: tests shorten them to see a dead node's jobs taken over in seconds.
    @Option(name: .customLong("job-lease-ms"), help: .hidden)
    var jobLease: Int64 = JobRunner.Configuration().lease

    @Option(name: .customLong("job-poll-ms"), help: .hidden)
    var jobPollInterval: Int64 = JobRunner.Configuration().pollInterval

    // Hidden: tests shorten it so that several nodes fold activeness while they record.
    @Option(name: .customLong("activeness-fold-interval"), help: .hidden)
    var activenessFoldInterval: Int = PostgresStore.defaultActivenessFoldInterval

    func validate() throws {
        guard jobLease > 0, jobPollInterval > 0 else { throw ValidationError("--job-lease-ms and --job-poll-ms must be positive") }
        guard activenessFoldInterval > 0 else { throw ValidationError("--activeness-fold-interval must be positive") }
        guard decodeConcurrency > 0 else { throw ValidationError("--decode-concurrency must be at least 1") }
    }

    func run() async throws {
        var logger = Logger(label: "tern")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        // --no-rollups exists only to measure what keeping contact rollups costs (docs/benchmarks.md).
        let store: any Store
        var services: [any Service]
        let prepare: @Sendable () async throws -> Void
        var storeJobs: [any JobHandler] = []
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
            let postgres = PostgresStore(
                configuration, keepsRollups: !withoutRollups, activenessFoldInterval: activenessFoldInterval, logger: logger)
            // The pool runs in the server's service group and shuts down with it; the schema is
            // migrated (under an advisory lock, as other nodes may start too) before serving.
            services = [postgres.client]
            // A server waits for its database (it may start later, or be restarting), saying so.
            prepare = { [logger, location = storage.location] in
                while true {
                    do {
                        return try await postgres.prepare(now: systemClock())
                    } catch StoreError.unavailable {
                        logger.warning("cannot reach PostgreSQL at \(location) yet; still trying")
                    }
                }
            }
            storeJobs = [EventPartitionUpkeep(store: postgres)]
            store = postgres
        }
        let router = TernRouter(store: store, decodeConcurrency: decodeConcurrency)
        // Queries wait until the pool runs, so preparing can start now; the server and the job
        // runner each wait for it.
        let prepared = Task {
            try await prepare()
            try await Self.createDefaultWorkspace(store)
        }
        let runner = JobRunner(
            queue: store, handlers: router.jobHandlers + storeJobs,
            configuration: .init(lease: jobLease, pollInterval: jobPollInterval), logger: logger)
        // Shut down in reverse order: the server, then the runner (finishing its jobs), then the pool.
        services.append(StartingAfter(prepared, runner))
        var app = Application(
            router: router.router,
            server: TernRouter.server,
            configuration: .init(address: .hostname(host, port: port), serverName: "tern"),
            services: services,
            logger: logger)
        app.beforeServerStarts { try await StartingAfter.wait(for: prepared) }
        logger.info("data in \(storage.location)")
        do {
            try await app.runService()
        } catch is CancellationError {
            // Stopped while waiting for the database: nothing was served, nothing is wrong.
            logger.info("stopped before the database answered")
        }
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

/// Runs a service once `preparation` has succeeded (the schema is migrated), and not at all if it fails.
struct StartingAfter: Service, CustomStringConvertible {
    let preparation: Task<Void, any Error>
    let service: any Service

    init(_ preparation: Task<Void, any Error>, _ service: any Service) {
        self.preparation = preparation
        self.service = service
    }

    var description: String { "\(service)" }

    func run() async throws {
        try await Self.wait(for: preparation)
        try await service.run()
    }

    /// Waits for `preparation`, and cancels it if the server is stopped meanwhile: a server waiting
    /// for its database must still stop when asked.
    static func wait(for preparation: Task<Void, any Error>) async throws {
        try await cancelWhenGracefulShutdown {
            try await withTaskCancellationHandler { try await preparation.value } onCancel: { preparation.cancel() }
        }
    }
}
