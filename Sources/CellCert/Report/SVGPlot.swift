import Foundation

/// An SVG figure of a `DatasetTable`, written without any external tool:
///
/// 1. a histogram of the certified ℓ2 radii, and beside it of the ℓ∞ radii
///    when they were computed (only the first computed norm when neither was),
///    with each `ε` marked on the ℓ2 axis; a logarithmic axis when the
///    positive radii span more than a factor 50;
/// 2. for each `ε`, one point per input, the inputs sorted by certified ℓ2
///    radius: the paper's bound (Theorem 4.2), the exact-cap bound and, when
///    samples were drawn, the Monte Carlo estimate of `ρ(x, ε)` with its
///    Clopper–Pearson interval as a whisker; a dashed line where `r₂ ≥ ε` begins.
///
/// Elements carry classes (`histogram-bar`, `bound-paper`, `bound-exactCap`,
/// `mc-estimate`, `mc-whisker`, `axis`, `legend`, …) for tests and styling.
public enum SVGPlot {
    /// Canvas width in pixels.
    static let width = 960.0
    static let titleHeight = 44.0
    static let histogramHeight = 330.0
    static let scatterHeight = 370.0

    static let blue = "#4C72B0", orange = "#DD8452", green = "#55A868", grey = "#555555", grid = "#E6E6E6"

    /// The SVG document of `table`.
    public static func render(_ table: DatasetTable) -> String {
        let norms = histogramNorms(table.settings.norms)
        let epsilons = table.rows.isEmpty ? [] : table.settings.epsilons
        let height = titleHeight + (table.rows.isEmpty ? 40 : histogramHeight) + Double(epsilons.count) * scatterHeight + 10
        var svg = SVGDocument(width: width, height: height,
                              title: "cellcert table: \(table.model.path), \(table.rows.count) inputs")
        let m = table.model
        let title = "\(URL(fileURLWithPath: m.path).lastPathComponent): certified radii and robustness of \(table.rows.count) \(table.rows.count == 1 ? "input" : "inputs") (d = \(m.inputDimension), layers \(m.layerSizes.map(String.init).joined(separator: "-")), N = \(m.faceBound))"
        let titleSize = min(16, (width - 30) / (Double(title.count) * 0.62))
        svg.text(title, x: width / 2, y: 28, size: titleSize, anchor: .middle, weight: "bold", className: "figure-title")
        guard !table.rows.isEmpty else {
            svg.text("no inputs", x: width / 2, y: titleHeight + 24, size: 14, anchor: .middle)
            return svg.rendered()
        }
        let panelWidth = width / Double(norms.count)
        for (k, norm) in norms.enumerated() {
            histogram(&svg, table: table, norm: norm,
                      frame: Frame(x: Double(k) * panelWidth, y: titleHeight, width: panelWidth, height: histogramHeight))
        }
        for (k, epsilon) in epsilons.enumerated() {
            scatter(&svg, table: table, epsilonIndex: k, epsilon: epsilon,
                    frame: Frame(x: 0, y: titleHeight + histogramHeight + Double(k) * scatterHeight, width: width, height: scatterHeight))
        }
        return svg.rendered()
    }

    /// ℓ2 and ℓ∞ when computed, else the first norm.
    static func histogramNorms(_ norms: [Norm]) -> [Norm] {
        let chosen = [Norm.l2, .linf].filter(norms.contains)
        return chosen.isEmpty ? Array(norms.prefix(1)) : chosen
    }

    static func normName(_ norm: Norm) -> String {
        switch norm {
        case .l2: return "ℓ2"
        case .linf: return "ℓ∞"
        case .l1: return "ℓ1"
        }
    }

    /// A panel's rectangle and its plot area inside the margins.
    struct Frame {
        let x, y, width, height: Double
        var plotLeft: Double { x + 78 }
        var plotRight: Double { x + width - 36 }
        var plotTop: Double { y + 66 }
        var plotBottom: Double { y + height - 64 }
    }

    // MARK: - Histogram

