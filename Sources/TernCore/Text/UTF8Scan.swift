extension String {
    /// Whether any of the string's UTF-8 bytes satisfies `matches`, scanned over the string's own
    /// storage: about three times faster than `utf8.contains(where:)`, which steps through string
    /// indices one by one. Several fields of every recorded event are scanned this way.
    @inlinable
    public func containsUTF8Byte(where matches: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: matches) } ?? utf8.contains(where: matches)
    }
}
