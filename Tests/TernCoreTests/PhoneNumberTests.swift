import Testing
import TernCore

struct PhoneNumberTests {
    @Test(arguments: [
        ("+1 (555) 123-4567", "+15551234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+49-30-1234567", "+49301234567"),
        ("  +33 1 23 45 67 89  ", "+33123456789"),
        ("+(61) 2 9876-5432", "+61298765432"),
        ("+15551234567", "+15551234567"),
    ])
    func spacesDashesAndParenthesesAreRemoved(raw: String, normalized: String) throws {
        #expect(try PhoneNumber.normalize(raw).get() == normalized)
    }

    @Test func eightDigitsIsTheShortestAccepted() throws {
        #expect(try PhoneNumber.normalize("+12345678").get() == "+12345678")
        #expect((try? PhoneNumber.normalize("+1234567").get()) == nil)
    }

    @Test func fifteenDigitsIsTheLongestAccepted() throws {
        #expect(try PhoneNumber.normalize("+123456789012345").get() == "+123456789012345")
        #expect((try? PhoneNumber.normalize("+1234567890123456").get()) == nil)
    }

    @Test(arguments: [
        "", "+", "15551234567", "0044 20 7946 0958", "+0044 20 7946 0958", "+0 555 123 4567", "+1 555 CALL NOW",
        "+1 555 123 456x", "+44.20.7946.0958", "+44/20/7946/0958", "++4412345678", "+44 20 7946 0958 ext 1",
        "+44\t2079460958", "+44_2079460958", "+١٢٣٤٥٦٧٨٩", "+１２３４５６７８９", "+1555123+4567", "tel:+15551234567",
    ])
    func numberThatIsNotE164IsRejected(raw: String) {
        #expect(PhoneNumber.normalize(raw).failure == FieldMessage("must be in E.164 form: + and 8 to 15 digits"))
    }
}
