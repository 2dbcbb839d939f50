import Hummingbird
import TernCore
import TernStore

/// Recording and reading events: `/v1/events`.
struct EventRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.post, "/v1/events", recordOne)
        table.add(.post, "/v1/events/batch", recordBatch)
        table.add(.get, "/v1/events", list)
    }

    /// Records one event; answers after it is committed. A repeated `messageId` answers 200
    /// with `duplicate: true` and stores nothing.
    @Sendable func recordOne(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.writer(request)
        let body = try await request.decodeJSON(limit: BodyLimit.event)
        let receivedAt = services.now()
        let validator = try await services.definitions.validator(workspaceId: grant.workspaceId)
        let event = try validator.validate(body, receivedAt: receivedAt, source: .api).get()
        let outcomes = try await services.writer.record(
            EventBatch(workspaceId: grant.workspaceId, events: [event], receivedAt: receivedAt))
        return try Self.response(for: outcomes.first)
    }

    /// The answer to recording one event: 201 with its receipt, 200 for a duplicate, 422 if refused.
    static func response(for outcome: RecordOutcome?) throws -> Response {
        switch outcome {
        case .recorded(let eventId, let contactId):
            return .json(receipt(eventId, contactId, duplicate: false), status: .created)
        case .duplicate(let eventId, let contactId):
            return .json(receipt(eventId, contactId, duplicate: true))
        case .rejected(let field, let message):
            throw ValidationFailure(field: field, message: message)
        case nil:
            throw Problem(status: .internalServerError, detail: "The event was not recorded.")
        }
    }

    /// Records up to 1,000 events: every valid one is stored, every invalid one is reported by
    /// index with its errors. Answers after the valid ones are committed.
    @Sendable func recordBatch(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.writer(request)
        let bytes = try await request.jsonBytes(limit: BodyLimit.request)
        let receivedAt = services.now()
        let validator = try await services.definitions.validator(workspaceId: grant.workspaceId)
        // Only a body over the per-event limit can hold an event over it.
        let checkEventSize = request.headers[.contentLength].flatMap(Int.init).map { $0 > BodyLimit.event } ?? true

        // The valid events and their positions in two arrays: the events go to the writer as they are, uncopied.
        let decoded = try await services.decoding.run {
            () throws -> (rejections: [(index: Int, errors: [FieldError])], validIndices: [Int], events: [RecordableEvent]) in
            var reader = try JSONObjectReader(try JSONParser.parse(bytes))
            let items = reader.array("events", required: true) ?? []
            reader.rejectUnknownMembers()
            try reader.check()
            if items.count > BodyLimit.batchEvents {
                throw Problem.tooLarge("A batch holds at most \(BodyLimit.batchEvents) events; this one has \(items.count).")
            }
            var rejections: [(index: Int, errors: [FieldError])] = []
            var validIndices: [Int] = [], events: [RecordableEvent] = []
            validIndices.reserveCapacity(items.count)
            events.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                let path = FieldPath("events").index(index)
                if checkEventSize, JSONWriter.byteCount(of: item) > BodyLimit.event {
                    rejections.append((index, [FieldError(field: path.description, message: "is larger than 32 KB")]))
                    continue
                }
                switch validator.validate(item, at: path, receivedAt: receivedAt, source: .api) {
                case .success(let event):
                    validIndices.append(index)
                    events.append(event)
                case .failure(let failure): rejections.append((index, failure.errors))
                }
            }
            return (rejections, validIndices, events)
        }

        var rejections = decoded.rejections
        var accepted = 0, duplicates = 0
        if !decoded.events.isEmpty {
            let outcomes = try await services.writer.record(
                EventBatch(workspaceId: grant.workspaceId, events: decoded.events, receivedAt: receivedAt))
            for (index, outcome) in zip(decoded.validIndices, outcomes) {
                switch outcome {
                case .recorded: accepted += 1
                case .duplicate: duplicates += 1
                case .rejected(let field, let message):
                    let path = FieldPath("events").index(index)
                    rejections.append((index, [FieldError(field: path(field), message: message)]))
                }
            }
        }
        rejections.sort { $0.index < $1.index }
        return .json(.object([
            "accepted": .integer(accepted),
            "duplicates": .integer(duplicates),
            "rejected": .array(rejections.map { rejection in
                .object([
                    "index": .integer(rejection.index),
                    "errors": .array(rejection.errors.map { .object(["field": .string($0.field), "message": .string($0.message)]) }),
                ])
            }),
        ]))
    }

    /// The workspace's events in the order they were stored: a cursor page never skips or repeats
    /// an event, even while new ones arrive. Filters: `event`, `contactId`, `from`, `to`.
    @Sendable func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var query = try EventQuery(request, workspaceId: grant.workspaceId)
        if let raw = request.query("contactId") {
            guard let id = ContactID.parse(raw) else { throw ValidationFailure(field: "contactId", message: "is not a contact id") }
            query.contactId = id
        }
        return .json(try await services.store.events(query).json)
    }

    static func receipt(_ eventId: Int64, _ contactId: Int64, duplicate: Bool) -> JSONValue {
        .object([
            "id": .string(EventID.format(eventId)),
            "contactId": .string(ContactID.format(contactId)),
            "duplicate": .bool(duplicate),
        ])
    }
}
