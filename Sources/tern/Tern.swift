import ArgumentParser
import Foundation

@main
struct Tern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Tern, the customer event platform.",
        subcommands: [Serve.self, WorkspaceCommand.self, KeysCommand.self, DefinitionsCommand.self, ContactsCommand.self, GenerateCommand.self])
}
