import ArgumentParser
import Foundation
import Logging
import TernStore

/// Where Tern's data lives, for every command that opens it: the embedded SQLite directory, or a
/// PostgreSQL database when `--postgres` (or `TERN_POSTGRES_URL`) is given.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Where the embedded SQLite data lives (env TERN_DATA_DIR).")
    var dataDirectory: String = ProcessInfo.processInfo.environment["TERN_DATA_DIR"] ?? "./tern-data"

    @Option(
        name: .customLong("postgres"),
        help: ArgumentHelp(
            "Use PostgreSQL instead of SQLite (env TERN_POSTGRES_URL).",
            discussion: "A URL such as postgres://tern:secret@127.0.0.1:5432/tern?sslmode=disable; see the README.",
            valueName: "url"))
    var postgresOption: String?

    /// `--postgres`, else `TERN_POSTGRES_URL` (an empty one counts as unset).
    var postgresURL: String? {
        postgresOption ?? ProcessInfo.processInfo.environment["TERN_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The store chosen by the options.
    enum Choice {
        case sqlite(directory: String)
        case postgres(PostgresStore.Configuration)
    }

    func choice() throws -> Choice {
        guard let postgresURL else { return .sqlite(directory: dataDirectory) }
        do {
            return .postgres(try PostgresStore.Configuration(url: postgresURL))
        } catch {
            throw ValidationError("--postgres: \(error)")
        }
    }

    /// Where the data is, for logs and messages: never the password.
    var location: String {
        guard let postgresURL, var url = URLComponents(string: postgresURL) else { return dataDirectory }
        if url.password != nil { url.password = "***" }
        return url.string ?? "PostgreSQL"
    }

    /// Opens the store, runs `body` with it and closes it: for commands that run once and exit.
    /// On PostgreSQL the schema is migrated first, as a server would at start.
    func withStore<Result: Sendable>(
        keepsRollups: Bool = true, logger: Logger = Logger(label: "tern"), now: Int64,
        _ body: (any Store) async throws -> Result
    ) async throws -> Result {
        switch try choice() {
        case .sqlite(let directory):
            return try await body(try SQLiteStore(directory: directory, keepsRollups: keepsRollups))
        case .postgres(let configuration):
            var quiet = logger
            quiet.logLevel = max(logger.logLevel, .warning)
            do {
                return try await PostgresStore.withStore(configuration, keepsRollups: keepsRollups, logger: quiet, now: now) { store in
                    try await body(store)
                }
            } catch StoreError.unavailable {
                throw ValidationError("cannot reach PostgreSQL at \(location) (no connection within \(configuration.leaseTimeout))")
            }
        }
    }
}
