import Foundation

/// A reproducible random number generator (SplitMix64): the same seed gives the same sequence on
/// every run and platform. The draws below are written out rather than taken from the standard
/// library's `random(in:using:)`, whose algorithm is not promised to stay the same across releases.
///
/// ```swift
/// var random = SeededRandom(seed: 42)
/// random.below(6)        // 0...5, the same for seed 42 every time
/// ```
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for one item (a contact): the same item gets the same stream whatever
    /// was drawn for the others.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< n.
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// lower ... upper.
    mutating func within(_ lower: Int64, _ upper: Int64) -> Int64 {
        lower + Int64(below(Int(upper - lower + 1)))
    }

    /// [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        let u = 1 - unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    /// An index drawn with the given cumulative weights (ascending, last = total).
    mutating func pick(cumulative: [Double]) -> Int {
        let target = unit() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] <= target { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension Array where Element == Double {
    /// Running sums, for ``SeededRandom/pick(cumulative:)``.
    func cumulativeSums() -> [Double] {
        var total = 0.0
        return map { total += $0; return total }
    }
}
