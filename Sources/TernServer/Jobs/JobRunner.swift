import Foundation
import Logging
import ServiceLifecycle
import TernStore

/// Runs due jobs of the kinds it has handlers for, as a service beside the HTTP server: claims up
/// to `concurrency` jobs at a time, completes each one its handler finished, ends one that can never
/// succeed with its error, and puts one whose handler threw back for a retry with exponential
/// backoff and jitter, until `maximumAttempts` claims have failed; then it ends that job as failed
/// too, with the last error. A running job's lease is renewed until its handler returns; a handler
/// whose claim was lost anyway (its node stalled past the lease and another node took the job) is
/// cancelled. When nothing is due it looks again every `pollInterval`. On graceful shutdown it
/// claims nothing more and returns once its running jobs are finished.
///
/// ```swift
/// let runner = JobRunner(queue: store, handlers: router.jobHandlers, configuration: .init(), logger: logger)
/// let group = ServiceGroup(services: [runner], logger: logger)
/// ```
public struct JobRunner: Service, CustomStringConvertible {
    public struct Configuration: Sendable {
        /// Names this process in the jobs it holds; unique per process, so a restarted node is another owner.
        public var owner: String
        /// How long a claim holds a job (ms) unless renewed. While a handler runs, its lease is
        /// renewed every third of this, so a handler may take longer; what the lease bounds is how
        /// long the jobs of a node that died wait before another node takes them over. 1 minute.
        public var lease: Int64
        /// How long to wait before looking again when nothing was due (ms).
        public var pollInterval: Int64
        /// How many jobs run at once in this process.
        public var concurrency: Int
        /// The first retry's delay (ms); each further retry waits twice as long, up to `maximumRetryDelay`.
        public var retryDelay: Int64
        public var maximumRetryDelay: Int64
        /// Each delay is stretched or shrunk by a random factor within this fraction (0.2: ±20%), so
        /// jobs that failed together (a dependency down) do not all come back in the same instant.
        public var jitter: Double
        /// After this many failed claims a job ends as failed. 25 with the defaults: about 17 hours
        /// of retries (5 s doubling to the hour), long enough to outlast an outage, not forever.
        public var maximumAttempts: Int

        public init(
            owner: String = Self.processOwner(), lease: Int64 = 60_000, pollInterval: Int64 = 1_000, concurrency: Int = 8,
            retryDelay: Int64 = 5_000, maximumRetryDelay: Int64 = 3_600_000, jitter: Double = 0.2, maximumAttempts: Int = 25
        ) {
            self.owner = owner
            self.lease = lease
            self.pollInterval = pollInterval
            self.concurrency = concurrency
            self.retryDelay = retryDelay
            self.maximumRetryDelay = maximumRetryDelay
            self.jitter = jitter
            self.maximumAttempts = maximumAttempts
        }

        /// `host/pid/random`: readable in the job table, and unique even when a pid is reused.
        public static func processOwner() -> String {
            "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UInt32.random(in: .min ... .max))"
        }

