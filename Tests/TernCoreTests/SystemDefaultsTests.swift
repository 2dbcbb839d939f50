import Testing
import TernCore

/// What restoring the system events' defaults changes.
struct SystemDefaultsTests {
    @Test func anUntouchedCatalogueNeedsNoChange() {
        #expect(SystemCatalog.changesToRestore(SystemCatalog.definitions).isEmpty)
    }

    @Test func editedScoresAndStagesAreReportedWithTheirDefaults() {
        var definitions = SystemCatalog.definitions
        let pageViewed = definitions.firstIndex { $0.id == "page_viewed" }!
        definitions[pageViewed].score = 4
        definitions[pageViewed].stage = "engaged"
        let formSubmitted = definitions.firstIndex { $0.id == "form_submitted" }!
        definitions[formSubmitted].stage = nil
        #expect(SystemCatalog.changesToRestore(definitions) == [
            SystemDefaultChange(id: "page_viewed", score: 4, stage: "engaged", defaultScore: 1, defaultStage: nil),
            SystemDefaultChange(id: "form_submitted", score: 5, stage: nil, defaultScore: 5, defaultStage: "lead"),
        ])
    }

    @Test func customEventsAreNeverChanged() {
        var custom = Fixture.purchase
        custom.score = 99
        #expect(SystemCatalog.changesToRestore(SystemCatalog.definitions + [custom]).isEmpty)
    }
}