    static func histogram(_ svg: inout SVGDocument, table: DatasetTable, norm: Norm, frame f: Frame) {
        let radii = table.rows.map { $0.radius[norm] ?? 0 }
        let finite = radii.filter(\.isFinite)
        let positive = finite.filter { $0 > 0 }
        let infinite = radii.count - finite.count
        let zeros = finite.count - positive.count
        let useLog = positive.count >= 2 && positive.max()! / positive.min()! > 50
        let values = useLog ? positive : finite
        let x: Scale
        if useLog {
            var lo = log10(positive.min()!).rounded(.down), hi = log10(positive.max()!).rounded(.up)
            if hi <= lo { hi = lo + 1 }
            if hi - lo > 12 { lo = hi - 12 }
            x = Scale(lower: lo, upper: hi, start: f.plotLeft, end: f.plotRight, isLog: true)
        } else {
            let top = max(finite.max() ?? 1, 0)
            x = Scale(lower: 0, upper: top > 0 ? Scale.niceCeiling(top) : 1, start: f.plotLeft, end: f.plotRight, isLog: false)
        }
        let binCount = min(30, max(6, Int((1.5 * Double(values.count).squareRoot()).rounded(.up))))
        var counts = [Int](repeating: 0, count: binCount)
        for v in values {
            let t = (x.coordinate(v) - x.lower) / (x.upper - x.lower)
            counts[min(binCount - 1, max(0, Int(t * Double(binCount))))] += 1
        }
        let y = Scale(lower: 0, upper: Scale.niceCeiling(Double(max(counts.max() ?? 1, 1))), start: f.plotBottom, end: f.plotTop, isLog: false)
        let color = norm == .linf ? orange : blue

        svg.text("Certified \(normName(norm)) radius", x: f.x + f.width / 2, y: f.y + 22, size: 15, anchor: .middle, weight: "bold",
                 className: "panel-title")
        gridAndAxes(&svg, frame: f, x: x, y: y, xTicks: x.ticks(), yTicks: y.ticks(integer: true),
                    xLabel: "certified \(normName(norm)) radius" + (useLog ? " (log scale)" : ""), yLabel: "inputs")
        let span = (x.upper - x.lower) / Double(binCount)
        for (b, count) in counts.enumerated() where count > 0 {
            let left = x.pixel(raw: x.lower + Double(b) * span), right = x.pixel(raw: x.lower + Double(b + 1) * span)
            svg.rect(x: left + 0.5, y: y(Double(count)), width: right - left - 1, height: f.plotBottom - y(Double(count)),
                     fill: color, opacity: 0.85, className: "histogram-bar")
        }
        var legend = [LegendEntry(marker: .bar(color), label: "\(values.count) \(values.count == 1 ? "input" : "inputs")")]
        if norm == .l2 {
            for epsilon in table.settings.epsilons where x.contains(epsilon) {
                let px = x(epsilon)
                svg.line(x1: px, y1: f.plotTop, x2: px, y2: f.plotBottom, stroke: grey, width: 1.3, dash: "5 4", className: "epsilon-line")
                let label = "ε = \(DatasetTable.epsilonText(epsilon))"
                let labelWidth = estimatedWidth(label, size: 11.5)
                let leftSide = px + 4 + labelWidth > f.plotRight
                svg.rect(x: leftSide ? px - 5 - labelWidth : px + 2, y: f.plotTop + 1, width: labelWidth + 3, height: 15, fill: "white",
                         opacity: 0.85)
                svg.text(label, x: leftSide ? px - 4 : px + 4, y: f.plotTop + 12, size: 11.5, anchor: leftSide ? .end : .start, fill: grey)
            }
            if !table.settings.epsilons.isEmpty { legend.append(LegendEntry(marker: .dashed(grey), label: "ε")) }
        }
        var notes: [String] = []
        if useLog && zeros > 0 { notes.append("\(zeros) at r = 0 not shown") }
        if infinite > 0 { notes.append("\(infinite) without face (r = ∞) not shown") }
        if !notes.isEmpty { legend.append(LegendEntry(marker: .none, label: notes.joined(separator: "; "))) }
        drawLegend(&svg, legend, x: f.plotLeft, y: f.y + 46)
    }

