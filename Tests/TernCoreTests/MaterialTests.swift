import TernCore
import Testing

@Suite struct MaterialTests {
    @Test func idsAreURLSafeAndStartWithALetterOrDigit() {
        for id in ["welcome", "Tpl_42", "p-1.html", "a~b", "9", String(repeating: "x", count: 128)] {
            #expect(MaterialID.isValid(id), "\(id)")
        }
        for id in ["", ".hidden", "-x", "~x", "a/b", "a b", "a%20b", "é", "a\u{0}", String(repeating: "x", count: 129)] {
            #expect(!MaterialID.isValid(id), "\(id)")
        }
    }

    @Test func anEventsOwnTagsComeFirstAndEachTagOnce() {
        #expect(ContentTags.union(["shoes", "red"], ["sale", "shoes"]) == ["shoes", "red", "sale"])
        #expect(ContentTags.union([], ["sale"]) == ["sale"])
    }

    @Test func aMaterialNeedsANameAndTagsFollowTheEventsRule() throws {
        let input = try Material.input(from: JSONParser.parse(#"{"name": " Welcome ", "contentTags": ["a", "a", "b"]}"#))
        #expect(input.name == "Welcome" && input.contentTags == ["a", "b"])
        #expect(throws: ValidationFailure.self) { try Material.input(from: JSONParser.parse(#"{"contentTags": []}"#)) }
    }
}
