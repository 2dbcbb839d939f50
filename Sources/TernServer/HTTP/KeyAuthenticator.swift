import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TernStore

/// Finds the workspace and scope of the key a request presents.
///
/// Admin keys come as `Authorization: Bearer KEY`. Write keys may also come Segment-style,
/// as HTTP Basic with the key as user name, so that SDKs work unchanged.
/// Grants are cached in memory by key hash: keys never change workspace or scope.
final class KeyAuthenticator: Sendable {
    private let store: any Store
    private let cache = Mutex<[String: KeyGrant]>([:])
    private static let cacheLimit = 10_000

    init(store: any Store) { self.store = store }

    /// The grant of an admin key; 401 without a valid key, 403 for a write key.
    func admin(_ request: Request) async throws -> KeyGrant {
        let grant = try await authenticate(request)
        guard grant.scope == .admin else {
            throw Problem.forbidden("A write key can only send events; this route needs an admin key.")
        }
        return grant
    }

    /// The grant of any valid key, write or admin; `bodyKey` is Segment's fallback, a `writeKey`
    /// member of the body, used when there is no Authorization header.
    func writer(_ request: Request, bodyKey: String? = nil) async throws -> KeyGrant {
        try await authenticate(request, bodyKey: bodyKey)
    }

    private func authenticate(_ request: Request, bodyKey: String? = nil) async throws -> KeyGrant {
        guard let key = Self.presentedKey(request.headers[.authorization]) ?? bodyKey.flatMap({ $0.isEmpty || $0.count > 200 ? nil : $0 }) else {
            throw Problem.unauthorized("Missing or malformed Authorization header; send Authorization: Bearer <key>.")
        }
        let hash = APIKey.hash(key)
        if let grant = cache.withLock({ $0[hash] }) { return grant }
        guard let grant = try await store.grant(forKey: key) else {
            throw Problem.unauthorized("The key is not valid.")
        }
        cache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll() }
            cache[hash] = grant
        }
        return grant
    }

    static func presentedKey(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let scheme = parts[0].lowercased(), value = parts[1].trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "bearer":
            return value.isEmpty || value.count > 200 ? nil : value
        case "basic":
            guard value.count <= 400, let data = Data(base64Encoded: value),
                  let decoded = String(data: data, encoding: .utf8)
            else { return nil }
            let user = decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            return user.isEmpty ? nil : user
        default:
            return nil
        }
    }
}