        /// When the `attempt`-th claim's failure runs again, from `now`.
        public func retryAt(attempt: Int, now: Int64) -> Int64 {
            var delay = retryDelay
            for _ in 0..<max(attempt - 1, 0) where delay < maximumRetryDelay { delay *= 2 }
            let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter)) : 1
            return now + Int64((Double(min(delay, maximumRetryDelay)) * factor).rounded())
        }
    }

    let queue: any JobQueue
    let handlers: [String: any JobHandler]
    let configuration: Configuration
    let now: @Sendable () -> Int64
    let logger: Logger

    public init(
        queue: any JobQueue, handlers: [any JobHandler], configuration: Configuration = Configuration(),
        now: @escaping @Sendable () -> Int64 = systemClock, logger: Logger = Logger(label: "tern.jobs")
    ) {
        self.queue = queue
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.configuration = configuration
        self.now = now
        var logger = logger
        logger[metadataKey: "owner"] = "\(configuration.owner)"
        self.logger = logger
    }

    /// For the service group's logs.
    public var description: String { "JobRunner(\(handlers.keys.sorted().joined(separator: ", ")))" }

    private enum Wake: Sendable {
        case jobEnded
        case pollDue
    }

    public func run() async throws {
        await withTaskGroup(of: Wake.self) { group in
            var startJobsAdded = false
            var running = 0
            var waiting = false
            while true {
                let stopping = Task.isShuttingDownGracefully || Task.isCancelled
                if stopping, running == 0, !waiting { return }
                if !stopping, !waiting, running < configuration.concurrency {
                    if !startJobsAdded { startJobsAdded = await addJobsAtStart() }
                    let limit = configuration.concurrency - running
                    let jobs = await claim(limit: limit)
                    for job in jobs {
                        group.addTask {
                            await execute(job)
                            return .jobEnded
                        }
                    }
                    running += jobs.count
                    // Fewer than asked for: nothing else is due now.
                    if jobs.count < limit {
                        waiting = true
                        let interval = Duration.milliseconds(configuration.pollInterval)
                        group.addTask {
                            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                            return .pollDue
                        }
                    }
                }
                switch await group.next() {
                case .jobEnded: running -= 1
                case .pollDue: waiting = false
                case nil: return
                }
            }
        }
    }

    private func addJobsAtStart() async -> Bool {
        let jobs = handlers.values.flatMap { $0.jobsAtStart(now: now()) }
        guard !jobs.isEmpty else { return true }
        do {
            _ = try await queue.enqueue(jobs, now: now())
            return true
        } catch {
            logger.error("could not add the recurring jobs; trying again", metadata: ["error": "\(error)"])
            return false
        }
    }

    private func claim(limit: Int) async -> [ClaimedJob] {
        do {
            return try await queue.claim(
                kinds: Set(handlers.keys), owner: configuration.owner, now: now(), lease: configuration.lease, limit: limit)
        } catch {
            logger.error("could not claim jobs", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Runs one job and records how it ended. If even that fails, the lease ends and the job runs again.
    private func execute(_ job: ClaimedJob) async {
        var logger = logger
        logger[metadataKey: "job"] = "\(job.id)"
        logger[metadataKey: "kind"] = "\(job.kind)"
        logger[metadataKey: "attempt"] = "\(job.attempt)"
        guard let handler = handlers[job.kind] else { return }
        do {
            let held: Bool
            do {
                switch try await run(handler, job, logger) {
                case .done:
                    held = try await queue.complete(job, now: now())
                case .failed(let reason):
                    logger.warning("job failed for good", metadata: ["error": "\(reason)"])
                    held = try await queue.fail(job, error: reason, now: now())
                }
            } catch is CancellationError {
                return  // stopped from outside: the lease ends and the job runs again
            } catch is LeaseLost {
                logger.warning("the job's lease was lost while it ran; the claim that took it over finishes it")
                return
            } catch where job.attempt >= configuration.maximumAttempts {
                logger.warning("job failed on its last attempt", metadata: ["error": "\(error)"])
                held = try await queue.fail(job, error: "gave up after \(job.attempt) attempts: \(error)", now: now())
            } catch {
                let retryAt = configuration.retryAt(attempt: job.attempt, now: now())
                logger.notice("job failed; it will run again", metadata: ["error": "\(error)", "retry-at": "\(retryAt)"])
                held = try await queue.release(job, retryAt: retryAt, error: "\(error)", now: now())
            }
            if !held { logger.notice("the job's lease had ended; another claim finishes it") }
        } catch {
            logger.error("could not record how the job ended; it runs again when its lease ends", metadata: ["error": "\(error)"])
        }
    }

    private struct LeaseLost: Error {}

    /// Runs the handler while renewing the job's lease every third of it. Stops the handler if the
    /// claim is lost, as the claim that took the job over runs it (handlers are idempotent).
    private func run(_ handler: any JobHandler, _ job: ClaimedJob, _ logger: Logger) async throws -> JobResult {
        try await withThrowingTaskGroup(of: JobResult?.self) { group in
            group.addTask { try await handler.run(job, now: now()) }
            group.addTask {
                await keepLease(job, logger)
                return nil
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() ?? nil else {
                try Task.checkCancellation()
                throw LeaseLost()
            }
            return result
        }
    }

    /// Returns when the claim no longer holds the job, or when cancelled. A renewal that fails
    /// (the store unreachable) is tried again at the next interval.
    private func keepLease(_ job: ClaimedJob, _ logger: Logger) async {
        let interval = Duration.milliseconds(max(configuration.lease / 3, 1))
        while true {
            do { try await Task.sleep(for: interval) } catch { return }
            do {
                if try await !queue.renew(job, until: now() + configuration.lease) { return }
            } catch {
                logger.warning("could not renew the job's lease; trying again", metadata: ["error": "\(error)"])
            }
        }
    }
}
