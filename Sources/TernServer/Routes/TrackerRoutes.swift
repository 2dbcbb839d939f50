import Foundation
import Hummingbird
import NIOCore

/// Serves the browser tracker, `tern.js`, written in this project (Resources/tern.js).
struct TrackerRoutes {
    static let script: String = {
        guard let url = Bundle.module.url(forResource: "tern", withExtension: "js"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "console.error('tern.js is missing from this build of Tern');" }
        return text
    }()

    func register(in table: RouteTable) {
        table.add(.get, "/tern.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: ByteBuffer(string: Self.script)))
        }
    }
}
