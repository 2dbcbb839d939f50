import Hummingbird
import TernCore
import TernStore

/// Customers and their timelines: `/v1/contacts`.
struct ContactRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    func register(in table: RouteTable) {
        table.add(.post, "/v1/contacts", upsert)
        table.add(.get, "/v1/contacts", list)
        table.add(.get, "/v1/contacts/:id", get)
        table.add(.patch, "/v1/contacts/:id", update)
        table.add(.delete, "/v1/contacts/:id", delete)
        table.add(.get, "/v1/contacts/:id/events", timeline)
        table.add(.post, "/v1/contacts/:id/events", recordManually)
    }

    /// Creates the contact named by the identifiers, or updates the one that holds them.
    @Sendable func upsert(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var reader = try JSONObjectReader(try await request.decodeJSON(limit: BodyLimit.event))
        let identity = ContactIdentity.read(from: &reader, required: true)
        let attributes = Self.readAttributes(&reader)
        reader.rejectUnknownMembers()
        try reader.check()
        let result = try await services.store.upsertContact(
            workspaceId: grant.workspaceId, identity: identity, changes: ContactChanges(attributes: attributes), now: services.now())
        return .json(try await present([result.contact], grant)[0], status: result.created ? .created : .ok)
    }

    /// One contact by `phone`, `externalId` or `email`; without those, every contact (or those of a
    /// `level` or content `tag`), a page at a time.
    @Sendable func list(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var key: ContactKey?
        if let phone = request.query("phone") {
            switch PhoneNumber.normalize(phone) {
            case .success(let normalized): key = .phone(normalized)
            case .failure(let problem): throw ValidationFailure(field: "phone", message: problem.message)
            }
        } else if let externalId = request.query("externalId") {
            key = .externalId(externalId)
        } else if let email = request.query("email") {
            guard let normalized = Email.normalize(email) else {
                throw ValidationFailure(field: "email", message: "is not an email address")
            }
            key = .email(normalized)
        }
        if let key {
            let found = try await services.store.contact(workspaceId: grant.workspaceId, key: key)
            let items = try await present(found.map { [$0] } ?? [], grant)
            return .json(.object(["items": .array(items), "nextCursor": .null, "hasMore": .bool(false)]))
        }
        let limit = try PageQuery.limit(request)
        var after: Int64?
        if let cursor = request.query("cursor") {
            guard let id = ContactID.parse(cursor) else { throw ValidationFailure(field: "cursor", message: "is not a cursor") }
            after = id
        }
        var filter = ContactFilter.all
        if let level = request.query("level") {
            let settings = try await services.store.settings(workspaceId: grant.workspaceId)
            guard let range = settings.activenessLevels.range(of: level) else {
                let names = settings.activenessLevels.levels.map(\.name).joined(separator: ", ")
                throw ValidationFailure(field: "level", message: "must be one of \(names)")
            }
            filter = .activeness(lower: range.lower, upper: range.upper, since: windowStart(settings))
        } else if let tag = request.query("tag") {
            filter = .tag(tag)
        }
        let contacts = try await services.store.contacts(workspaceId: grant.workspaceId, filter: filter, after: after, limit: limit + 1)
        return .json(try await PageQuery.page(contacts, limit: limit, request: request, cursor: { ContactID.format($0.id) }) {
            try await present($0, grant)
        })
    }

    @Sendable func get(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let id = try Self.contactID(context)
        guard let profile = try await services.store.profile(workspaceId: grant.workspaceId, contactId: id) else {
            throw Self.notFound(context)
        }
        let settings = try await services.store.settings(workspaceId: grant.workspaceId)
        let activeness = try await activeness(of: [profile.contact], settings, grant)[profile.contact.id] ?? 0
        return .json(profile.json(settings: settings, activeness: activeness))
    }

    /// Sets identifiers (`null` clears one) and merges `attributes` (`null` removes a key).
    @Sendable func update(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let id = try Self.contactID(context)
        var reader = try JSONObjectReader(try await request.decodeJSON(limit: BodyLimit.event))
        var changes = ContactChanges(attributes: Self.readAttributes(&reader))
        if reader.isPresent("phone") {
            changes.phone = .some(reader.string("phone", maxLength: 40).flatMap { raw in
                switch PhoneNumber.normalize(raw) {
                case .success(let phone): return phone
                case .failure(let problem): reader.fail("phone", problem.message); return nil
                }
            })
        }
        if reader.isPresent("externalId") {
            let value = reader.string("externalId", maxLength: 255)
            if value == "" { reader.fail("externalId", "must not be empty") }
            changes.externalId = .some(value)
        }
        if reader.isPresent("email") {
            changes.email = .some(reader.string("email", maxLength: 254).flatMap { raw in
                let email = Email.normalize(raw)
                if email == nil { reader.fail("email", "is not an email address") }
                return email
            })
        }
        reader.rejectUnknownMembers()
        try reader.check()
        guard let contact = try await services.store.updateContact(
            workspaceId: grant.workspaceId, id: id, changes: changes, now: services.now())
        else { throw Self.notFound(context) }
        return .json(try await present([contact], grant)[0])
    }

    @Sendable func delete(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        guard try await services.store.deleteContact(workspaceId: grant.workspaceId, id: try Self.contactID(context)) else {
            throw Self.notFound(context)
        }
        return Response(status: .noContent)
    }

    /// The contact's events, newest first; filters `event`, `from`, `to`; pages by `cursor`.
    @Sendable func timeline(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let id = try Self.contactID(context)
        guard try await services.store.contact(workspaceId: grant.workspaceId, key: .id(id)) != nil else {
            throw Self.notFound(context)
        }
        var query = try EventQuery(request, workspaceId: grant.workspaceId)
        query.contactId = id
        query.newestFirst = true
        return .json(try await services.store.events(query).json)
    }

    /// Records a custom event on this contact by hand, with `source: manual` and the label of the
    /// key that recorded it. The contact comes from the path; system events are refused.
    @Sendable func recordManually(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let id = try Self.contactID(context)
        guard try await services.store.contact(workspaceId: grant.workspaceId, key: .id(id)) != nil else {
            throw Self.notFound(context)
        }
        guard case .object(var members) = try await request.decodeJSON(limit: BodyLimit.event) else {
            throw ValidationFailure(field: "$", message: "expected an object")
        }
        let named = ["contactId", "phone", "externalId", "email"].filter { members[$0] != nil }
        if !named.isEmpty {
            throw ValidationFailure(named.map { FieldError(field: $0, message: "the contact is the one in the path") })
        }
        members["contactId"] = .string(ContactID.format(id))
        let receivedAt = services.now()
        let validator = try await services.definitions.validator(workspaceId: grant.workspaceId)
        var event = try validator.validate(.object(members), receivedAt: receivedAt, source: .manual).get()
        event.recordedBy = grant.label
        let outcomes = try await services.writer.record(EventBatch(workspaceId: grant.workspaceId, events: [event], receivedAt: receivedAt))
        return try EventRoutes.response(for: outcomes.first)
    }

    /// Contacts as the API shows them: with activeness over the workspace's window, level and stage.
    func present(_ contacts: [Contact], _ grant: KeyGrant) async throws -> [JSONValue] {
        let settings = try await services.store.settings(workspaceId: grant.workspaceId)
        let activeness = try await activeness(of: contacts, settings, grant)
        return contacts.map { $0.json(settings: settings, activeness: activeness[$0.id] ?? $0.activeness) }
    }

    private func activeness(of contacts: [Contact], _ settings: WorkspaceSettings, _ grant: KeyGrant) async throws -> [Int64: Int] {
        guard let since = windowStart(settings) else {
            return Dictionary(uniqueKeysWithValues: contacts.map { ($0.id, $0.activeness) })
        }
        return try await services.store.activeness(workspaceId: grant.workspaceId, contactIds: contacts.map(\.id), since: since)
    }

    /// The start of the activeness window, if the workspace has one: evaluated at each read,
    /// so activeness stays right as time passes without rewriting contacts.
    private func windowStart(_ settings: WorkspaceSettings) -> Int64? {
        settings.activenessLevels.windowDays.map { services.now() - Int64($0) * 86_400_000 }
    }

    static func readAttributes(_ reader: inout JSONObjectReader) -> [String: JSONValue] {
        guard let attributes = reader.object("attributes") else { return [:] }
        if attributes.count > ContactLimits.maximumAttributes {
            reader.fail("attributes", "at most \(ContactLimits.maximumAttributes) attributes")
        } else if JSONWriter.byteCount(of: .object(attributes)) > ContactLimits.maximumAttributesBytes {
            reader.fail("attributes", "at most \(ContactLimits.maximumAttributesBytes / 1024) KB of attributes")
        }
        for key in attributes.keys where key.isEmpty || key.unicodeScalars.count > 64 {
            reader.errors.append(FieldError(field: reader.path.member("attributes").member(key).description,
                                            message: "attribute names have 1 to 64 characters"))
        }
        return attributes.dictionary
    }

    static func contactID(_ context: BasicRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(ContactID.parse) else { throw notFound(context) }
        return id
    }

    static func notFound(_ context: BasicRequestContext) -> Problem {
        .notFound("No contact \"\((context.parameters.get("id") ?? "").prefix(40))\".")
    }
}
