import TernCore

/// Turns a ``PlannedEvent`` into the JSON object a client would send to `POST /v1/events/batch`,
/// so that generated events go through the same ``EventValidator`` as every other event.
enum SyntheticEvents {
    typealias Plan = SyntheticTrackingPlan

    /// `identity` is the contact's: all of it on its first event, only the phone on later ones.
    static func json(_ event: PlannedEvent, identity: SyntheticPeople.Identity) -> JSONValue {
        var object: JSONObject = ["time": .integer(event.time), "phone": .string(identity.phone)]
        if event.first {
            if let email = identity.email { object["email"] = .string(email) }
            if let externalId = identity.externalId { object["externalId"] = .string(externalId) }
        }
        let (name, properties, tags) = content(event)
        object["event"] = .string(name)
        object["properties"] = .object(properties)
        if !tags.isEmpty { object["contentTags"] = .array(tags.map(JSONValue.string)) }
        return .object(object)
    }

    private static func content(_ event: PlannedEvent) -> (String, JSONObject, [String]) {
        let detail = Int(event.detail), extra = Int(event.extra), aux = Int(event.aux)
        switch event.kind {
        case .pageViewed:
            return page(PlannedEvent.Page(rawValue: event.extra) ?? .landing, detail: detail, aux: aux)
        case .productViewed:
            let product = SyntheticCatalog.product(detail)
            let category = SyntheticCatalog.categories[product.category].name
            return (Plan.productViewed, [
                "cl_product_id": .string(product.id), "cl_category": .string(category), "cl_price": decimal(product.price),
                "cl_url": .string(SyntheticCatalog.host + product.path),
            ], [category])
        case .addedToCart:
            let product = SyntheticCatalog.product(detail)
            let category = SyntheticCatalog.categories[product.category].name
            return (Plan.addedToCart, [
                "cl_product_id": .string(product.id), "cl_category": .string(category), "cl_price": decimal(product.price),
                "cl_quantity": .integer(extra),
            ], [category])
        case .checkoutStarted:
            return (Plan.checkoutStarted, ["cl_cart_value": decimal(Int64(detail)), "cl_items": .integer(extra)], [])
        case .orderCompleted:
            let deliveryDay = (event.time / DailyRhythm.day + Int64(aux >> 4)) * DailyRhythm.day + 12 * DailyRhythm.hour
            return (Plan.orderCompleted, [
                "cl_order_id": .string("ord_\(event.contact)_\(event.time / 1000)"), "cl_price": decimal(Int64(detail)),
                "cl_items": .integer(extra & 31), "cl_payment": .string(SyntheticCatalog.payments[aux & 15]),
                "cl_delivery_date": .string(Timestamp.iso8601(deliveryDay)),
            ], [SyntheticCatalog.categories[extra >> 5].name])
        case .searched:
            return (Plan.searched, [
                "cl_query": .string(SyntheticCatalog.searchTerms[detail]), "cl_results": .integer(aux),
            ], [])
        case .messageSent:
            return ("message_sent", [
                "message_id": .string("msg_\(event.contact)_\(detail)"), "template": .string(SyntheticCatalog.templates[extra]),
                "channel": .string(SyntheticCatalog.channels[aux]),
            ], [])
        case .messageDelivered, .messageRead:
            return (event.kind == .messageRead ? "message_read" : "message_delivered", [
                "message_id": .string("msg_\(event.contact)_\(detail)"), "channel": .string(SyntheticCatalog.channels[aux]),
            ], [])
        case .messageClicked:
            return (Plan.messageClicked, [
                "cl_template": .string(SyntheticCatalog.templates[extra]),
                "cl_url": .string(
                    SyntheticCatalog.host + "/c/\(SyntheticCatalog.campaigns[extra])" + campaignQuery(template: extra, channel: aux)),
                "channel": .string(SyntheticCatalog.channels[aux]), "campaign": .string(SyntheticCatalog.campaigns[extra]),
                "source": .string("tern"),
            ], [])
        case .signedUp:
            return (Plan.signedUp, [
                "cl_method": .string(SyntheticCatalog.signUpMethods[extra]), "cl_plan": .string(SyntheticCatalog.plans[aux]),
            ], [])
        }
    }

    private static func page(_ page: PlannedEvent.Page, detail: Int, aux: Int) -> (String, JSONObject, [String]) {
        var tags: [String] = []
        var properties: JSONObject = [:]
        let path: String, title: String
        var query = ""
        switch page {
        case .landing where aux & 16 != 0:
            let template = (aux >> 8) & 15, channel = (aux >> 12) & 15
            path = "/c/\(SyntheticCatalog.campaigns[template])"
            title = "Tern Shop"
            query = campaignQuery(template: template, channel: channel)
            properties["source"] = .string("tern")
            properties["campaign"] = .string(SyntheticCatalog.campaigns[template])
            properties["channel"] = .string(SyntheticCatalog.channels[channel])
        case .landing:
            (path, title) = SyntheticCatalog.landingPages[detail]
        case .category:
            let category = SyntheticCatalog.categories[detail]
            path = "/c/\(category.name)"
            title = "\(category.title) | Tern Shop"
            tags = [category.name]
        case .product:
            let product = SyntheticCatalog.product(detail)
            let category = SyntheticCatalog.categories[product.category]
            path = product.path
            title = "\(category.title) \(product.id) | Tern Shop"
            tags = [category.name]
        case .search:
            let term = SyntheticCatalog.searchTerms[detail]
            path = "/search"
            title = "\(term) | Tern Shop"
            query = "?q=" + term.replacingSpaces()
        case .checkout:
            (path, title) = ("/checkout", "Checkout | Tern Shop")
        case .confirmation:
            (path, title) = ("/checkout/thank-you", "Thank you | Tern Shop")
        }
        properties["url"] = .string(SyntheticCatalog.host + path + query)
        properties["path"] = .string(path)
        properties["title"] = .string(title)
        if aux & 16 == 0, aux & 15 > 0 { properties["referrer"] = .string(SyntheticCatalog.referrers[(aux & 15) - 1]) }
        return ("page_viewed", properties, tags)
    }

    /// The query string of a campaign's links, as marketing tools write them.
    static func campaignQuery(template: Int, channel: Int) -> String {
        "?utm_source=tern&utm_medium=\(SyntheticCatalog.channels[channel])&utm_campaign=\(SyntheticCatalog.campaigns[template])"
    }

    /// Tenths as a JSON number literal with at most one decimal place.
    static func decimal(_ tenths: Int64) -> JSONValue {
        tenths % 10 == 0 ? .integer(tenths / 10) : .number("\(tenths / 10).\(tenths % 10)")
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { String(map { $0 == " " ? "+" : $0 }) }
}
