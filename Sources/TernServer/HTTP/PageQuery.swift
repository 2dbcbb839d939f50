import Hummingbird
import TernCore
import TernStore

/// Reading page and filter parameters from the query string; a bad one is a 422 naming it.
enum PageQuery {
    static let defaultLimit = 100
    static let maximumLimit = 1000

    static func limit(_ request: Request) throws -> Int {
        guard let raw = request.query("limit") else { return defaultLimit }
        guard let limit = Int(raw), (1...maximumLimit).contains(limit) else {
            throw ValidationFailure(field: "limit", message: "must be an integer from 1 to \(maximumLimit)")
        }
        return limit
    }

    /// What a list answers, from `fetched`: the store was asked for `limit + 1` items, so one more
    /// than `limit` means another page follows. `nextCursor` names the last item shown, or repeats
    /// the request's cursor on an empty page.
    static func page<Item>(
        _ fetched: [Item], limit: Int, request: Request, cursor: (Item) -> String, json: ([Item]) async throws -> [JSONValue]
    ) async rethrows -> JSONValue {
        let items = Array(fetched.prefix(limit))
        let next = items.last.map(cursor) ?? request.query("cursor")
        return .object([
            "items": .array(try await json(items)), "nextCursor": next.map(JSONValue.string) ?? .null,
            "hasMore": .bool(fetched.count > limit),
        ])
    }

    static func time(_ request: Request, _ name: String) throws -> Int64? {
        guard let raw = request.query(name) else { return nil }
        if let millis = Timestamp.parseISO8601(raw) ?? Int64(raw).flatMap({ (0...Timestamp.maximum).contains($0) ? $0 : nil }) { return millis }
        throw ValidationFailure(field: name, message: "must be an ISO 8601 time with offset or epoch milliseconds")
    }
}

extension EventQuery {
    /// The filters common to event listings: `event`, `from` (inclusive), `to` (exclusive), `limit`, `cursor`.
    init(_ request: Request, workspaceId: Int64) throws {
        self.init(workspaceId: workspaceId)
        event = request.query("event")
        from = try PageQuery.time(request, "from")
        to = try PageQuery.time(request, "to")
        limit = try PageQuery.limit(request)
        if let token = request.query("cursor") {
            guard let cursor = EventCursor(token: token) else {
                throw ValidationFailure(field: "cursor", message: "is not a cursor returned by this API")
            }
            self.cursor = cursor
        }
    }
}
