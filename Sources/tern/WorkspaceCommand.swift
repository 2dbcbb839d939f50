import ArgumentParser
import Foundation
import TernServer
import TernStore

struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace", abstract: "Manage workspaces.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace and print its id, admin key and write key (shown only once).")

        @Argument(help: "The workspace's name.")
        var name: String

        @OptionGroup var storage: StoreOptions

        @Flag(help: "Print one JSON object {id, adminKey, writeKey}, for scripts.")
        var json = false

        func run() async throws {
            let name = self.name
            let now = systemClock()
            let credentials = try await storage.withStore(now: now) { store in try await store.createWorkspace(name: name, now: now) }
            let id = WorkspaceID.format(credentials.workspace.id)
            if json {
                let object = ["id": id, "adminKey": credentials.adminKey, "writeKey": credentials.writeKey]
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                print(String(decoding: try encoder.encode(object), as: UTF8.self))
            } else {
                print("workspace: \(id)\nadmin key: \(credentials.adminKey)\nwrite key: \(credentials.writeKey)")
            }
        }
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for a workspace and print it (shown only once).")

        @Option(help: "The workspace id, e.g. ws_1.")
        var workspace: String

        @Option(help: "admin (everything in the workspace) or write (sending events only).")
        var scope: String = "write"

        @Option(help: "A label, recorded with what the key does.")
        var label: String?

        @OptionGroup var storage: StoreOptions

        func run() async throws {
            guard let workspaceId = WorkspaceID.parse(workspace) else {
                throw ValidationError("--workspace must be a workspace id such as ws_1")
            }
            guard let keyScope = KeyScope(rawValue: scope) else { throw ValidationError("--scope must be admin or write") }
            let label = self.label ?? scope
            let now = systemClock()
            do {
                print(try await storage.withStore(now: now) { store in
                    try await store.createKey(workspaceId: workspaceId, scope: keyScope, label: label, now: now)
                })
            } catch StoreError.notFound {
                throw ValidationError("no workspace \(workspace)")
            }
        }
    }
}
