/// One event to send, compact (24 bytes), so ten million fit in memory and can be sorted by time:
/// what it is about is packed into `detail`, `extra` and `aux`, read back by ``SyntheticEvents``.
struct PlannedEvent: Sendable {
    enum Kind: UInt8, Sendable {
        case pageViewed, productViewed, addedToCart, checkoutStarted, orderCompleted, searched
        case messageSent, messageDelivered, messageRead, messageClicked, signedUp
    }

    /// The kinds of page a `page_viewed` shows (in `extra`).
    enum Page: UInt8 {
        case landing, category, product, search, checkout, confirmation
    }

    var time: Int64
    var contact: UInt32
    var detail: UInt32
    var kind: Kind
    var extra: UInt8 = 0
    var aux: UInt16 = 0
    /// The contact's first event, which carries all its identifiers and creates it.
    var first = false
}

/// Plans each contact's sessions: browsing with product views, searches and carts that lead to
/// checkouts and orders (minutes to days later, with drop-off at every step), and messages that are
/// delivered, read and clicked through to a visit. Sessions start at times drawn from the
/// ``DailyRhythm`` over the contact's active span.
struct SyntheticActivity {
    let start: Int64
    let end: Int64
    let rhythm = DailyRhythm()

    /// Exactly `budget` events of one contact, none after `end`: the last session is cut short
    /// when the budget runs out (its latest events are dropped), and sessions are drawn until it does.
    func plan(contact: Int, budget: Int, traits: SyntheticPeople.Traits, seed: UInt64, into events: inout [PlannedEvent]) {
        var random = SeededRandom(seed: seed, stream: UInt64(contact) &+ 0x5E55_1015)
        // About half the contacts were already customers when the period began; the others arrive
        // during it, on a first visit (where the registered ones sign up).
        let existing = random.chance(0.45)
        let joined = existing ? start + 1 : rhythm.time(from: start + 1, to: max(start + 1, end - DailyRhythm.hour * 2), &random)
        var session = Session(contact: UInt32(contact), traits: traits, end: end)
        var remaining = budget
        var firstVisit = !existing
        while remaining > 0 {
            session.events.removeAll(keepingCapacity: true)
            let time = firstVisit ? joined : rhythm.time(from: joined, to: end, &random)
            if firstVisit {
                session.browse(at: time, signUp: traits.registered, campaign: nil, &random)
                firstVisit = false
            } else if random.chance(0.16) {
                session.message(at: time, &random)
            } else {
                session.browse(at: time, signUp: false, campaign: nil, &random)
            }
            session.events.sort { $0.time < $1.time }
            for event in session.events where event.time <= end && remaining > 0 {
                events.append(event)
                remaining -= 1
            }
        }
    }

    /// The events of one session, in the order generated (sorted before use).
    struct Session {
        let contact: UInt32
        let traits: SyntheticPeople.Traits
        let end: Int64
        var events: [PlannedEvent] = []
        var messages: UInt32 = 0

        mutating func add(_ kind: PlannedEvent.Kind, _ time: Int64, detail: Int = 0, extra: Int = 0, aux: Int = 0) {
            events.append(PlannedEvent(
                time: time, contact: contact, detail: UInt32(detail), kind: kind, extra: UInt8(extra), aux: UInt16(aux)))
        }

        mutating func page(_ page: PlannedEvent.Page, _ time: Int64, detail: Int = 0, aux: Int = 0) {
            add(.pageViewed, time, detail: detail, extra: Int(page.rawValue), aux: aux)
        }

        /// A visit. `campaign` (template index) when it follows a clicked message; otherwise a third of
        /// the visits come from another site (`aux` holds the referrer + 1).
        mutating func browse(at start: Int64, signUp: Bool, campaign: (template: Int, channel: Int)?, _ random: inout SeededRandom) {
            var time = start
            if let campaign {
                page(.landing, time, aux: 1 << 4 | campaign.template << 8 | campaign.channel << 12)
            } else {
                let referrer = random.chance(0.35) ? 1 + random.below(SyntheticCatalog.referrers.count) : 0
                let entry = random.unit()
                if entry < 0.6 {
                    page(.landing, time, detail: random.below(SyntheticCatalog.landingPages.count), aux: referrer)
                } else if entry < 0.85 {
                    page(.category, time, detail: category(&random), aux: referrer)
                } else {
                    viewProduct(at: time, referrer: referrer, &random)
                }
            }
            if signUp {
                time += random.within(30, 300) * Self.second
                add(.signedUp, time, extra: random.below(SyntheticCatalog.signUpMethods.count), aux: random.below(SyntheticCatalog.plans.count))
            }
            var cart: [(product: Int, quantity: Int)] = []
            // A geometric number of further pages: 3.5 on average.
            while random.chance(0.78), events.count < 60 {
                time += Self.gap(&random)
                let step = random.unit()
                if step < 0.5 {
                    let product = viewProduct(at: time, referrer: 0, &random)
                    if random.chance(traits.cartChance) {
                        time += random.within(20, 240) * Self.second
                        let quantity = random.chance(0.8) ? 1 : random.chance(0.75) ? 2 : 3
                        add(.addedToCart, time, detail: product, extra: quantity)
                        cart.append((product, quantity))
                    }
                } else if step < 0.62 {
                    let term = random.below(SyntheticCatalog.searchTerms.count)
                    add(.searched, time, detail: term, aux: Int(random.within(0, 240)))
                    page(.search, time + random.within(200, 900), detail: term)
                } else if step < 0.85 {
                    page(.category, time, detail: category(&random))
                } else {
                    page(.landing, time, detail: random.below(SyntheticCatalog.landingPages.count))
                }
            }
            if !cart.isEmpty, random.chance(0.55) { checkout(after: time, cart: cart, &random) }
        }

