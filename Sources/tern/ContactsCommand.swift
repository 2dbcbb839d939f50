import ArgumentParser
import TernServer
import TernStore

struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Maintain contacts.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every contact's activeness, stage and content-tag counts from its stored events.")

        @Option(help: "Only this workspace, e.g. ws_1 (default: all).")
        var workspace: String?

        @OptionGroup var storage: StoreOptions

        func run() async throws {
            var workspaceId: Int64?
            if let workspace {
                guard let id = WorkspaceID.parse(workspace) else { throw ValidationError("--workspace must be an id such as ws_1") }
                workspaceId = id
            }
            let scope = workspaceId
            let elapsed = try await storage.withStore(now: systemClock()) { store in
                try await ContinuousClock().measure { try await store.rebuildRollups(workspaceId: scope) }
            }
            print("rebuilt the rollups of \(workspace ?? "every workspace") in \(elapsed)")
        }
    }
}
