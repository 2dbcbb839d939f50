/// A system event whose score or stage a workspace had edited, and the defaults it goes back to.
public struct SystemDefaultChange: Sendable, Equatable {
    public var id: String
    public var score: Int
    public var stage: String?
    public var defaultScore: Int
    public var defaultStage: String?

    public init(id: String, score: Int, stage: String?, defaultScore: Int, defaultStage: String?) {
        self.id = id
        self.score = score
        self.stage = stage
        self.defaultScore = defaultScore
        self.defaultStage = defaultStage
    }
}

extension SystemCatalog {
    /// What restoring the defaults changes among `definitions`: every system event whose score or
    /// stage differs from the catalogue's, in catalogue order. Custom events are never touched.
    public static func changesToRestore(_ definitions: [EventDefinition]) -> [SystemDefaultChange] {
        let current = Dictionary(definitions.filter(\.system).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return SystemCatalog.definitions.compactMap { standard in
            guard let definition = current[standard.id],
                  definition.score != standard.score || definition.stage != standard.stage
            else { return nil }
            return SystemDefaultChange(
                id: standard.id, score: definition.score, stage: definition.stage,
                defaultScore: standard.score, defaultStage: standard.stage)
        }
    }
}
