/// The database was migrated by a newer Tern than this one. Opening it is refused: this build
/// would miss what the newer migrations changed (a column moved, a table it never writes), so
/// with several nodes on one database a node left on an older version stops at start instead
/// of failing or writing the old shape request by request.
public struct SchemaTooNew: Error, Sendable, CustomStringConvertible {
    /// The applied migrations this build does not know, by name or version.
    public var unknownMigrations: [String]

    public var description: String {
        "the database was migrated by a newer version of tern (migrations this one does not know: "
            + unknownMigrations.joined(separator: ", ")
            + "); run that version or a later one, on every node"
    }
}
