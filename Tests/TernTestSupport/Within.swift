import Testing

/// Runs `body` and fails the test if it has not finished within `limit`, without waiting for it:
/// for tests of code that would otherwise wait forever on something that never answers (a
/// test's time limit cancels the test, but an await that ignores cancellation still never ends).
public func within(_ limit: Duration, sourceLocation: SourceLocation = #_sourceLocation, _ body: @escaping @Sendable () async throws -> Void)
    async throws
{
    struct DidNotFinish: Error {}
    let (outcomes, outcome) = AsyncStream<Result<Void, any Error>>.makeStream()
    let work = Task {
        do {
            try await body()
            outcome.yield(.success(()))
        } catch {
            outcome.yield(.failure(error))
        }
    }
    let timer = Task {
        guard (try? await Task.sleep(for: limit)) != nil else { return }
        outcome.yield(.failure(DidNotFinish()))
    }
    var next = outcomes.makeAsyncIterator()
    let result = await next.next() ?? .success(())
    timer.cancel()
    if case .failure(let error) = result, error is DidNotFinish {
        work.cancel()
        Issue.record("did not finish within \(limit)", sourceLocation: sourceLocation)
        return
    }
    try result.get()
}
