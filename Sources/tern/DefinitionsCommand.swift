import ArgumentParser
import Foundation
import TernCore
import TernServer
import TernStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct DefinitionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "definitions", abstract: "Manage a workspace's tracking plan (event definitions).",
        subcommands: [Import.self, Export.self, Template.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the events of a filled CSV template: all of them in one transaction, or none.",
            discussion: """
                The file has the layout of `tern definitions template`. If any line is wrong nothing is created \
                and every problem is listed with its line number (the header is line 1). Works on the data \
                directory directly, also while a server runs on it; the server sees the new events within 2 seconds.
                """)

        @Argument(help: "The CSV file to import.")
        var file: String

        @Option(help: "The workspace id, e.g. ws_1.")
        var workspace: String

        @Flag(help: "Check the file and report its problems without creating anything.")
        var dryRun = false

        @OptionGroup var storage: StoreOptions

        func run() async throws {
            guard let workspaceId = WorkspaceID.parse(workspace) else {
                throw ValidationError("--workspace must be a workspace id such as ws_1")
            }
            let started = ContinuousClock.now
            let bytes: [UInt8]
            do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file))) } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let progress = ImportProgress(large: bytes.count >= 256 * 1024)
            let location = storage.location
            try await storage.withStore(now: systemClock()) { store in
                guard try await store.workspaces().contains(where: { $0.id == workspaceId }) else {
                    throw ValidationError("no workspace \(workspace) in \(location)")
                }
                progress.note("Read \(ImportProgress.size(bytes.count)) from \(file).")
                let existing = try await store.definitions(workspaceId: workspaceId)
                let stages = try await store.settings(workspaceId: workspaceId).stages.stages
                let plan: DefinitionImportPlan
                do {
                    plan = try DefinitionImport.plan(
                        csv: bytes, existing: existing, stages: stages, now: systemClock(),
                        progress: { checked, total in progress.update("Checking events", checked, total) })
                } catch let failure as ValidationFailure {
                    progress.finish()
                    throw Self.refuse(failure.errors, file: file)
                }
                progress.finish()
                let summary = "\(plan.entries.count) events with \(plan.propertyCount) properties (\(plan.lineCount) lines)"
                if dryRun {
                    print("\(file) is valid: importing it would create \(summary).")
                    return
                }
                progress.note("Creating \(plan.entries.count) events in one transaction...")
                let outcome: DefinitionImportOutcome
                do {
                    outcome = try await store.importDefinitions(plan.definitions, workspaceId: workspaceId)
                } catch let failure as ValidationFailure {
                    throw Self.refuse(failure.errors, file: file)
                }
                switch outcome {
                case .conflicts(let conflicts):
                    throw Self.refuse(conflicts.map { plan.problem(entry: $0.index, field: $0.field, message: $0.message) }, file: file)
                case .created(let groups):
                    let elapsed = started.duration(to: .now).components
                    let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                    let newGroups = groups.isEmpty ? "" : "; new groups: \(groups.joined(separator: ", "))"
                    print("Created \(summary) in \(workspace) in \(String(format: "%.2f", seconds)) s\(newGroups).")
                }
            }
        }

        /// Prints every problem and fails the command: nothing was created.
        static func refuse(_ problems: [FieldError], file: String) -> ExitCode {
            var text = ""
            for problem in problems { text += "\(problem.field): \(problem.message)\n" }
            text += "Nothing was created: \(problems.count) problem(s) in \(file).\n"
            FileHandle.standardError.write(Data(text.utf8))
            return ExitCode.failure
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every custom event of a workspace, as CSV (the template's layout, importable) or JSON.")

        @Option(help: "The workspace id, e.g. ws_1.")
        var workspace: String

        @Option(help: "csv or json.")
        var format: String = "csv"

        @OptionGroup var storage: StoreOptions

        func run() async throws {
            guard let workspaceId = WorkspaceID.parse(workspace) else {
                throw ValidationError("--workspace must be a workspace id such as ws_1")
            }
            guard format == "csv" || format == "json" else { throw ValidationError("--format must be csv or json") }
            let definitions = try await storage.withStore(now: systemClock()) { store in
                try await store.definitions(workspaceId: workspaceId)
            }
            let text = format == "csv" ? DefinitionCSV.render(definitions) : JSONWriter.string(DefinitionExport.json(definitions)) + "\n"
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    struct Template: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the CSV template for `tern definitions import`.")

        func run() {
            FileHandle.standardOutput.write(Data(DefinitionCSV.template.utf8))
        }
    }
}

/// Progress of a long import on standard error: one line redrawn in a terminal, a few lines otherwise,
/// nothing for small files.
final class ImportProgress {
    private let enabled: Bool
    private let terminal = isatty(2) != 0
    private var lastPercent = -1
    private var open = false

    init(large: Bool) { enabled = large }

    func note(_ text: String) {
        guard enabled else { return }
        finish()
        write(text + "\n")
    }

    func update(_ what: String, _ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        // Without a terminal, a line per quarter is enough.
        guard percent != lastPercent, terminal || percent % 25 == 0 else { return }
        lastPercent = percent
        if terminal {
            write("\r\(what): \(done)/\(total) (\(percent)%)")
            open = true
        } else {
            write("\(what): \(done)/\(total) (\(percent)%)\n")
        }
    }

    func finish() {
        if open { write("\n") }
        open = false
        lastPercent = -1
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    static func size(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(bytes / 1024) KB"
    }
}
