import Hummingbird
import TernCore
import TernStore

/// Finding contacts with a filter: `POST /v1/contacts/search`.
struct AudienceRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.post, "/v1/contacts/search", search)
    }

    /// `{"filter", "limit"?, "cursor"?}` → `{"total", "items", "nextCursor"}`, in contact id order.
    @Sendable func search(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var reader = try JSONObjectReader(try await request.decodeJSON(limit: BodyLimit.request))
        let filterValue = reader.value("filter", required: true)
        let limit = reader.integer("limit", range: 1...PageQuery.maximumLimit) ?? PageQuery.defaultLimit
        let cursor = reader.string("cursor")
        let after = cursor.flatMap(ContactID.parse)
        if cursor != nil, after == nil { reader.fail("cursor", "is not a cursor returned by this API") }
        reader.rejectUnknownMembers()
        let audience = try await AudienceRequest(services, grant)
        var filter: AudienceFilter?
        if let filterValue {
            do { filter = try audience.filter(filterValue, at: FieldPath("filter")) } catch { reader.errors += error.errors }
        }
        try reader.check()
        guard let filter else { throw ValidationFailure(field: "filter", message: "is required") }
        return try await members(of: filter, audience, after: after, limit: limit)
    }

    /// `{"total", "items", "nextCursor"}`: how many contacts the filter selects from current data and
    /// a page of them in contact id order. Search and a saved segment's contacts both answer with it.
    func members(of filter: AudienceFilter, _ audience: AudienceRequest, after: Int64?, limit: Int) async throws -> Response {
        let ids = try await audience.contactIds(matching: filter)
        let page = try await contactsPage(ids, after: after, limit: limit, audience.grant)
        return .json(.object([
            "total": .integer(ids.count), "items": .array(page.items),
            "nextCursor": page.next.map { .string(ContactID.format($0)) } ?? .null,
        ]))
    }

    /// One page of contacts, rendered as every contact route renders them, from sorted ids.
    func contactsPage(_ ids: [Int64], after: Int64?, limit: Int, _ grant: KeyGrant) async throws -> (items: [JSONValue], next: Int64?) {
        let remaining = ids.drop { $0 <= (after ?? 0) }
        var contacts: [Contact] = []
        for id in remaining.prefix(limit) {
            if let contact = try await services.store.contact(workspaceId: grant.workspaceId, key: .id(id)) { contacts.append(contact) }
        }
        let next = remaining.count > limit ? remaining.prefix(limit).last : nil
        return (try await ContactRoutes(services).present(contacts, grant), next)
    }
}

/// What reading a filter needs from the workspace, gathered once per request.
struct AudienceRequest {
    let services: TernServices
    let grant: KeyGrant
    let settings: WorkspaceSettings
    let context: AudienceContext

    init(_ services: TernServices, _ grant: KeyGrant) async throws {
        self.services = services
        self.grant = grant
        settings = try await services.store.settings(workspaceId: grant.workspaceId)
        let definitions = try await services.store.definitions(workspaceId: grant.workspaceId)
        context = AudienceContext(definitions: definitions, levels: settings.activenessLevels, stages: settings.stages)
    }

    func filter(_ value: JSONValue, at path: FieldPath) throws(ValidationFailure) -> AudienceFilter {
        try AudienceFilter.parse(value, at: path, context: context)
    }

    /// The ids of the contacts the filter selects now (relative windows end at this moment), ascending.
    func contactIds(matching filter: AudienceFilter) async throws -> [Int64] {
        var evaluation = AudienceEvaluation(store: services.store, workspaceId: grant.workspaceId, settings: settings, now: services.now())
        return try await evaluation.contactIds(matching: filter)
    }
}
