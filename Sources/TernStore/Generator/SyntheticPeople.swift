import Foundation

/// The generated customers: who they are (identifiers) and how they behave (how active, since
/// when, what they like). Everything about contact `i` comes from `(seed, i)` alone.
struct SyntheticPeople {
    struct Identity {
        var phone: String
        var email: String?
        var externalId: String?
    }

    struct Traits {
        var favouriteCategory: Int
        /// The chance that a product view puts the product in the cart: buyers and window shoppers.
        var cartChance: Double
        /// Registered customers (those with an externalId) sign up on their first visit, if it falls in the period.
        var registered: Bool
    }

    static let countries: [(prefix: String, weight: Double)] = [
        ("+4477", 30), ("+336", 22), ("+49151", 18), ("+346", 14), ("+120", 16),
    ]
    static let countryWeights = countries.map(\.weight).cumulativeSums()

    let seed: UInt64

    /// The phone is unique per contact: a bijection of `i` over eight digits (48,271 is prime to
    /// 10⁸) after a mobile prefix of one of five countries, so every number is E.164 and no two
    /// contacts share one. Email and externalId carry the same digits, so they are unique too.
    func identity(_ i: Int) -> Identity {
        var random = SeededRandom(seed: seed, stream: UInt64(i) &+ 0x1D_0000_0000)
        let number = (Int64(i) * 48_271 + Int64(seed % 100_000_000)) % 100_000_000
        let digits = String(100_000_000 + number).dropFirst()
        let phone = Self.countries[random.pick(cumulative: Self.countryWeights)].prefix + digits
        var email: String?
        if random.chance(0.85) {
            let first = SyntheticCatalog.firstNames[random.below(SyntheticCatalog.firstNames.count)]
            let last = SyntheticCatalog.lastNames[random.below(SyntheticCatalog.lastNames.count)]
            let domain = SyntheticCatalog.emailDomains[random.below(SyntheticCatalog.emailDomains.count)]
            email = "\(first).\(last).\(digits)@\(domain)"
        }
        return Identity(phone: phone, email: email, externalId: random.chance(0.5) ? "cus_\(digits)" : nil)
    }

    func traits(_ i: Int, identity: Identity) -> Traits {
        var random = SeededRandom(seed: seed, stream: UInt64(i) &+ 0x7A_0000_0000)
        return Traits(
            favouriteCategory: random.pick(cumulative: SyntheticCatalog.categoryWeights),
            cartChance: random.chance(0.3) ? 0.12 : 0.03,
            registered: identity.externalId != nil)
    }

    /// Relative activity: log-normal (σ = 1.4), so a few contacts are very active and most are rare.
    func activity(_ i: Int) -> Double {
        var random = SeededRandom(seed: seed, stream: UInt64(i) &+ 0xAC_0000_0000)
        return exp(1.4 * random.normal())
    }

    /// How many events each contact sends: at least one (the one that creates it), the rest
    /// shared by activity, summing to `events` exactly.
    func budgets(contacts: Int, events: Int) -> [Int] {
        let weights = (0..<contacts).map(activity)
        let total = weights.reduce(0, +)
        let extra = Double(events - contacts)
        var budgets = weights.map { 1 + Int((extra * $0 / total).rounded(.down)) }
        var left = events - budgets.reduce(0, +)
        // Rounding leaves fewer than `contacts` to hand out; a float error the other way takes some back.
        var i = 0
        while left != 0 {
            if left > 0 {
                budgets[i % contacts] += 1
                left -= 1
            } else if budgets[i % contacts] > 1 {
                budgets[i % contacts] -= 1
                left += 1
            }
            i += 1
        }
        return budgets
    }
}
