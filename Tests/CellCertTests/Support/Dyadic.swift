import BigInt

/// An exact dyadic rational `mantissa · 2^exponent`: every `Double` is one, and
/// sums and products of them stay exact. Used to decide geometric questions
/// about a network's exact cell without rounding.
struct Dyadic: Comparable {
    var mantissa: BigInt
    var exponent: Int

    static let zero = Dyadic(mantissa: 0, exponent: 0)

    init(mantissa: BigInt, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// The exact value of a finite double.
    init(_ x: Double) {
        precondition(x.isFinite)
        if x == 0 { self = .zero; return }
        // x = significand · 2^exponent with significand in [1, 2): scale it to a 53-bit integer.
        let significand = BigInt(Int64(x.significand * 0x1p52))
        self.init(mantissa: x.sign == .minus ? -significand : significand, exponent: Int(x.exponent) - 52)
    }

    static func + (a: Dyadic, b: Dyadic) -> Dyadic {
        let e = min(a.exponent, b.exponent)
        return Dyadic(mantissa: (a.mantissa << (a.exponent - e)) + (b.mantissa << (b.exponent - e)), exponent: e)
    }

    static prefix func - (a: Dyadic) -> Dyadic { Dyadic(mantissa: -a.mantissa, exponent: a.exponent) }
    static func - (a: Dyadic, b: Dyadic) -> Dyadic { a + (-b) }
    static func * (a: Dyadic, b: Dyadic) -> Dyadic {
        Dyadic(mantissa: a.mantissa * b.mantissa, exponent: a.exponent + b.exponent)
    }

    var signum: Int { mantissa.isZero ? 0 : (mantissa.sign == .minus ? -1 : 1) }


    static func < (a: Dyadic, b: Dyadic) -> Bool { (a - b).signum < 0 }
    static func == (a: Dyadic, b: Dyadic) -> Bool { (a - b).signum == 0 }
}
