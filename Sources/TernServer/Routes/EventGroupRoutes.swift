import Hummingbird
import TernCore
import TernStore

/// Folders of the tracking plan: `/v1/event-groups`.
struct EventGroupRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    /// Ids moved by one request, at most.
    static let maximumMove = 1000

    func register(in table: RouteTable) {
        table.add(.get, "/v1/event-groups", list)
        table.add(.post, "/v1/event-groups", create)
        table.add(.get, "/v1/event-groups/:id", get)
        table.add(.patch, "/v1/event-groups/:id", rename)
        table.add(.delete, "/v1/event-groups/:id", delete)
        table.add(.post, "/v1/event-groups/:id/events", move)
    }

    /// Every group, by name ignoring case; a workspace has few, so there are no pages.
    @Sendable func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let groups = try await services.store.eventGroups(workspaceId: grant.workspaceId)
        return .json(.object(["items": .array(groups.map(\.json))]))
    }

    @Sendable func create(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let name = try EventGroup.name(from: try await request.decodeJSON(limit: BodyLimit.event))
        let group = try await services.store.createEventGroup(workspaceId: grant.workspaceId, name: name, now: services.now())
        return .json(group.json, status: .created)
    }

    @Sendable func get(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        guard let group = try await services.store.eventGroup(workspaceId: grant.workspaceId, id: try Self.groupID(context)) else {
            throw Self.notFound(context)
        }
        return .json(group.json)
    }

    /// Renaming changes what every definition of the group shows, in one update.
    @Sendable func rename(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let id = try Self.groupID(context)
        let name = try EventGroup.name(from: try await request.decodeJSON(limit: BodyLimit.event))
        guard let group = try await services.store.renameEventGroup(
            workspaceId: grant.workspaceId, id: id, name: name, now: services.now())
        else { throw Self.notFound(context) }
        try await services.definitions.reload(workspaceId: grant.workspaceId)
        return .json(group.json)
    }

    /// Deletes the group; its definitions stay, ungrouped.
    @Sendable func delete(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        guard try await services.store.deleteEventGroup(
            workspaceId: grant.workspaceId, id: try Self.groupID(context), now: services.now())
        else { throw Self.notFound(context) }
        try await services.definitions.reload(workspaceId: grant.workspaceId)
        return Response(status: .noContent)
    }

    /// `{"events": ["cl_a", "cl_b"]}` into the group; `/v1/event-groups/null/events` takes them out of any group.
    /// All or nothing: an unknown id or a system event refuses the whole request.
    @Sendable func move(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let raw = context.parameters.get("id") ?? ""
        let groupId: Int64? = raw == "null" ? nil : try Self.groupID(context)
        var reader = try JSONObjectReader(try await request.decodeJSON(limit: BodyLimit.request))
        let elements = reader.array("events", required: true) ?? []
        reader.rejectUnknownMembers()
        if reader.isPresent("events"), elements.isEmpty { reader.fail("events", "must name at least one event") }
        if elements.count > Self.maximumMove { reader.fail("events", "at most \(Self.maximumMove) events per request") }
        var ids: [String] = []
        for (i, element) in elements.enumerated() {
            if let id = element.stringValue { ids.append(id) } else {
                reader.errors.append(FieldError(field: "events[\(i)]", message: "expected a string, got \(element.typeName)"))
            }
        }
        try reader.check()
        switch try await services.store.moveDefinitions(workspaceId: grant.workspaceId, ids: ids, toGroup: groupId, now: services.now()) {
        case .noSuchGroup:
            throw Self.notFound(context)
        case .refused(let problems):
            throw ValidationFailure(problems.map { FieldError(field: "events[\($0.index)]", message: $0.message) })
        case .moved(let count):
            try await services.definitions.reload(workspaceId: grant.workspaceId)
            var group = JSONValue.null
            if let groupId, let found = try await services.store.eventGroup(workspaceId: grant.workspaceId, id: groupId) {
                group = found.json
            }
            return .json(.object(["moved": .integer(count), "group": group]))
        }
    }

    static func groupID(_ context: BasicRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(EventGroupID.parse) else { throw notFound(context) }
        return id
    }

    static func notFound(_ context: BasicRequestContext) -> Problem {
        .notFound("No event group \"\((context.parameters.get("id") ?? "").prefix(40))\".")
    }
}

extension EventGroup {
    var json: JSONValue {
        .object([
            "id": .string(EventGroupID.format(id)),
            "name": .string(name),
            "eventCount": .integer(eventCount),
            "createdAt": .string(Timestamp.iso8601(createdAt)),
            "updatedAt": .string(Timestamp.iso8601(updatedAt)),
        ])
    }
}
