/// One broken rule in a request, named by the JSON path of the offending field
/// (`events[3].properties.cl_price`).
public struct FieldError: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// A request whose content broke one or more rules; rendered as 422 with every error.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public init(field: String, message: String) {
        self.errors = [FieldError(field: field, message: message)]
    }
}

/// Builds a JSON path one member or index at a time.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public private(set) var description: String

    public init(_ root: String = "") { description = root }

    public func member(_ name: String) -> FieldPath {
        FieldPath(description.isEmpty ? name : "\(description).\(name)")
    }

    public func index(_ i: Int) -> FieldPath {
        FieldPath("\(description)[\(i)]")
    }

    /// The path of a member, as a string.
    public func callAsFunction(_ name: String) -> String { member(name).description }
}
