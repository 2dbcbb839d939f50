import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TernCore
import TernStore

/// The tracking plan as a file, and back: export, the CSV template, batch import, restoring system defaults.
///
/// Registered as constant paths under `/v1/event-definitions/`; Hummingbird prefers a constant path
/// segment to the `:id` parameter, so `export` and `template.csv` are never read as definition ids.
struct DefinitionFileRoutes {
    let services: TernServices
    init(_ services: TernServices) { self.services = services }

    /// The largest CSV file an import accepts: 10 MB holds a plan of about 100,000 lines.
    static let importLimit = 10 * 1024 * 1024

    func register(in table: RouteTable) {
        table.add(.get, "/v1/event-definitions/export", export)
        table.add(.get, "/v1/event-definitions/template.csv", template)
        table.add(.post, "/v1/event-definitions/import", importFile)
        table.add(.post, "/v1/event-definitions/restore-defaults", restoreDefaults)
    }

    /// Every custom definition, `?format=json` (default) or `?format=csv` in the template's layout.
    @Sendable func export(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let format = request.query("format") ?? "json"
        guard format == "json" || format == "csv" else { throw ValidationFailure(field: "format", message: "must be json or csv") }
        let definitions = try await services.store.definitions(workspaceId: grant.workspaceId)
        if format == "json" { return .json(DefinitionExport.json(definitions)) }
        return .csv(DefinitionCSV.render(definitions), filename: "event-definitions.csv")
    }

    @Sendable func template(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try await services.auth.admin(request)
        return .csv(DefinitionCSV.template, filename: "event-definitions-template.csv")
    }

    /// Creates every event of a filled template in one transaction, or nothing: a 422 lists every
    /// problem as `{"field": "line 7", "message": "event_id: ..."}`.
    @Sendable func importFile(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "text/csv" else {
            throw Problem(status: .unsupportedMediaType, detail: "Send the filled template as Content-Type: text/csv.")
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.importLimit)
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge("The file is larger than \(Self.importLimit / 1024 / 1024) MB; split it into several imports.")
        }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        let existing = try await services.store.definitions(workspaceId: grant.workspaceId)
        let stages = try await services.store.settings(workspaceId: grant.workspaceId).stages.stages
        let plan: DefinitionImportPlan
        do {
            plan = try DefinitionImport.plan(csv: bytes, existing: existing, stages: stages, now: services.now())
        } catch {
            throw Self.rejected(error.errors)
        }
        switch try await services.store.importDefinitions(plan.definitions, workspaceId: grant.workspaceId) {
        case .conflicts(let conflicts):
            throw Self.rejected(conflicts.map { plan.problem(entry: $0.index, field: $0.field, message: $0.message) })
        case .created(let groupsCreated):
            try await services.definitions.reload(workspaceId: grant.workspaceId)
            return .json(.object([
                "created": .integer(plan.entries.count),
                "properties": .integer(plan.propertyCount),
                "events": .array(plan.definitions.map { .string($0.id) }),
                "groupsCreated": .array(groupsCreated.map(JSONValue.string)),
            ]), status: .created)
        }
    }

    /// Puts every system event's score and stage back to the defaults and says what changed.
    /// The body is `{}`: like every write route, it takes a JSON object, so a stray request is refused.
    @Sendable func restoreDefaults(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let grant = try await services.auth.admin(request)
        var reader = try JSONObjectReader(try await request.decodeJSON(limit: BodyLimit.event))
        reader.rejectUnknownMembers()
        try reader.check()
        let changes = try await services.store.restoreSystemDefaults(workspaceId: grant.workspaceId, now: services.now())
        try await services.definitions.reload(workspaceId: grant.workspaceId)
        return .json(.object(["changed": .array(changes.map { change in
            .object([
                "id": .string(change.id),
                "before": .object(["score": .integer(change.score), "stage": change.stage.map(JSONValue.string) ?? .null]),
                "after": .object(["score": .integer(change.defaultScore), "stage": change.defaultStage.map(JSONValue.string) ?? .null]),
            ])
        })]))
    }

    static func rejected(_ problems: [FieldError]) -> Problem {
        Problem(
            status: .unprocessableContent,
            detail: "The file has \(problems.count) problem(s); nothing was created. Each names its line (the header is line 1).",
            errors: problems)
    }
}

extension Response {
    /// A CSV file to download.
    static func csv(_ text: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
