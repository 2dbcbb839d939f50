import Testing
import TernCore

struct ContactIDTests {
    @Test func parsesPublicContactID() {
        #expect(ContactID.parse("ct_12") == 12)
    }

    @Test func formatsStoredIntegerAsPublicID() {
        #expect(ContactID.format(12) == "ct_12")
    }

    @Test func largestStoredIntegerParses() {
        #expect(ContactID.parse("ct_9223372036854775807") == Int64.max)
    }

    @Test func parseOfFormatGivesBackRandomIDs() {
        var generator = SeededGenerator(seed: 12)
        for _ in 0..<1_000 {
            let id = Int64.random(in: 1...Int64.max, using: &generator)
            #expect(ContactID.parse(ContactID.format(id)) == id)
        }
    }

    @Test(arguments: [
        "", "ct_", "12", "ct_0", "ct_-1", "CT_12", "ct-12", "ev_12", "ct_12a", "ct_ 12", "ct_12 ", " ct_12", "ct_1.5",
        "ct_9223372036854775808", "ct_+12", "ct_012", "ct_١٢",
    ])
    func malformedContactIDIsRejected(text: String) {
        #expect(ContactID.parse(text) == nil)
    }

    @Test func eventIDsFollowTheSameRulesWithTheirOwnPrefix() {
        #expect(EventID.format(7) == "ev_7")
        #expect(EventID.parse("ev_7") == 7)
        #expect(EventID.parse("ct_7") == nil)
        #expect(EventID.parse("ev_0") == nil)
        #expect(EventID.parse("ev_+7") == nil)
        #expect(EventID.parse("ev_07") == nil)
    }
}
