import TernCore
import TernStore

/// `event.record`: records an event later, the primitive behind "wait 20 minutes, then …" and
/// outbound events. The payload is an event as `POST /v1/events` takes it, with a `messageId`;
/// it is checked by the API's validator when the job runs (against the definitions of that time)
/// and recorded through the same single writer, with source `journey`. A job may run twice (its
/// node died before marking it done); the messageId makes the second run a duplicate, so the event
/// is stored once. A payload the API would refuse fails for good, as a 422 is final for a client.
struct EventRecordJob: JobHandler {
    static let kind = "event.record"
    var kind: String { Self.kind }
    let services: TernServices

    func run(_ job: ClaimedJob, now: Int64) async throws -> JobResult {
        if job.payload.utf8.count > BodyLimit.event { return .failed("the event is larger than 32 KB") }
        let json: JSONValue
        do {
            json = try JSONParser.parse(job.payload)
        } catch {
            return .failed("the payload is not JSON: \(error)")
        }
        guard case .object(let members) = json else { return .failed("the payload is not a JSON object") }
        guard case .string = members["messageId"] else {
            return .failed("messageId: is required, so that running the job twice records the event once")
        }
        let validator = try await services.definitions.validator(workspaceId: job.workspaceId)
        switch validator.validate(json, receivedAt: now, source: .journey) {
        case .failure(let failure):
            return .failed(failure.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
        case .success(let event):
            let outcomes = try await services.writer.record(EventBatch(workspaceId: job.workspaceId, events: [event], receivedAt: now))
            switch outcomes.first {
            case .recorded, .duplicate: return .done
            case .rejected(let field, let message): return .failed("\(field): \(message)")
            case nil: throw EventNotRecorded()
            }
        }
    }

    struct EventNotRecorded: Error, CustomStringConvertible {
        var description: String { "the writer returned no outcome for the event" }
    }
}