        /// Checkout minutes, hours or days after the last page (some after the 7-day funnel window),
        /// and for most an order a few minutes later, sometimes the next day.
        mutating func checkout(after time: Int64, cart: [(product: Int, quantity: Int)], _ random: inout SeededRandom) {
            let delay: Int64
            switch random.unit() {
            case ..<0.6: delay = random.within(1, 20) * Self.minute
            case ..<0.85: delay = random.within(60, 12 * 60) * Self.minute
            default: delay = random.within(24 * 60, 10 * 24 * 60) * Self.minute
            }
            let started = time + delay + random.within(0, 59_999)
            let value = cart.reduce(0) { $0 + SyntheticCatalog.product($1.product).price * Int64($1.quantity) }
            let items = min(cart.reduce(0) { $0 + $1.quantity }, 31)
            let category = SyntheticCatalog.product(cart[cart.count - 1].product).category
            page(.checkout, started)
            add(.checkoutStarted, started + random.within(500, 3_000), detail: Int(value), extra: items)
            guard random.chance(0.72) else { return }
            let ordered = started + (random.chance(0.85) ? random.within(2, 15) * Self.minute : random.within(60, 36 * 60) * Self.minute)
                + random.within(0, 59_999)
            let payment = random.below(SyntheticCatalog.payments.count)
            let delivery = Int(random.within(2, 6))
            add(.orderCompleted, ordered, detail: Int(value), extra: items | category << 5, aux: payment | delivery << 4)
            page(.confirmation, ordered + random.within(300, 1_500))
        }

        /// A message sent to the contact: delivered, often read (never for SMS), sometimes clicked,
        /// which starts a visit from the campaign.
        mutating func message(at start: Int64, _ random: inout SeededRandom) {
            messages += 1
            let template = random.below(SyntheticCatalog.templates.count)
            let channel = random.pick(cumulative: [50.0, 85, 100])
            let id = Int(messages)
            add(.messageSent, start, detail: id, extra: template, aux: channel)
            guard random.chance(0.95) else { return }
            var time = start + random.within(2_000, 40_000)
            add(.messageDelivered, time, detail: id, extra: template, aux: channel)
            let readChance = [0.7, 0.35, 0.0][channel]
            if random.chance(readChance) {
                time += random.chance(0.5) ? random.within(1, 15) * Self.minute : random.within(15, 8 * 60) * Self.minute
                add(.messageRead, time, detail: id, extra: template, aux: channel)
            }
            guard random.chance(readChance > 0 ? readChance * 0.25 : 0.04) else { return }
            time += random.within(5, 180) * Self.second
            add(.messageClicked, time, detail: id, extra: template, aux: channel)
            browse(at: time + random.within(3, 20) * Self.second, signUp: false, campaign: (template, channel), &random)
        }

        /// A product page and its `cl_product_viewed`; returns the product.
        @discardableResult
        mutating func viewProduct(at time: Int64, referrer: Int, _ random: inout SeededRandom) -> Int {
            let product = SyntheticCatalog.product(in: category(&random), &random)
            page(.product, time, detail: product, aux: referrer)
            add(.productViewed, time + random.within(300, 2_500), detail: product)
            return product
        }

        /// The contact's favourite category two times in three, otherwise any by popularity.
        func category(_ random: inout SeededRandom) -> Int {
            random.chance(0.65) ? traits.favouriteCategory : random.pick(cumulative: SyntheticCatalog.categoryWeights)
        }

        /// Seconds between pages: mostly 10 to 60, now and then a few minutes.
        static func gap(_ random: inout SeededRandom) -> Int64 {
            random.chance(0.85) ? random.within(8_000, 60_000) : random.within(60_000, 600_000)
        }

        static let second: Int64 = 1_000
        static let minute: Int64 = 60_000
    }
}
