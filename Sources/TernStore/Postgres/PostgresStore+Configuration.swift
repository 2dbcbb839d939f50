import Foundation
import PostgresNIO

extension PostgresStore {
    /// Where the database is and how to reach it, read from a libpq-style URL:
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable`.
    ///
    /// A Unix socket is named by a directory in `host`, as libpq does:
    /// `postgres://tern@/tern?host=/var/run/postgresql` connects to `/var/run/postgresql/.s.PGSQL.5432`.
    /// `sslmode` is `disable`, `prefer` (the default; like libpq, encrypts without checking the certificate),
    /// `require` (the same, but refuses a server without TLS), `verify-ca` or `verify-full`.
    /// Two keys are Tern's own: `search_path` puts Tern's tables in that schema (created if missing),
    /// `pool_size` caps the node's connections (default 20), to keep many nodes under the server's
    /// `max_connections`.
    public struct Configuration: Sendable {
        public var client: PostgresClient.Configuration
        /// The schema holding Tern's tables; nil for the server's default (`public`).
        public private(set) var schema: String?
        /// How long a request waits for a connection before the store answers
        /// ``StoreError/unavailable`` (`?pool_timeout=SECONDS`): PostgresNIO's pool itself waits for
        /// as long as the database is away.
        public var leaseTimeout: Duration = .seconds(10)

        public init(url text: String) throws(ConfigurationError) {
            guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
                throw ConfigurationError("a PostgreSQL URL starts with postgres:// or postgresql://")
            }
            let parameters = Dictionary(
                (url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
            let username = url.user.flatMap { $0.removingPercentEncoding } ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
            let password = url.password.flatMap { $0.removingPercentEncoding }
            let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
            let database = path.isEmpty ? nil : path.removingPercentEncoding
            let port = url.port ?? parameters["port"].flatMap(Int.init) ?? 5432
            let host = url.host.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 } ?? parameters["host"]
            if let host, host.hasPrefix("/") {
                client = PostgresClient.Configuration(
                    unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: username, password: password, database: database)
            } else {
                client = PostgresClient.Configuration(
                    host: host ?? "127.0.0.1", port: port, username: username, password: password, database: database,
                    tls: .disable)
            }
            client.tls = try Self.tls(parameters["sslmode"] ?? "prefer", unixSocket: host?.hasPrefix("/") ?? false)
            if let schema = parameters["search_path"] { try setSchema(schema) }
            if let size = parameters["pool_size"] {
                guard let size = Int(size), (1...1000).contains(size) else {
                    throw ConfigurationError("pool_size must be a number of connections from 1 to 1000")
                }
                client.options.maximumConnections = size
            }
            if let seconds = parameters["pool_timeout"] {
                guard let seconds = Int(seconds), (1...600).contains(seconds) else {
                    throw ConfigurationError("pool_timeout must be a number of seconds from 1 to 600")
                }
                leaseTimeout = .seconds(seconds)
            }
            if let name = parameters["application_name"] {
                client.options.additionalStartupParameters.append(("application_name", name))
            }
        }

        /// Keeps Tern's tables in `schema` (created at start if missing): letters, digits and `_`.
        public mutating func setSchema(_ schema: String) throws(ConfigurationError) {
            guard let first = schema.utf8.first, !(48...57).contains(first), schema.utf8.count <= 63,
                  schema.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 95 })
            else { throw ConfigurationError("search_path must be one schema name of lower-case letters, digits and _") }
            self.schema = schema
            client.options.additionalStartupParameters.removeAll { $0.0 == "search_path" }
            client.options.additionalStartupParameters.append(("search_path", schema))
        }

        private static func tls(_ mode: String, unixSocket: Bool) throws(ConfigurationError) -> PostgresClient.Configuration.TLS {
            var unverified = TLSConfiguration.makeClientConfiguration()
            unverified.certificateVerification = .none
            switch mode {
            case "disable", "allow": return .disable
            case "prefer": return unixSocket ? .disable : .prefer(unverified)
            case "require": return .require(unverified)
            case "verify-ca":
                var configuration = TLSConfiguration.makeClientConfiguration()
                configuration.certificateVerification = .noHostnameVerification
                return .require(configuration)
            case "verify-full": return .require(.makeClientConfiguration())
            default: throw ConfigurationError("sslmode must be disable, prefer, require, verify-ca or verify-full")
            }
        }
    }

    /// A PostgreSQL URL that cannot be used, and why.
    public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
