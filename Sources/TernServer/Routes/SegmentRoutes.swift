import HTTPTypes
import Hummingbird
import TernCore
import TernStore

/// Segment's HTTP Tracking API, so that existing SDKs work by changing only the host and the
/// write key. Messages that fail validation cannot be refused one by one without breaking SDKs:
/// they are kept in the quarantine (`/v1/rejected-events`) and the answer is still 200.
struct SegmentRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    static let messageLimit = 32 * 1024
    static let batchLimit = 500 * 1024

    func register(in table: RouteTable) {
        for type in ["track", "identify", "page", "screen", "group", "alias"] {
            table.add(.post, "/v1/\(type)") { request, _ in try await handle(request, single: type) }
            table.add(.options, "/v1/\(type)") { request, _ in CORS.preflight(request) }
        }
        table.add(.post, "/v1/batch") { request, _ in try await handle(request, single: nil) }
        table.add(.options, "/v1/batch") { request, _ in CORS.preflight(request) }
    }

    /// One message (`single` is its route's type) or a batch (`{"batch": [...]}`).
    func handle(_ request: Request, single: String?) async throws -> Response {
        var response: Response
        do {
            response = try await accept(request, single: single)
        } catch {
            guard let problem = Problem.from(error) else { throw error }
            response = problem.response
        }
        CORS.allow(&response, for: request)
        return response
    }

    private func accept(_ request: Request, single: String?) async throws -> Response {
        let bytes = try await request.jsonBytesMaybeGzip(limit: single == nil ? Self.batchLimit : Self.messageLimit)
        let body = try await services.decoding.run { try JSONParser.parse(bytes) }
        guard case .object(let members) = body else { throw Problem.badRequest("The body must be a JSON object.") }
        let grant = try await services.auth.writer(request, bodyKey: members["writeKey"]?.stringValue)
        try await CORS.check(request, workspaceId: grant.workspaceId, store: services.store)

        let messages: [JSONValue]
        if single == nil {
            guard case .array(let batch)? = members["batch"] else { throw Problem.badRequest("The body needs \"batch\": an array of messages.") }
            messages = batch
        } else {
            messages = [body]
        }
        let receivedAt = services.now()
        let sentAt = members["sentAt"].flatMap(Timestamp.from)
        let validator = try await services.definitions.validator(workspaceId: grant.workspaceId)
        let checkSize = single == nil && (request.headers[.contentLength].flatMap(Int.init).map { $0 > Self.messageLimit } ?? true)

        var (rejected, identities, events) = await services.decoding.run {
            () -> ([RejectedEvent], [(message: JSONValue, action: SegmentMessage.Action)], [(message: JSONValue, event: RecordableEvent)]) in
            var rejected: [RejectedEvent] = []
            var identities: [(message: JSONValue, action: SegmentMessage.Action)] = []
            var events: [(message: JSONValue, event: RecordableEvent)] = []
            for message in messages {
                let source = Self.source(of: message, request)
                func reject(_ reason: String, _ errors: [FieldError], event: String? = nil) {
                    rejected.append(RejectedEvent(
                        workspaceId: grant.workspaceId, receivedAt: receivedAt, sentAt: sentAt, reason: reason, event: event,
                        messageId: message["messageId"].flatMap(Self.text), type: single ?? message["type"]?.stringValue,
                        source: source, errors: errors, payload: JSONWriter.string(message)))
                }
                if checkSize, JSONWriter.byteCount(of: message) > Self.messageLimit {
                    reject("too_large", [FieldError(field: "$", message: "a message holds at most 32 KB")])
                    continue
                }
                switch SegmentMessage.interpret(message, type: single, sentAt: sentAt, receivedAt: receivedAt, validator: validator, source: source) {
                case .success(.record(let event)): events.append((message, event))
                case .success(let action):
                    identities.append((message, action))
                    if case .identify(_, let traits) = action, !traits.rejected.isEmpty { reject("invalid_trait", traits.rejected) }
                case .failure(let rejection): reject(rejection.reason, rejection.errors, event: rejection.event)
                }
            }
            return (rejected, identities, events)
        }

        // Identities first, so the events of the same batch land on the merged contact.
        for (message, action) in identities {
            do {
                try await apply(action, workspaceId: grant.workspaceId, now: receivedAt)
            } catch let failure as ValidationFailure {
                rejected.append(rejection(message, grant, receivedAt, sentAt, single, "invalid_trait", failure.errors))
            } catch StoreError.conflict(let field, let message_) {
                rejected.append(rejection(message, grant, receivedAt, sentAt, single, "identifier_conflict", [FieldError(field: field, message: message_)]))
            }
        }
        if !events.isEmpty {
            let outcomes = try await services.writer.record(
                EventBatch(workspaceId: grant.workspaceId, events: events.map(\.event), receivedAt: receivedAt))
            for (item, outcome) in zip(events, outcomes) {
                if case .rejected(let field, let message) = outcome {
                    let error = field == "materialId"
                        ? ("unknown_material", FieldError(field: SegmentMessage.materialField, message: message))
                        : ("invalid_message", FieldError(field: field, message: message))
                    rejected.append(rejection(item.message, grant, receivedAt, sentAt, single, error.0, [error.1]))
                }
            }
        }
        try await services.store.quarantine(rejected)
        return .json(.object(["success": .bool(true)]))
    }

    func apply(_ action: SegmentMessage.Action, workspaceId: Int64, now: Int64) async throws {
        switch action {
        case .identify(let identity, let traits):
            var changes = ContactChanges(attributes: traits.attributes)
            if let phone = traits.phone { changes.phone = .some(phone) }
            if let email = traits.email { changes.email = .some(email) }
            _ = try await services.store.identify(workspaceId: workspaceId, identity: identity, changes: changes, now: now)
        case .alias(let previousId, let userId):
            _ = try await services.store.alias(workspaceId: workspaceId, previousId: previousId, userId: userId, now: now)
        case .record:
            break
        }
    }

    private func rejection(
        _ message: JSONValue, _ grant: KeyGrant, _ receivedAt: Int64, _ sentAt: Int64?, _ single: String?, _ reason: String,
        _ errors: [FieldError]
    ) -> RejectedEvent {
        RejectedEvent(
            workspaceId: grant.workspaceId, receivedAt: receivedAt, sentAt: sentAt, reason: reason, event: nil,
            messageId: message["messageId"].flatMap(Self.text), type: single ?? message["type"]?.stringValue,
            source: .segment, errors: errors, payload: JSONWriter.string(message))
    }

    /// `browser` for tern.js (its header or its library name in the context), `segment` otherwise.
    static func source(of message: JSONValue, _ request: Request) -> EventSource {
        if request.headers[HTTPField.Name("X-Tern-Source")!] == "browser" { return .browser }
        if message["context"]?["library"]?["name"] == .string("tern.js") { return .browser }
        return .segment
    }

    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): s
        case .number(let n): n
        default: nil
        }
    }
}