    // MARK: - Bounds per input

    static func scatter(_ svg: inout SVGDocument, table: DatasetTable, epsilonIndex k: Int, epsilon: Double, frame f: Frame) {
        let rows = table.rows.sorted { ($0.radius[.l2] ?? 0, $0.index) < ($1.radius[.l2] ?? 0, $1.index) }
        let n = rows.count
        let x = Scale(lower: 0.5, upper: Double(n) + 0.5, start: f.plotLeft, end: f.plotRight, isLog: false)
        let y = Scale(lower: -0.04, upper: 1.04, start: f.plotBottom, end: f.plotTop, isLog: false)
        let e = DatasetTable.epsilonText(epsilon)
        svg.text("ε = \(e): bounds on ρ(x, ε) and Monte Carlo estimate per input", x: f.x + f.width / 2, y: f.y + 22, size: 15,
                 anchor: .middle, weight: "bold", className: "panel-title")
        var xTicks = Scale(lower: 1, upper: Double(n), start: 0, end: 1, isLog: false).ticks(integer: true, count: 9)
            .filter { $0.value >= 1 && $0.value <= Double(n) }
        if xTicks.isEmpty { xTicks = [(1, "1")] }
        let yTicks = Scale(lower: 0, upper: 1, start: 0, end: 1, isLog: false).ticks(count: 5)
        gridAndAxes(&svg, frame: f, x: x, y: y, xTicks: xTicks, yTicks: yTicks,
                    xLabel: "inputs sorted by certified ℓ2 radius (rank; the radius r₂ under it)", yLabel: "probability")
        for tick in xTicks {
            let r = rows[Int(tick.value) - 1].radius[.l2] ?? 0
            svg.text("r₂=" + shortNumber(r), x: x(tick.value), y: f.plotBottom + 33, size: 10.5, anchor: .middle, fill: grey,
                     className: "radius-label")
        }
        let certified = rows.filter { ($0.radius[.l2] ?? 0) >= epsilon }.count
        if certified > 0 && certified < n {
            let px = x(Double(n - certified) + 0.5)
            svg.line(x1: px, y1: f.plotTop, x2: px, y2: f.plotBottom, stroke: grey, width: 1.3, dash: "5 4", className: "certified-line")
            let fitsRight = px + 5 + estimatedWidth("r₂ ≥ ε →", size: 12) < f.plotRight
            svg.text("r₂ ≥ ε →", x: fitsRight ? px + 5 : px - 5, y: f.plotBottom - 22, size: 12, anchor: fitsRight ? .start : .end, fill: grey)
        }
        let samples = table.settings.monteCarlo != nil
        let spread = n <= 150 ? 0.22 : 0
        let size = n <= 150 ? 3.4 : (n <= 1000 ? 2.2 : 1.3)
        for (rank0, row) in rows.enumerated() {
            let rank = Double(rank0 + 1)
            guard row.bounds.indices.contains(k) else { continue }
            let b = row.bounds[k]
            let px = x(rank - spread), py = y(b.paper)
            svg.rect(x: px - size, y: py - size, width: 2 * size, height: 2 * size, fill: orange, className: "bound-paper")
            svg.circle(cx: x(rank), cy: y(b.exactCap), r: size, fill: blue, className: "bound-exactCap")
            if let mc = row.monteCarlo?.first(where: { $0.epsilon == epsilon }) {
                let mx = x(rank + spread)
                let cap = max(size * 0.7, 1.5)
                svg.path("M\(SVGDocument.number(mx)) \(SVGDocument.number(y(mc.lower)))V\(SVGDocument.number(y(mc.upper)))"
                         + "M\(SVGDocument.number(mx - cap)) \(SVGDocument.number(y(mc.lower)))H\(SVGDocument.number(mx + cap))"
                         + "M\(SVGDocument.number(mx - cap)) \(SVGDocument.number(y(mc.upper)))H\(SVGDocument.number(mx + cap))",
                         fill: "none", stroke: green, width: 1.1, className: "mc-whisker")
                let my = y(mc.robustness), d = size * 1.3
                svg.path("M\(SVGDocument.number(mx)) \(SVGDocument.number(my - d))L\(SVGDocument.number(mx + d)) \(SVGDocument.number(my))"
                         + "L\(SVGDocument.number(mx)) \(SVGDocument.number(my + d))L\(SVGDocument.number(mx - d)) \(SVGDocument.number(my))Z",
                         fill: "white", stroke: green, width: 1.4, className: "mc-estimate")
            }
        }
        var legend = [LegendEntry(marker: .square(orange), label: "paper (Thm 4.2)"),
                      LegendEntry(marker: .circle(blue), label: "exact cap")]
        if let mc = table.settings.monteCarlo, samples {
            legend.append(LegendEntry(marker: .diamond(green), label: "Monte Carlo ρ̂ (\(mc.samples) samples, \(String(format: "%g", 100 * mc.confidence)) % CI)"))
        }
        legend.append(LegendEntry(marker: .none, label: "r₂ ≥ ε: \(certified) of \(n)"))
        drawLegend(&svg, legend, x: f.plotLeft, y: f.y + 46)
    }

