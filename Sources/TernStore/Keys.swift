import Crypto

/// API keys: 160 random bits behind a prefix that tells the scope, stored only as SHA-256.
public enum APIKey {
    public static func generate(scope: KeyScope) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let prefix = scope == .admin ? "tern_admin_" : "tern_write_"
        return prefix + hex(bytes)
    }

    public static func hash(_ key: String) -> String {
        hex(Array(SHA256.hash(data: Array(key.utf8))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
