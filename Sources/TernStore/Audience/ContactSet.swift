/// A set of contact ids of one workspace, as a bitmap over the range of its contact ids.
///
/// Audiences combine sets of up to millions of contacts with `all`, `any` and `not`; over one
/// shared range those are loops over 64-bit words, and contact ids are dense (assigned in
/// order, never reused), so the bitmap is about one bit per contact.
///
/// ```swift
/// var everyone = ContactSet(ids: [3, 4, 7])   // the range 3…7
/// var some = everyone.emptyCopy()
/// some.insert(4)
/// everyone.subtract(some)                      // 3, 7
/// ```
public struct ContactSet: Sendable, Equatable {
    /// The smallest id the set can hold.
    public let base: Int64
    /// How many ids from `base` on it can hold.
    public let capacity: Int
    private var words: [UInt64]

    /// The set of `ids` (ascending), over the range they span.
    public init(ids: [Int64]) {
        let base = ids.first ?? 0
        self.base = base
        capacity = ids.last.map { Int($0 - base) + 1 } ?? 0
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
        for id in ids { insert(id) }
    }

    private init(base: Int64, capacity: Int, words: [UInt64]) {
        self.base = base
        self.capacity = capacity
        self.words = words
    }

    /// An empty set over the same range.
    public func emptyCopy() -> ContactSet {
        ContactSet(base: base, capacity: capacity, words: [UInt64](repeating: 0, count: words.count))
    }

    /// The position of `id` in the range, or nil outside it.
    @inline(__always) public func offset(of id: Int64) -> Int? {
        let offset = id &- base
        return offset >= 0 && offset < capacity ? Int(offset) : nil
    }

    /// Adds `id`; an id outside the range is not a contact of the set's universe and is ignored.
    @inline(__always) public mutating func insert(_ id: Int64) {
        guard let offset = offset(of: id) else { return }
        insert(offset: offset)
    }

    @inline(__always) public mutating func insert(offset: Int) {
        words[offset >> 6] |= 1 << UInt64(offset & 63)
    }

    @inline(__always) public func contains(offset: Int) -> Bool {
        words[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }

    public func contains(_ id: Int64) -> Bool {
        offset(of: id).map(contains(offset:)) ?? false
    }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public mutating func formIntersection(_ other: ContactSet) {
        precondition(other.base == base && other.capacity == capacity, "sets of one universe")
        for i in words.indices { words[i] &= other.words[i] }
    }

    public mutating func formUnion(_ other: ContactSet) {
        precondition(other.base == base && other.capacity == capacity, "sets of one universe")
        for i in words.indices { words[i] |= other.words[i] }
    }

    public mutating func subtract(_ other: ContactSet) {
        precondition(other.base == base && other.capacity == capacity, "sets of one universe")
        for i in words.indices { words[i] &= ~other.words[i] }
    }

    /// The members, ascending.
    public var ids: [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(count)
        for (i, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                ids.append(base + Int64(i << 6 + bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
        return ids
    }
}
