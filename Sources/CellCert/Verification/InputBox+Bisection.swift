extension InputBox {
    /// The two halves of the box, cut at the midpoint of coordinate `i`.
    func bisected(along i: Int) -> (lower: InputBox, upper: InputBox) {
        let middle = lower[i] + (upper[i] - lower[i]) / 2
        var first = self
        var second = self
        first.upper[i] = middle
        second.lower[i] = middle
        return (first, second)
    }

    /// The centre `(lower + upper) / 2`.
    var center: [Double] {
        lower.indices.map { lower[$0] + (upper[$0] - lower[$0]) / 2 }
    }
}
