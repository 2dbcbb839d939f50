import TernCore
import TernStore

/// Whole-value replacement, for tests that set up a definition or a segment as they want it; the
/// server changes them only through the transactional `update…(workspaceId:id:_:)`.
extension Store {
    /// Replaces a definition with `definition`; throws ``StoreError/notFound`` if there is none.
    public func updateDefinition(_ definition: EventDefinition, workspaceId: Int64) async throws {
        guard try await updateDefinition(workspaceId: workspaceId, id: definition.id, { _ in definition }) != nil else {
            throw StoreError.notFound
        }
    }

    /// Replaces the segment with the same id; nil if there is none.
    public func updateSavedSegment(_ segment: SavedSegment, workspaceId: Int64) async throws -> SavedSegment? {
        try await updateSavedSegment(workspaceId: workspaceId, id: segment.id) { _ in segment }
    }
}
