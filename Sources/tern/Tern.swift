import ArgumentParser
import Foundation

@main
struct Tern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Tern, the customer event platform.",
        subcommands: [Serve.self, WorkspaceCommand.self, KeysCommand.self, DefinitionsCommand.self, ContactsCommand.self])
}

/// Options every command that opens the data shares.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Where the embedded SQLite data lives (env TERN_DATA_DIR).")
    var dataDirectory: String = ProcessInfo.processInfo.environment["TERN_DATA_DIR"] ?? "./tern-data"
}
