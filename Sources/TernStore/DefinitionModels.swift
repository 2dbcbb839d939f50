import Foundation
import TernCore

/// A search of a workspace's tracking plan: filters combine with AND; results come system
/// definitions first, then by name ignoring case, a page at a time.
public struct DefinitionQuery: Sendable {
    public var workspaceId: Int64
    /// A substring of the id or the name, any case.
    public var search: String?
    public var group: GroupFilter?
    public var system: Bool?
    public var direction: Direction?
    public var limit: Int
    /// Where the previous page ended.
    public var cursor: DefinitionCursor?

    /// Which group the definitions must be in.
    public enum GroupFilter: Sendable, Equatable {
        case id(Int64)
        /// The group's name, any case.
        case name(String)
        case ungrouped
    }

    public init(
        workspaceId: Int64, search: String? = nil, group: GroupFilter? = nil, system: Bool? = nil,
        direction: Direction? = nil, limit: Int = 100, cursor: DefinitionCursor? = nil
    ) {
        self.workspaceId = workspaceId
        self.search = search
        self.group = group
        self.system = system
        self.direction = direction
        self.limit = limit
        self.cursor = cursor
    }
}

/// A position in the definition order: after the definition with this `system` flag and name.
public struct DefinitionCursor: Sendable, Equatable {
    public var system: Bool
    /// The lower-cased name, unique in a workspace.
    public var nameKey: String

    public init(system: Bool, nameKey: String) {
        self.system = system
        self.nameKey = nameKey
    }

    public init(after definition: EventDefinition) {
        self.init(system: definition.system, nameKey: definition.name.lowercased())
    }

    /// An opaque token for clients: `s.` (system) or `c.` (custom), then the name key in base64url.
    public var token: String {
        let encoded = Data(nameKey.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return (system ? "s." : "c.") + encoded
    }

    public init?(token: String) {
        guard token.utf8.count <= 1024 else { return nil }
        let system: Bool
        if token.hasPrefix("s.") { system = true } else if token.hasPrefix("c.") { system = false } else { return nil }
        var base64 = token.dropFirst(2).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let nameKey = String(data: data, encoding: .utf8) else { return nil }
        self.init(system: system, nameKey: nameKey)
    }
}

/// One page of definitions; `nextCursor` is the position after the last one (or the cursor
/// asked for, when the page is empty), `hasMore` says whether more matched.
public struct DefinitionPage: Sendable {
    public var definitions: [EventDefinition]
    public var nextCursor: DefinitionCursor?
    public var hasMore: Bool

    public init(definitions: [EventDefinition], nextCursor: DefinitionCursor?, hasMore: Bool) {
        self.definitions = definitions
        self.nextCursor = nextCursor
        self.hasMore = hasMore
    }
}

/// What creating a batch of definitions did: everything, or nothing because of the conflicts listed.
public enum DefinitionImportOutcome: Sendable, Equatable {
    /// Every definition was created; `groupsCreated` names the groups that did not exist before.
    case created(groupsCreated: [String])
    /// Nothing was written. `index` is the definition's position in the batch, `field` the member
    /// whose value is taken (`id` or `name`).
    case conflicts([BatchItemProblem])
}

/// A problem with one item of a batch request: its position, the member at fault and why.
public struct BatchItemProblem: Sendable, Equatable {
    public var index: Int
    public var field: String
    public var message: String

    public init(index: Int, field: String, message: String) {
        self.index = index
        self.field = field
        self.message = message
    }
}

/// What moving definitions into (or out of) a group did.
public enum DefinitionMoveOutcome: Sendable, Equatable {
    /// Every definition now is in the group (or in none).
    case moved(count: Int)
    /// There is no such group in the workspace; nothing moved.
    case noSuchGroup
    /// Some ids cannot be moved (unknown, or system definitions); nothing moved. `index` is the
    /// id's position in the request.
    case refused([BatchItemProblem])
}
