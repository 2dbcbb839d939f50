import Hummingbird
import TernCore
import TernStore

/// Saved audiences: `/v1/segments`. (Segment's tracking API is `SegmentRoutes`.) A segment keeps
/// only its filter; its members are computed from current data on every request, through the same
/// path as `POST /v1/contacts/search`.
struct SavedSegmentRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.get, "/v1/segments", list)
        table.add(.post, "/v1/segments", create)
        table.add(.get, "/v1/segments/:id", get)
        table.add(.patch, "/v1/segments/:id", update)
        table.add(.delete, "/v1/segments/:id", delete)
        table.add(.get, "/v1/segments/:id/contacts", contacts)
        table.add(.get, "/v1/segments/:id/count", count)
    }

    /// Newest first, in pages: ids never change or come back, so a segment created or renamed while
    /// a client pages is never shown twice and never makes it miss another.
    @Sendable func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let limit = try PageQuery.limit(request)
        var before: Int64?
        if let cursor = request.query("cursor") {
            guard let id = SavedSegmentID.parse(cursor) else { throw ValidationFailure(field: "cursor", message: "is not a cursor returned by this API") }
            before = id
        }
        let segments = try await services.store.savedSegments(workspaceId: grant.workspaceId, before: before, limit: limit + 1)
        return .json(await PageQuery.page(segments, limit: limit, request: request, cursor: { SavedSegmentID.format($0.id) }) { $0.map(\.json) })
    }

    /// `{"name", "filter", "description"?}`; the filter is checked as search checks it.
    @Sendable func create(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let body = try await request.decodeJSON(limit: BodyLimit.request)
        let audience = try await AudienceRequest(services, grant)
        let segment = try SavedSegment.create(from: body, context: audience.context, now: services.now())
        let created = try await services.store.createSavedSegment(segment, workspaceId: grant.workspaceId)
        return .json(created.json, status: .created)
    }

    @Sendable func get(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        return .json(try await existing(context, grant).json)
    }

    /// Any of `name`, `filter`, `description`; membership follows the new filter at once.
    @Sendable func update(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let id = try Self.segmentID(context)
        let body = try await request.decodeJSON(limit: BodyLimit.request)
        let audience = try await AudienceRequest(services, grant)
        let now = services.now()
        // Patched inside the store's transaction: a concurrent PATCH of another field is not undone.
        guard let updated = try await services.store.updateSavedSegment(workspaceId: grant.workspaceId, id: id, { current in
            try current.patched(with: body, context: audience.context, now: now)
        }) else {
            throw Self.notFound(context)
        }
        return .json(updated.json)
    }

    @Sendable func delete(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        guard try await services.store.deleteSavedSegment(workspaceId: grant.workspaceId, id: try Self.segmentID(context)) else {
            throw Self.notFound(context)
        }
        return Response(status: .noContent)
    }

    /// `?limit=&cursor=` → `{"total", "items", "nextCursor"}`, exactly as search answers.
    @Sendable func contacts(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let segment = try await existing(context, grant)
        let limit = try PageQuery.limit(request)
        var after: Int64?
        if let cursor = request.query("cursor") {
            guard let id = ContactID.parse(cursor) else { throw ValidationFailure(field: "cursor", message: "is not a cursor returned by this API") }
            after = id
        }
        let audience = try await AudienceRequest(services, grant)
        let filter = try currentFilter(of: segment, audience)
        return try await AudienceRoutes(services).members(of: filter, audience, after: after, limit: limit)
    }

    /// `{"total": n}`: how many contacts the segment holds now.
    @Sendable func count(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let segment = try await existing(context, grant)
        let audience = try await AudienceRequest(services, grant)
        let ids = try await audience.contactIds(matching: try currentFilter(of: segment, audience))
        return .json(.object(["total": .integer(ids.count)]))
    }

    /// The saved filter read under the workspace as it is now. A filter that no longer reads (it
    /// names an event definition, property, stage or level since deleted or changed) is a 409 with
    /// the errors search would give for it: answering with fewer members would be silently wrong.
    func currentFilter(of segment: SavedSegment, _ audience: AudienceRequest) throws -> AudienceFilter {
        do {
            return try segment.currentFilter(context: audience.context)
        } catch {
            let id = SavedSegmentID.format(segment.id)
            throw Problem(
                status: .conflict,
                detail: "The filter of segment \(id) no longer fits the workspace: it names something that has since been deleted or "
                    + "changed. Give it a new filter with PATCH /v1/segments/\(id).",
                errors: error.errors)
        }
    }

    func existing(_ context: BasicRequestContext, _ grant: KeyGrant) async throws -> SavedSegment {
        guard let segment = try await services.store.savedSegment(workspaceId: grant.workspaceId, id: try Self.segmentID(context)) else {
            throw Self.notFound(context)
        }
        return segment
    }

    static func segmentID(_ context: BasicRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(SavedSegmentID.parse) else { throw notFound(context) }
        return id
    }

    static func notFound(_ context: BasicRequestContext) -> Problem {
        .notFound("No segment \"\((context.parameters.get("id") ?? "").prefix(40))\".")
    }
}

extension SavedSegment {
    var json: JSONValue {
        .object([
            "id": .string(SavedSegmentID.format(id)),
            "name": .string(name),
            "description": description.map(JSONValue.string) ?? .null,
            "filter": filter,
            "createdAt": .string(Timestamp.iso8601(createdAt)),
            "updatedAt": .string(Timestamp.iso8601(updatedAt)),
        ])
    }
}
