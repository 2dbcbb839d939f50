import Hummingbird
import TernCore
import TernStore

/// The quarantine: messages the Segment-compatible routes could not record, and their replay.
struct RejectedEventRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.get, "/v1/rejected-events", list)
        table.add(.get, "/v1/rejected-events/summary", summary)
        table.add(.post, "/v1/rejected-events/replay", replay)
    }

    /// Filters: `reason`, `event`, `from`, `to` (time received), `pending=true`; pages by `cursor`.
    @Sendable func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var query = RejectedEventQuery(workspaceId: grant.workspaceId, reason: request.query("reason"), event: request.query("event"))
        query.from = try PageQuery.time(request, "from")
        query.to = try PageQuery.time(request, "to")
        let limit = try PageQuery.limit(request)
        query.limit = limit + 1
        query.pendingOnly = request.query("pending") == "true"
        if let cursor = request.query("cursor") {
            guard let after = Int64(cursor), after >= 0 else { throw ValidationFailure(field: "cursor", message: "is not a cursor returned by this API") }
            query.after = after
        }
        let items = try await services.store.rejectedEvents(query)
        return .json(await PageQuery.page(items, limit: limit, request: request, cursor: { String($0.id) }) { $0.map(\.json) })
    }

    /// Rejected events waiting for a replay, per reason: the tracking plan's health.
    @Sendable func summary(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let counts = try await services.store.rejectedEventCounts(workspaceId: grant.workspaceId)
        return .json(.object([
            "pending": .integer(counts.values.reduce(0, +)),
            "byReason": .object(JSONObject(counts.mapValues { .integer($0) })),
        ]))
    }

    /// Validates every waiting message (optionally only those of `{"reason": …}`) again against the
    /// current definitions and records those that now pass, exactly once (their messageId
    /// deduplicates a replay interrupted midway).
    @Sendable func replay(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var reason: String?
        if request.headers[.contentLength].flatMap(Int.init) ?? 1 > 0 {
            let body = try await request.body.collect(upTo: BodyLimit.event)
            if body.readableBytes > 0 {
                var reader = try JSONObjectReader(try JSONParser.parse(Array(buffer: body)))
                reason = reader.string("reason", maxLength: 64)
                reader.rejectUnknownMembers()
                try reader.check()
            }
        }
        let validator = try await services.definitions.reload(workspaceId: grant.workspaceId)
        let segment = SegmentRoutes(services)
        var replayed = 0, after: Int64 = 0
        while true {
            let page = try await services.store.rejectedEvents(
                RejectedEventQuery(workspaceId: grant.workspaceId, reason: reason, pendingOnly: true, after: after, limit: 500))
            guard let last = page.last else { break }
            after = last.id
            var done: [(rejectedId: Int64, eventId: Int64)] = []
            var events: [(rejectedId: Int64, event: RecordableEvent)] = []
            for rejected in page {
                guard let message = try? JSONParser.parse(rejected.payload) else { continue }
                let outcome = SegmentMessage.interpret(
                    message, type: rejected.type, sentAt: rejected.sentAt, receivedAt: rejected.receivedAt, validator: validator,
                    source: rejected.source)
                switch outcome {
                case .success(.record(let event)): events.append((rejected.id, event))
                case .success(let action):
                    if (try? await segment.apply(action, workspaceId: grant.workspaceId, now: services.now())) != nil {
                        done.append((rejected.id, 0))
                    }
                case .failure: continue
                }
            }
            if !events.isEmpty {
                let outcomes = try await services.writer.record(
                    EventBatch(workspaceId: grant.workspaceId, events: events.map(\.event), receivedAt: services.now()))
                for (item, outcome) in zip(events, outcomes) {
                    switch outcome {
                    case .recorded(let eventId, _), .duplicate(let eventId, _): done.append((item.rejectedId, eventId))
                    case .rejected: continue
                    }
                }
            }
            try await services.store.markReplayed(workspaceId: grant.workspaceId, done)
            replayed += done.count
        }
        let remaining = try await services.store.rejectedEventCounts(workspaceId: grant.workspaceId).values.reduce(0, +)
        return .json(.object(["replayed": .integer(replayed), "remaining": .integer(remaining)]))
    }
}

extension RejectedEvent {
    var json: JSONValue {
        .object([
            "id": .string(String(id)),
            "receivedAt": .string(Timestamp.iso8601(receivedAt)),
            "reason": .string(reason),
            "event": event.map(JSONValue.string) ?? .null,
            "messageId": messageId.map(JSONValue.string) ?? .null,
            "type": type.map(JSONValue.string) ?? .null,
            "source": .string(source.rawValue),
            "errors": .array(errors.map { .object(["field": .string($0.field), "message": .string($0.message)]) }),
            "payload": (try? JSONParser.parse(payload)) ?? .string(payload),
            "replayed": .bool(replayedEventId != nil),
        ])
    }
}
