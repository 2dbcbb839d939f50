/// The members of a JSON object, in the order they were written, each key once.
///
/// Members are found by comparing keys in turn, not by hashing: request objects hold a handful of
/// members (an event has about five), and a batch's events are each looked up a dozen times, so a
/// dictionary spent more hashing keys than anything it saved. Whatever works on every member at
/// once (``sortedMembers``, `==`) sorts them instead of looking each up, so a hostile object of
/// many thousands of members costs `n log n`, never `n²`.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    public private(set) var members: [Element]

    public init() { members = [] }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(lastOf: elements.map { (key: $0.0, value: $0.1) })
    }

    /// The dictionary's members, sorted by key.
    public init(_ dictionary: [String: JSONValue]) {
        members = dictionary.sorted { $0.key < $1.key }
    }

    /// Members whose keys the caller knows to be distinct (the parser checks them as it reads).
    init(distinct members: [Element]) {
        self.members = members
    }

    /// Members with the last of any repeated key, in the order of first appearance.
    private init(lastOf elements: [Element]) {
        members = []
        members.reserveCapacity(elements.count)
        for element in elements { self[element.key] = element.value }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var first: Element? { members.first }
    public var keys: [String] { members.map(\.key) }

    public func makeIterator() -> IndexingIterator<[Element]> { members.makeIterator() }

    /// The member's value; setting `nil` removes it, setting another value replaces it in place or
    /// adds it at the end.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        return members.remove(at: index).value
    }

    /// The members sorted by key: the order ``JSONWriter`` writes them in.
    public var sortedMembers: [Element] { members.sorted { $0.key < $1.key } }

    /// The members by key, for values kept that way (a contact's attributes).
    public var dictionary: [String: JSONValue] { mapValues { $0 } }

    public func mapValues<T>(_ transform: (JSONValue) throws -> T) rethrows -> [String: T] {
        var result: [String: T] = [:]
        result.reserveCapacity(members.count)
        for (key, value) in members { result[key] = try transform(value) }
        return result
    }

    public func compactMapValues<T>(_ transform: (JSONValue) throws -> T?) rethrows -> [String: T] {
        var result: [String: T] = [:]
        for (key, value) in members { if let mapped = try transform(value) { result[key] = mapped } }
        return result
    }

    /// The same members, whatever their order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs.sortedMembers, rhs.sortedMembers).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
