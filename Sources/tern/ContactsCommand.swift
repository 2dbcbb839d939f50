import ArgumentParser
import TernStore

struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Maintain contacts.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every contact's activeness, stage and content-tag counts from its stored events.")

        @Option(help: "Only this workspace, e.g. ws_1 (default: all).")
        var workspace: String?

        @OptionGroup var data: DataOptions

        func run() async throws {
            var workspaceId: Int64?
            if let workspace {
                guard let id = WorkspaceID.parse(workspace) else { throw ValidationError("--workspace must be an id such as ws_1") }
                workspaceId = id
            }
            let store = try SQLiteStore(directory: data.dataDirectory)
            let clock = ContinuousClock()
            let elapsed = try await clock.measure { try await store.rebuildRollups(workspaceId: workspaceId) }
            print("rebuilt the rollups of \(workspace ?? "every workspace") in \(elapsed)")
        }
    }
}
