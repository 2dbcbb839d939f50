import Testing
import TernCore

struct EmailTests {
    @Test(arguments: [
        ("ada@example.com", "ada@example.com"),
        ("Ada.Lovelace@Example.COM", "ada.lovelace@example.com"),
        ("  ada@example.com\n", "ada@example.com"),
        ("ADA+tag@sub.example.co.uk", "ada+tag@sub.example.co.uk"),
    ])
    func addressIsTrimmedAndLowercased(raw: String, normalized: String) {
        #expect(Email.normalize(raw) == normalized)
    }

    @Test func addressesDifferingOnlyInCaseNormalizeEqual() {
        #expect(Email.normalize("ADA@EXAMPLE.COM") == Email.normalize("ada@example.com"))
    }

    @Test(arguments: [
        "", "   ", "ada", "ada.example.com", "@example.com", "ada@", "ada@example", "ada@.example.com",
        "ada@example.com.", "ada lovelace@example.com", "ada@exa mple.com", "ada@exam\tple.com", "ada@@example.com",
        "ada@lovelace@example.com", "ada\u{0}@example.com",
    ])
    func invalidAddressIsRejected(raw: String) {
        #expect(Email.normalize(raw) == nil)
    }

    @Test func addressLongerThan254BytesIsRejected() {
        let domain = "@example.com"
        let longest = String(repeating: "a", count: 254 - domain.count) + domain
        #expect(Email.normalize(longest) == longest)
        #expect(Email.normalize("a" + longest) == nil)
    }
}