    // MARK: - Axes and legend

    static func gridAndAxes(_ svg: inout SVGDocument, frame f: Frame, x: Scale, y: Scale, xTicks: [(value: Double, label: String)],
                            yTicks: [(value: Double, label: String)], xLabel: String, yLabel: String) {
        for tick in yTicks {
            svg.line(x1: f.plotLeft, y1: y(tick.value), x2: f.plotRight, y2: y(tick.value), stroke: grid, className: "grid")
        }
        svg.line(x1: f.plotLeft, y1: f.plotBottom, x2: f.plotRight, y2: f.plotBottom, stroke: "#222", width: 1.2, className: "axis")
        svg.line(x1: f.plotLeft, y1: f.plotTop, x2: f.plotLeft, y2: f.plotBottom, stroke: "#222", width: 1.2, className: "axis")
        for tick in xTicks {
            let px = x.isLog ? x.pixel(raw: tick.value) : x(tick.value)
            svg.line(x1: px, y1: f.plotBottom, x2: px, y2: f.plotBottom + 5, stroke: "#222", className: "tick")
            svg.text(tick.label, x: px, y: f.plotBottom + 19, size: 12, anchor: .middle, className: "tick-label")
        }
        for tick in yTicks {
            let py = y(tick.value)
            svg.line(x1: f.plotLeft - 5, y1: py, x2: f.plotLeft, y2: py, stroke: "#222", className: "tick")
            svg.text(tick.label, x: f.plotLeft - 8, y: py + 4, size: 12, anchor: .end, className: "tick-label")
        }
        svg.text(xLabel, x: (f.plotLeft + f.plotRight) / 2, y: f.plotBottom + 52, size: 13, anchor: .middle, className: "axis-label")
        let cy = (f.plotTop + f.plotBottom) / 2
        svg.text(yLabel, x: f.x + 22, y: cy, size: 13, anchor: .middle, rotation: -90, className: "axis-label")
    }

    /// A legend entry: a marker drawn like the data, then a label.
    struct LegendEntry {
        enum Marker { case bar(String), square(String), circle(String), diamond(String), dashed(String), none }
        let marker: Marker
        let label: String
    }

