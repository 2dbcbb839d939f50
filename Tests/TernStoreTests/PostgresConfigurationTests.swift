import PostgresNIO
import Testing
@testable import TernStore

/// Reading `--postgres` URLs: no database needed.
@Suite struct PostgresConfigurationTests {
    @Test func aTCPURLNamesHostPortUserPasswordAndDatabase() throws {
        let configuration = try PostgresStore.Configuration(url: "postgres://tern:s%40cret@db.example:6543/events?sslmode=disable")
        #expect(configuration.client.host == "db.example")
        #expect(configuration.client.port == 6543)
        #expect(configuration.client.username == "tern")
        #expect(configuration.client.password == "s@cret")
        #expect(configuration.client.database == "events")
        #expect(configuration.schema == nil)
    }

    @Test func aHostDirectoryMeansAUnixSocket() throws {
        let configuration = try PostgresStore.Configuration(url: "postgresql://tern@/tern?host=/var/run/postgresql&port=5433")
        #expect(configuration.client.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5433")
        #expect(configuration.client.password == nil)
    }

    @Test func ternsOwnKeysSetTheSchemaAndThePool() throws {
        let configuration = try PostgresStore.Configuration(
            url: "postgres://tern@127.0.0.1/tern?search_path=tern_a1&pool_size=5&pool_timeout=3")
        #expect(configuration.schema == "tern_a1")
        #expect(configuration.client.options.maximumConnections == 5)
        #expect(configuration.leaseTimeout == .seconds(3))
        #expect(try PostgresStore.Configuration(url: "postgres://tern@127.0.0.1/tern").leaseTimeout == .seconds(10), "the default")
        #expect(configuration.client.options.additionalStartupParameters.contains { $0 == ("search_path", "tern_a1") })
    }

    @Test(arguments: [
        "mysql://tern@127.0.0.1/tern", "postgres://tern@127.0.0.1/tern?sslmode=sometimes",
        "postgres://tern@127.0.0.1/tern?search_path=a,b", "postgres://tern@127.0.0.1/tern?search_path=Public",
        "postgres://tern@127.0.0.1/tern?pool_size=0", "postgres://tern@127.0.0.1/tern?pool_timeout=0",
        "postgres://tern@127.0.0.1/tern?pool_timeout=2.5",
    ])
    func aURLTernCannotUseIsRefusedWithTheReason(_ url: String) {
        #expect(throws: PostgresStore.ConfigurationError.self) { try PostgresStore.Configuration(url: url) }
    }
}
