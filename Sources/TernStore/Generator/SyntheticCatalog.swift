/// What the generated shop sells and says: categories (also the content tags), products, search
/// terms, message templates. Products are numbered; everything about one is derived from its number.
enum SyntheticCatalog {
    static let host = "https://shop.example.com"
    static let productCount = 2_000

    /// Categories by popularity, with a typical price in tenths.
    static let categories: [(name: String, title: String, price: Int64)] = [
        ("shoes", "Shoes", 790), ("dresses", "Dresses", 650), ("jackets", "Jackets", 1_290), ("bags", "Bags", 890),
        ("accessories", "Accessories", 240), ("sportswear", "Sportswear", 450), ("kids", "Kids", 320), ("home", "Home", 390),
    ]
    static let categoryWeights = [22.0, 18, 12, 11, 13, 10, 8, 6].cumulativeSums()

    struct Product {
        var number: Int
        var category: Int
        /// Tenths.
        var price: Int64
        var id: String { "SKU-\(String(100_000 + number).dropFirst())" }
        var path: String { "/p/\(SyntheticCatalog.categories[category].name)-\(String(100_000 + number).dropFirst())" }
    }

    /// Products of a category are numbers `category, category + 8, …`; the lowest are the best sellers.
    static func product(_ number: Int) -> Product {
        let category = number % categories.count
        var random = SeededRandom(seed: 0x5EED_CA7A_1060, stream: UInt64(number))
        // Prices spread around the category's typical price, rounded to 0.5 and ending in .9 or .5.
        let factor = 0.35 + 1.6 * random.unit() * random.unit()
        let price = max(49, Int64(Double(categories[category].price) * factor) / 5 * 5 + (random.chance(0.7) ? 4 : 0))
        return Product(number: number, category: category, price: price)
    }

    /// A product of the category, skewed towards its best sellers.
    static func product(in category: Int, _ random: inout SeededRandom) -> Int {
        let perCategory = productCount / categories.count
        let rank = Int(Double(perCategory) * pow3(random.unit()))
        return min(rank, perCategory - 1) * categories.count + category
    }

    private static func pow3(_ x: Double) -> Double { x * x * x }

    static let searchTerms = [
        "running shoes", "white sneakers", "summer dress", "rain jacket", "leather bag", "wallet", "sunglasses",
        "yoga pants", "kids shoes", "winter coat", "linen shirt", "backpack", "sandals", "scarf", "hoodie", "boots",
        "denim jacket", "tote bag", "gift card", "sale", "cushion", "candle", "trainers", "party dress",
    ]
    static let landingPages: [(path: String, title: String)] = [
        ("/", "Tern Shop"), ("/sale", "Sale | Tern Shop"), ("/new", "New in | Tern Shop"), ("/blog/spring-looks", "Spring looks | Tern Shop"),
    ]
    static let referrers = [
        "https://www.google.com/", "https://www.instagram.com/", "https://www.facebook.com/", "https://www.bing.com/",
        "https://www.pinterest.com/",
    ]
    static let templates = ["welcome", "abandoned_cart", "back_in_stock", "weekly_picks", "order_shipped", "spring_sale"]
    static let campaigns = ["welcome", "abandoned-cart", "back-in-stock", "weekly-picks", "order-shipped", "spring-sale"]
    static let channels = ["whatsapp", "email", "sms"]
    static let payments = ["card", "paypal", "apple_pay", "klarna"]
    static let signUpMethods = ["email", "google", "apple"]
    static let plans = ["free", "member", "vip"]

    static let firstNames = [
        "ada", "alan", "grace", "linus", "margaret", "dennis", "barbara", "ken", "frances", "john", "radia", "tim",
        "sophie", "lucas", "emma", "noah", "mia", "leo", "lena", "paul", "ines", "hugo", "clara", "omar", "yara", "sami",
    ]
    static let lastNames = [
        "lovelace", "turing", "hopper", "torvalds", "hamilton", "ritchie", "liskov", "thompson", "allen", "backus",
        "perlman", "berners", "martin", "bernard", "dubois", "garcia", "muller", "schmidt", "rossi", "silva", "khan", "novak",
    ]
    static let emailDomains = ["example.com", "example.org", "example.net", "mail.example.com"]
}