    /// The entries in one row from `(x, y)` (y is the text baseline).
    static func drawLegend(_ svg: inout SVGDocument, _ entries: [LegendEntry], x: Double, y: Double) {
        var cx = x
        for entry in entries {
            let my = y - 4.5
            switch entry.marker {
            case let .bar(color): svg.rect(x: cx, y: my - 6, width: 14, height: 12, fill: color, opacity: 0.85, className: "legend-marker")
            case let .square(color): svg.rect(x: cx + 3, y: my - 4, width: 8, height: 8, fill: color, className: "legend-marker")
            case let .circle(color): svg.circle(cx: cx + 7, cy: my, r: 4.5, fill: color, className: "legend-marker")
            case let .diamond(color):
                svg.line(x1: cx + 7, y1: my - 8, x2: cx + 7, y2: my + 8, stroke: color, width: 1.1, className: "legend-marker")
                svg.path("M\(SVGDocument.number(cx + 7)) \(SVGDocument.number(my - 5))l5 5l-5 5l-5 -5Z", fill: "white",
                         stroke: color, width: 1.4, className: "legend-marker")
            case let .dashed(color): svg.line(x1: cx, y1: my, x2: cx + 14, y2: my, stroke: color, width: 1.3, dash: "4 3", className: "legend-marker")
            case .none: break
            }
            let textX: Double
            if case .none = entry.marker { textX = cx } else { textX = cx + 20 }
            svg.text(entry.label, x: textX, y: y, size: 12.5, className: "legend")
            cx = textX + estimatedWidth(entry.label, size: 12.5) + 22
        }
    }

    /// A rough text width for layout (DejaVu Sans averages about 0.6 em per character).
    static func estimatedWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.6 }

    /// Two significant digits: `0.012`, `3.4e-05`, `inf`.
    static func shortNumber(_ v: Double) -> String {
        guard v.isFinite else { return "∞" }
        if v == 0 { return "0" }
        return abs(v) >= 1e-3 && abs(v) < 1e4 ? String(format: "%.2g", v) : String(format: "%.1e", v)
    }
}

/// A linear or base-10 logarithmic map from data values to pixels. For a log
/// scale, `lower` and `upper` are exponents.
struct Scale {
    let lower: Double
    let upper: Double
    let start: Double
    let end: Double
    let isLog: Bool

    /// The axis coordinate of a data value (its log10 on a log scale).
    func coordinate(_ v: Double) -> Double { isLog ? log10(v) : v }

    /// Whether `v` lies on the axis.
    func contains(_ v: Double) -> Bool {
        let c = coordinate(v)
        return c.isFinite && c >= lower && c <= upper
    }

    /// The pixel of a data value.
    func callAsFunction(_ v: Double) -> Double { pixel(raw: coordinate(v)) }

    /// The pixel of an axis coordinate.
    func pixel(raw c: Double) -> Double { start + (c - lower) / (upper - lower) * (end - start) }

    /// About `count` ticks at 1, 2 or 5 times a power of ten (powers of ten
    /// on a log scale); values are axis coordinates.
    func ticks(integer: Bool = false, count: Int = 6) -> [(value: Double, label: String)] {
        if isLog {
            let step = max(1, ((upper - lower) / Double(count)).rounded(.up))
            return stride(from: lower, through: upper + 1e-9, by: step).map { ($0, Self.powerLabel(Int($0))) }
        }
        var step = Self.niceStep((upper - lower) / Double(count))
        if integer { step = max(1, step.rounded()) }
        let first = (lower / step).rounded(.up) * step
        let decimals = max(0, Int(-log10(step).rounded(.down)))
        return stride(from: first, through: upper + step * 1e-9, by: step).map { v in
            let label = step < 1e-4 || abs(v) >= 1e5 ? String(format: "%.1e", v) : String(format: "%.\(decimals)f", v)
            return (v, label)
        }
    }

    /// `10^k` as text: `1`, `10`, `10²`, `10⁻³`.
    static func powerLabel(_ k: Int) -> String {
        switch k {
        case 0: return "1"
        case 1: return "10"
        default:
            let superscripts: [Character: Character] = ["-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
                                                        "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]
            return "10" + String(String(k).map { superscripts[$0]! })
        }
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, log10(raw).rounded(.down))
        let f = raw / power
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power
    }

    /// The smallest tick value of a 5-tick axis from 0 that is at least `v`.
    static func niceCeiling(_ v: Double) -> Double {
        let step = niceStep(v / 5)
        return (v / step).rounded(.up) * step
    }
}
