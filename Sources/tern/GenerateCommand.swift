import ArgumentParser
import Foundation
import Synchronization
import TernServer
import TernStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Fill a workspace with realistic synthetic data, for demos and benchmarks.",
        discussion: """
            Creates a shop's tracking plan if the workspace lacks it (product viewed, added to cart, checkout \
            started, order completed, searched, message clicked, signed up, in four groups), then records \
            --events events from --contacts contacts over the last --days days: page views, product views, carts, \
            checkouts and orders with drop-off and delays of minutes to days, searches, and messages sent, \
            delivered, read and clicked; more in the evening than at night, weekends apart, a few very active \
            contacts and many rare ones. Each contact is created at its first event (with its contact_created \
            event). Events go through the usual validation and recording, so rollups are kept. The workspace must \
            have no contacts yet. The same seed and sizes give the same data, shifted to end now.
            """)

    @Option(help: "The workspace id, e.g. ws_2 (it must have no contacts yet).")
    var workspace: String

    @Option(help: "How many contacts.")
    var contacts: Int = 10_000

    @Option(help: "How many events, beside each contact's contact_created (at least one per contact).")
    var events: Int = 100_000

    @Option(help: "Over how many days, ending now.")
    var days: Int = 90

    @Option(help: "The seed: the same seed and sizes give the same data.")
    var seed: UInt64 = 1

    @OptionGroup var storage: StoreOptions

    func validate() throws {
        if let problem = SyntheticWorkspace.Scale(contacts: contacts, events: events, days: days).problem {
            throw ValidationError(problem)
        }
    }

    func run() async throws {
        guard let workspaceId = WorkspaceID.parse(workspace) else { throw ValidationError("--workspace must be an id such as ws_2") }
        let scale = SyntheticWorkspace.Scale(contacts: contacts, events: events, days: days)
        let progress = GenerateProgress()
        let summary: SyntheticWorkspace.Summary
        do {
            summary = try await storage.withStore(now: systemClock()) { store in
                try await SyntheticWorkspace.generate(
                    into: store, workspaceId: workspaceId, scale: scale, seed: seed, end: systemClock(), progress: progress.report)
            }
        } catch let error as SyntheticDataError {
            throw ValidationError(error.description)
        }
        progress.finish()
        let seconds = progress.seconds
        let created = summary.definitionsCreated.isEmpty ? "" : "; created \(summary.definitionsCreated.joined(separator: ", "))"
        print("""
            Generated \(Self.grouped(summary.events)) events from \(Self.grouped(summary.contacts)) contacts \
            (and their \(Self.grouped(summary.contacts)) contact_created events) over the last \(days) days in \(workspace), \
            seed \(seed), in \(Self.seconds(seconds)): \
            \(Self.grouped(Int(Double(summary.events) / max(seconds, 0.001)))) events/s\(created).
            Planning took \(Self.seconds(summary.planningSeconds)), the store's record \(Self.seconds(summary.recordingSeconds)), \
            making and validating the events \(Self.seconds(summary.validatingSeconds)) (beside the store, on another core).
            """)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var text = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { text.append(",") }
            text.append(c)
        }
        return text
    }
}

/// Progress on standard error: one line redrawn in a terminal, a line every 5 seconds otherwise.
final class GenerateProgress: Sendable {
    private struct State {
        var lastShown = -Double.infinity
        var open = false
        var seconds = 0.0
    }

    private let terminal = isatty(2) != 0
    private let state = Mutex(State())

    var seconds: Double { state.withLock { $0.seconds } }

    @Sendable func report(_ progress: SyntheticWorkspace.Progress) {
        switch progress {
        case .planned(let events, let seconds):
            write("Planned \(GenerateCommand.grouped(events)) events in \(String(format: "%.1f", seconds)) s; recording...\n")
        case .recording(let recorded, let total, let seconds):
            let (show, redraw) = state.withLock { state -> (Bool, Bool) in
                state.seconds = seconds
                let interval = terminal ? 0.5 : 5
                guard recorded == total || seconds - state.lastShown >= interval else { return (false, false) }
                state.lastShown = seconds
                state.open = terminal
                return (true, terminal)
            }
            guard show else { return }
            let rate = Double(recorded) / max(seconds, 0.001)
            let left = rate > 0 ? Double(total - recorded) / rate : 0
            let line = "recorded \(GenerateCommand.grouped(recorded)) of \(GenerateCommand.grouped(total)) events "
                + "(\(recorded * 100 / max(total, 1))%), \(GenerateCommand.grouped(Int(rate))) events/s, "
                + "about \(String(format: "%.0f", left)) s left"
            write(redraw ? "\r\(line)\u{1B}[K" : line + "\n")
        }
    }

    func finish() {
        if state.withLock({ $0.open }) { write("\n") }
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
