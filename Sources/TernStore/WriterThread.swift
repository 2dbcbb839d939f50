import Foundation

/// One thread of its own for the event writer's task. A transaction is a chain of short steps
/// (send a statement, resume when PostgreSQL answers, build the next one) and the writer runs one
/// transaction at a time, so every resumption is on the critical path of ingestion. On the shared
/// executor each resumption queued behind request handlers parsing whole batches (0.5 to 2.7 ms
/// per step under load, more than PostgreSQL's own time); a thread that sleeps between steps is
/// woken by the kernel at once. See docs/decisions.md, "The writer's own thread".
final class WriterThread: TaskExecutor, @unchecked Sendable {
    /// One for the process: writers are few (one per store) and mostly wait for their store.
    static let shared = WriterThread(name: "tern-writer")

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var running: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&running, &jobs)
            condition.unlock()
            for job in running { job.runSynchronously(on: asUnownedTaskExecutor()) }
            running.removeAll(keepingCapacity: true)
        }
    }
}
