/// An ℓ1 ball `{y : ‖y − center‖₁ ≤ radius}` in raw input units: the inputs
/// of an ℓ1 query besides its bounding box (``VNNLibProperty/Region/inputBall``,
/// ``NetworkEncoding/addBall(_:inputVariables:to:)``). The box alone holds far
/// more than the ball: in 5 dimensions 120 times its volume.
struct L1Ball: Equatable, Sendable {
    let center: [Double]
    let radius: Double

    /// The factor by which a computed `Σ |a_k − b_k|` over the ball's coordinates
    /// may miss the exact sum (relative): ``RoundingModel/normInflation(length:)``
    /// with one more term for the differences' own rounding.
    private var inflation: Double { RoundingModel.normInflation(length: center.count + 1) }

    /// Whether `point` certainly lies in the ball, its computed distance widened
    /// by its rounding error: a counterexample is only accepted inside.
    func contains(_ point: [Double]) -> Bool {
        let distance = Norm.l1.distance(point, center)
        return distance.isFinite && distance * inflation <= radius
    }

    /// Whether every point of `box` certainly lies in the ball: its farthest
    /// corner, `Σ max(|lower_k − c_k|, |upper_k − c_k|)`, widened by its rounding
    /// error, is within the radius.
    func contains(_ box: InputBox) -> Bool {
        var distance = 0.0
        for k in center.indices {
            distance += max(abs(box.lower[k] - center[k]), abs(box.upper[k] - center[k]))
        }
        return distance.isFinite && distance * inflation <= radius
    }

    /// Whether `box` certainly misses the ball: its ℓ1 distance from the centre,
    /// `Σ max(0, lower_k − c_k, c_k − upper_k)`, narrowed by its rounding error,
    /// exceeds the radius. A box dropped for it holds no point of the ball.
    func misses(_ box: InputBox) -> Bool {
        var distance = 0.0
        for k in center.indices {
            distance += max(0, box.lower[k] - center[k], center[k] - box.upper[k])
        }
        return distance / inflation > radius
    }

    /// `point` moved towards the centre until it lies in the ball (unchanged if it
    /// does): `c + f·(point − c)`. A box containing the centre and `point` contains
    /// the result too, so a candidate clamped into a region's box stays in it.
    func pulledInside(_ point: [Double]) -> [Double] {
        guard !contains(point) else { return point }
        let distance = Norm.l1.distance(point, center)
        guard distance.isFinite, distance > 0 else { return center }
        // A hair inside, so that the rounding of the moved point keeps it there.
        let factor = radius / distance * (1 - 1e-9)
        return zip(point, center).map { $1 + factor * ($0 - $1) }
    }
}

extension InputBox {
    /// `point` clamped into the box, then pulled into `ball` (if any,
    /// ``L1Ball/pulledInside(_:)``): how a candidate counterexample of a region
    /// with a ball is placed before its forward-pass check. The result may leave
    /// this box (a part of the region) but not the region's box, which contains
    /// the ball's centre and this box.
    func clamped(_ point: [Double], into ball: L1Ball?) -> [Double] {
        let inside = clamped(point)
        return ball.map { $0.pulledInside(inside) } ?? inside
    }
}
