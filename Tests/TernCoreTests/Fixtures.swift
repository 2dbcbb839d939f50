import TernCore

/// Shared fixtures for the TernCore tests: a small tracking plan, a fixed clock and helpers
/// that turn JSON text into values and failures into the fields they name.
enum Fixture {
    /// 2026-11-25T09:00:00Z (`date -u -d 2026-11-25T09:00:00Z +%s` is 1795597200).
    static let now: Int64 = 1_795_597_200_000

    static let hour: Int64 = 3_600_000

    /// An inbound custom event with one property of every type.
    static let purchase = EventDefinition(
        id: "cl_purchase", name: "Purchase", direction: .inbound, score: 10, stage: "customer",
        properties: [
            PropertyDefinition(id: "cl_price", name: "Price", type: .number),
            PropertyDefinition(id: "cl_sku", name: "SKU", type: .string),
            PropertyDefinition(id: "cl_paid_at", name: "Paid at", type: .timestamp),
            PropertyDefinition(id: "cl_receipt", name: "Receipt", type: .url),
        ],
        createdAt: 1_000, updatedAt: 2_000)

    /// An outbound custom event.
    static let reminder = EventDefinition(id: "cl_reminder_sent", name: "Reminder sent", direction: .outbound)

    static let validator = EventValidator(definitions: SystemCatalog.definitions + [purchase, reminder])
}

/// Parses JSON text written in a test; a syntax error fails the test that wrote it.
func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

extension ValidationFailure {
    /// The paths of every broken rule, in the order they were reported.
    var fields: [String] { errors.map(\.field) }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// SplitMix64: a seeded generator, so property-style tests check the same values on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
