import Foundation

/// The SVG figures of a `DatasetTable`, written without any external tool, one
/// panel under the other in the order of ``FigureOptions/panels``:
///
/// - `accuracy`: certified accuracy against `ε` in the norm of `R` (or the first
///   norm), as step curves from the cell radius, the in-domain radius and `R`
///   (proven, and the upper bound from witnesses), each requested `ε` marked
///   with a differently shaped marker per curve so coinciding values stay visible;
/// - `histograms`: the certified ℓ2 radii, and beside them the ℓ∞ radii when
///   computed (only the first computed norm when neither was), each `ε` marked
///   on the ℓ2 axis; a logarithmic axis when the positive radii span more than a factor 50;
/// - `bounds`: for each `ε`, one point per input, the inputs sorted by certified
///   ℓ2 radius: the paper's bound (Theorem 4.2), the exact-cap bound and, when
///   samples were drawn, the Monte Carlo estimate of `ρ(x, ε)` with its
///   Clopper–Pearson interval as a whisker; a dashed line where `r₂ ≥ ε` begins.
///
/// Text is laid out with ``GlyphMetrics`` and no two texts overlap
/// (``SVGDocument/textBoxes``; labels that would collide are moved or left out).
/// Elements carry classes (`histogram-bar`, `bound-paper`, `bound-exactCap`,
/// `mc-estimate`, `mc-whisker`, `accuracy-curve`, `accuracy-marker`, `axis`,
/// `legend`, …) for tests and styling.
public enum SVGPlot {
    static let titleHeight = 44.0

    static let blue = "#4C72B0", orange = "#DD8452", green = "#55A868", purple = "#8172B3", grey = "#555555", grid = "#E6E6E6"

    /// The SVG text of `table` with the panels and size of `options`.
    public static func render(_ table: DatasetTable, options: FigureOptions = FigureOptions()) -> String {
        document(table, options: options).rendered()
    }

    /// The SVG document of `table` with the panels and size of `options`, its
    /// text boxes included (``SVGDocument/textBoxes``).
    public static func document(_ table: DatasetTable, options: FigureOptions = FigureOptions()) -> SVGDocument {
        let (width, height) = (options.panelWidth, options.panelHeight)
        let panels = options.panels(for: table)
        let epsilons = table.settings.epsilons
        let panelCount = panels.reduce(0) { $0 + ($1 == .bounds ? epsilons.count : 1) }
        let canvasHeight = titleHeight + (panels.isEmpty ? 40 : Double(panelCount) * height) + 10
        var svg = SVGDocument(width: width, height: canvasHeight,
                              title: "cellcert table: \(table.model.path), \(table.rows.count) inputs")
        let m = table.model
        var title = "\(URL(fileURLWithPath: m.path).lastPathComponent): \(table.rows.count) \(table.rows.count == 1 ? "input" : "inputs") (d = \(m.inputDimension), layers \(m.layerSizes.map(String.init).joined(separator: "-")), N = \(m.faceBound))"
        let titleSize = min(16, (width - 30) / max(GlyphMetrics.width(title, size: 1, bold: true), 1))
        if titleSize < 9 { title = String(title.prefix(80)) + "…" }
        svg.text(title, x: width / 2, y: 28, size: max(titleSize, 9), anchor: .middle, weight: "bold", className: "figure-title")
        guard !panels.isEmpty else {
            svg.text("no inputs", x: width / 2, y: titleHeight + 24, size: 14, anchor: .middle)
            return svg
        }
        var y = titleHeight
        for panel in panels {
            switch panel {
            case .accuracy:
                accuracy(&svg, table: table, frame: Frame(x: 0, y: y, width: width, height: height))
                y += height
            case .histograms:
                let norms = histogramNorms(table.settings.norms)
                let panelWidth = width / Double(norms.count)
                for (k, norm) in norms.enumerated() {
                    histogram(&svg, table: table, norm: norm,
                              frame: Frame(x: Double(k) * panelWidth, y: y, width: panelWidth, height: height))
                }
                y += height
            case .bounds:
                for (k, epsilon) in epsilons.enumerated() {
                    scatter(&svg, table: table, epsilonIndex: k, epsilon: epsilon, frame: Frame(x: 0, y: y, width: width, height: height))
                    y += height
                }
            }
        }
        return svg
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

    /// A panel's rectangle and its plot area inside the margins; `plotTop`
    /// moves down when the legend needs more than one line.
    struct Frame {
        let x, y, width, height: Double
        var legendLines = 1
        init(x: Double, y: Double, width: Double, height: Double) {
            (self.x, self.y, self.width, self.height) = (x, y, width, height)
        }
        var plotLeft: Double { x + 78 }
        var plotRight: Double { x + width - 36 }
        var plotTop: Double { y + 50 + 18 * Double(legendLines) }
        var plotBottom: Double { y + height - 64 }
    }

    // MARK: - Certified accuracy

    static func accuracy(_ svg: inout SVGDocument, table: DatasetTable, frame: Frame) {
        guard let norm = table.accuracyNorm else { return }
        var f = frame
        let curves = table.accuracyCurves
        let end = table.accuracyAxisEnd
        let styles: [CertifiedAccuracyCurve.Source: (color: String, width: Double, dash: String?, marker: LegendEntry.Marker)] = [
            .cellRadius: (blue, 3.2, nil, .circle(blue)),
            .domainRadius: (orange, 2.2, "7 4", .hollowSquare(orange)),
            .boundary: (green, 1.6, nil, .triangle(green)),
            .boundaryUpper: (purple, 1.3, "2 3", .none)]
        let legend = curves.map { curve -> LegendEntry in
            let style = styles[curve.source]!
            return LegendEntry(marker: .curve(style.color, style.width, style.dash, style.marker), label: curve.source.label(norm))
        } + [LegendEntry(marker: .none, label: table.hasLabels ? "correct and certified, of \(table.rows.count) inputs"
                                                                 : "certified, of \(table.rows.count) inputs (no labels)")]
        f.legendLines = legendLines(legend, width: f.plotRight - f.plotLeft)
        let x = Scale(lower: 0, upper: end, start: f.plotLeft, end: f.plotRight, isLog: false)
        let y = Scale(lower: 0, upper: 1, start: f.plotBottom, end: f.plotTop, isLog: false)
        panelTitle(&svg, "Certified accuracy against the radius ε of the \(normName(norm)) ball", frame: f)
        gridAndAxes(&svg, frame: f, x: x, y: y, xTicks: x.ticks(), yTicks: y.ticks(count: 5),
                    xLabel: "ε, radius of the \(normName(norm)) ball ‖y − x‖ < ε", yLabel: "certified accuracy")
        for curve in curves {
            let style = styles[curve.source]!
            let points = curve.steps(upTo: end)
            let d = points.enumerated().map { k, p in
                (k == 0 ? "M" : "L") + SVGDocument.number(x(p.epsilon)) + " " + SVGDocument.number(y(p.value))
            }.joined()
            svg.path(d, fill: "none", stroke: style.color, width: style.width, dash: style.dash, className: "accuracy-curve")
            for epsilon in table.settings.epsilons where epsilon <= end {
                drawMarker(&svg, style.marker, x: x(epsilon), y: y(curve.value(at: epsilon)), className: "accuracy-marker")
            }
        }
        for epsilon in table.settings.epsilons where epsilon <= end {
            svg.line(x1: x(epsilon), y1: f.plotTop, x2: x(epsilon), y2: f.plotBottom, stroke: grey, width: 0.8, dash: "3 4",
                     className: "epsilon-line")
        }
        drawLegend(&svg, legend, frame: f)
    }

    // MARK: - Histogram

    static func histogram(_ svg: inout SVGDocument, table: DatasetTable, norm: Norm, frame: Frame) {
        var f = frame
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
        let color = norm == .linf ? orange : blue
        var legend = [LegendEntry(marker: .bar(color), label: "\(values.count) \(values.count == 1 ? "input" : "inputs")")]
        if norm == .l2, !table.settings.epsilons.isEmpty { legend.append(LegendEntry(marker: .dashed(grey), label: "ε")) }
        var notes: [String] = []
        if useLog && zeros > 0 { notes.append("\(zeros) at r = 0 not shown") }
        if infinite > 0 { notes.append("\(infinite) without face (r = ∞) not shown") }
        if !notes.isEmpty { legend.append(LegendEntry(marker: .none, label: notes.joined(separator: "; "))) }
        f.legendLines = legendLines(legend, width: f.plotRight - f.plotLeft)
        let binCount = min(30, max(6, Int((1.5 * Double(values.count).squareRoot()).rounded(.up))))
        var counts = [Int](repeating: 0, count: binCount)
        for v in values {
            let t = (x.coordinate(v) - x.lower) / (x.upper - x.lower)
            counts[min(binCount - 1, max(0, Int(t * Double(binCount))))] += 1
        }
        let y = Scale(lower: 0, upper: Scale.niceCeiling(Double(max(counts.max() ?? 1, 1))), start: f.plotBottom, end: f.plotTop, isLog: false)

        panelTitle(&svg, "Certified \(normName(norm)) radius r\(norm.subscriptSymbol)(x)", frame: f)
        gridAndAxes(&svg, frame: f, x: x, y: y, xTicks: x.ticks(), yTicks: y.ticks(integer: true),
                    xLabel: "r\(norm.subscriptSymbol), certified \(normName(norm)) radius" + (useLog ? " (log scale)" : ""),
                    yLabel: "inputs")
        let span = (x.upper - x.lower) / Double(binCount)
        for (b, count) in counts.enumerated() where count > 0 {
            let left = x.pixel(raw: x.lower + Double(b) * span), right = x.pixel(raw: x.lower + Double(b + 1) * span)
            svg.rect(x: left + 0.5, y: y(Double(count)), width: right - left - 1, height: f.plotBottom - y(Double(count)),
                     fill: color, opacity: 0.85, className: "histogram-bar")
        }
        drawLegend(&svg, legend, frame: f)
        if norm == .l2 {
            for epsilon in table.settings.epsilons where x.contains(epsilon) {
                let px = x(epsilon)
                svg.line(x1: px, y1: f.plotTop, x2: px, y2: f.plotBottom, stroke: grey, width: 1.3, dash: "5 4", className: "epsilon-line")
                let label = "ε = \(DatasetTable.epsilonText(epsilon))"
                let labelWidth = GlyphMetrics.width(label, size: 11.5)
                let leftSide = px + 4 + labelWidth > f.plotRight
                let lx = leftSide ? px - 4 : px + 4
                // Close ε values: the next label goes one line lower, and is left out when none is free.
                for row in 0..<4 {
                    let ly = f.plotTop + 12 + 15 * Double(row)
                    let box = SVGDocument.TextBox(text: label, minX: leftSide ? lx - labelWidth : lx, minY: ly - 11,
                                                  maxX: leftSide ? lx : lx + labelWidth, maxY: ly + 3)
                    guard !svg.textBoxes.contains(where: { $0.overlaps(box) }) else { continue }
                    svg.rect(x: box.minX - 1, y: ly - 11, width: labelWidth + 2, height: 15, fill: "white", opacity: 0.85)
                    svg.text(label, x: lx, y: ly, size: 11.5, anchor: leftSide ? .end : .start, fill: grey, className: "epsilon-label")
                    break
                }
            }
        }
    }

    // MARK: - Bounds per input

    static func scatter(_ svg: inout SVGDocument, table: DatasetTable, epsilonIndex k: Int, epsilon: Double, frame: Frame) {
        var f = frame
        let certified = table.rows.filter { ($0.radius[.l2] ?? 0) >= epsilon }.count
        var legend = [LegendEntry(marker: .square(orange), label: "paper (Thm 4.2)"),
                      LegendEntry(marker: .circle(blue), label: "exact cap")]
        if let mc = table.settings.monteCarlo {
            legend.append(LegendEntry(marker: .diamond(green), label: "Monte Carlo ρ̂ (\(mc.samples) samples, \(String(format: "%g", 100 * mc.confidence)) % CI)"))
        }
        legend.append(LegendEntry(marker: .none, label: "r₂ ≥ ε: \(certified) of \(table.rows.count)"))
        f.legendLines = legendLines(legend, width: f.plotRight - f.plotLeft)
        let rows = table.rows.sorted { ($0.radius[.l2] ?? 0, $0.index) < ($1.radius[.l2] ?? 0, $1.index) }
        let n = rows.count
        let x = Scale(lower: 0.5, upper: Double(n) + 0.5, start: f.plotLeft, end: f.plotRight, isLog: false)
        let y = Scale(lower: -0.04, upper: 1.04, start: f.plotBottom, end: f.plotTop, isLog: false)
        let e = DatasetTable.epsilonText(epsilon)
        panelTitle(&svg, "ε = \(e): lower bounds on ρ(x, ε) and Monte Carlo estimate per input", frame: f)
        var xTicks = Scale(lower: 1, upper: Double(n), start: 0, end: 1, isLog: false).ticks(integer: true, count: 9)
            .filter { $0.value >= 1 && $0.value <= Double(n) }
        if xTicks.isEmpty { xTicks = [(1, "1")] }
        let yTicks = Scale(lower: 0, upper: 1, start: 0, end: 1, isLog: false).ticks(count: 5)
        gridAndAxes(&svg, frame: f, x: x, y: y, xTicks: xTicks, yTicks: yTicks,
                    xLabel: "inputs sorted by certified ℓ2 radius r₂ (rank; r₂ under it)", yLabel: "ρ(x, ε): bound or estimate")
        for tick in xTicks {
            let r = rows[Int(tick.value) - 1].radius[.l2] ?? 0
            let label = "r₂=" + shortNumber(r)
            let half = GlyphMetrics.width(label, size: 10.5) / 2
            let box = SVGDocument.TextBox(text: label, minX: x(tick.value) - half, minY: f.plotBottom + 33 - 10,
                                          maxX: x(tick.value) + half, maxY: f.plotBottom + 33 + 3)
            guard !svg.textBoxes.contains(where: { $0.overlaps(box) }) else { continue }
            svg.text(label, x: x(tick.value), y: f.plotBottom + 33, size: 10.5, anchor: .middle, fill: grey, className: "radius-label")
        }
        if certified > 0 && certified < n {
            let px = x(Double(n - certified) + 0.5)
            svg.line(x1: px, y1: f.plotTop, x2: px, y2: f.plotBottom, stroke: grey, width: 1.3, dash: "5 4", className: "certified-line")
            let fitsRight = px + 5 + GlyphMetrics.width("r₂ ≥ ε →", size: 12) < f.plotRight
            svg.text("r₂ ≥ ε →", x: fitsRight ? px + 5 : px - 5, y: f.plotBottom - 22, size: 12, anchor: fitsRight ? .start : .end, fill: grey)
        }
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
        drawLegend(&svg, legend, frame: f)
    }

    // MARK: - Axes and legend

    static func gridAndAxes(_ svg: inout SVGDocument, frame f: Frame, x: Scale, y: Scale, xTicks: [(value: Double, label: String)],
                            yTicks: [(value: Double, label: String)], xLabel: String, yLabel: String) {
        for tick in yTicks {
            svg.line(x1: f.plotLeft, y1: y(tick.value), x2: f.plotRight, y2: y(tick.value), stroke: grid, className: "grid")
        }
        svg.line(x1: f.plotLeft, y1: f.plotBottom, x2: f.plotRight, y2: f.plotBottom, stroke: "#222", width: 1.2, className: "axis")
        svg.line(x1: f.plotLeft, y1: f.plotTop, x2: f.plotLeft, y2: f.plotBottom, stroke: "#222", width: 1.2, className: "axis")
        // Labels too close for their glyphs keep every second, fourth, … tick.
        let xPixel = { (v: Double) in x.isLog ? x.pixel(raw: v) : x(v) }
        let xShown = thinned(xTicks) { a, b in
            abs(xPixel(b.value) - xPixel(a.value)) >= (GlyphMetrics.width(a.label, size: 12) + GlyphMetrics.width(b.label, size: 12)) / 2 + 6
        }
        let yShown = thinned(yTicks) { a, b in abs(y(b.value) - y(a.value)) >= (GlyphMetrics.ascent + GlyphMetrics.descent) * 12 + 2 }
        for tick in xShown {
            let px = xPixel(tick.value)
            svg.line(x1: px, y1: f.plotBottom, x2: px, y2: f.plotBottom + 5, stroke: "#222", className: "tick")
            svg.text(tick.label, x: px, y: f.plotBottom + 19, size: 12, anchor: .middle, className: "tick-label")
        }
        for tick in yShown {
            let py = y(tick.value)
            svg.line(x1: f.plotLeft - 5, y1: py, x2: f.plotLeft, y2: py, stroke: "#222", className: "tick")
            svg.text(tick.label, x: f.plotLeft - 8, y: py + 4, size: 12, anchor: .end, className: "tick-label")
        }
        let centre = (f.plotLeft + f.plotRight) / 2
        svg.text(xLabel, x: centre, y: f.plotBottom + 52,
                 size: fitted(xLabel, size: 13, width: 2 * min(centre - f.x, f.x + f.width - centre) - 8), anchor: .middle,
                 className: "axis-label")
        let cy = (f.plotTop + f.plotBottom) / 2
        svg.text(yLabel, x: f.x + 22, y: cy, size: fitted(yLabel, size: 13, width: f.plotBottom - f.plotTop + 40), anchor: .middle,
                 rotation: -90, className: "axis-label")
    }

    /// A panel's bold title, centred, its size reduced until it fits the panel.
    static func panelTitle(_ svg: inout SVGDocument, _ title: String, frame f: Frame) {
        svg.text(title, x: f.x + f.width / 2, y: f.y + 22, size: fitted(title, size: 15, width: f.width - 16, bold: true),
                 anchor: .middle, weight: "bold", className: "panel-title")
    }

    /// `ticks`, or every second (fourth, …) of them, so that each pair of neighbours shown `fits`.
    static func thinned(_ ticks: [(value: Double, label: String)],
                        fits: ((value: Double, label: String), (value: Double, label: String)) -> Bool) -> [(value: Double, label: String)] {
        var stride = 1
        while stride < ticks.count {
            let shown = Swift.stride(from: 0, to: ticks.count, by: stride).map { ticks[$0] }
            if zip(shown, shown.dropFirst()).allSatisfy({ fits($0, $1) }) { return shown }
            stride *= 2
        }
        return Array(ticks.prefix(1))
    }

    /// The font size, at most `size`, at which `text` fits in `width`.
    static func fitted(_ text: String, size: Double, width: Double, bold: Bool = false) -> Double {
        min(size, width / max(GlyphMetrics.width(text, size: 1, bold: bold), 1e-9))
    }

    /// A legend entry: a marker drawn like the data, then a label.
    struct LegendEntry {
        indirect enum Marker {
            case bar(String), square(String), hollowSquare(String), circle(String), triangle(String), diamond(String), dashed(String)
            /// A line of the given colour, width and dash with a marker in its middle.
            case curve(String, Double, String?, Marker)
            case none
        }
        let marker: Marker
        let label: String
    }

    static let legendSize = 12.5

    /// Where each entry of a legend goes: its line (0-based) and left edge, the
    /// entries wrapped to `width` as text is.
    static func legendLayout(_ entries: [LegendEntry], width: Double) -> [(line: Int, x: Double)] {
        var (line, cx) = (0, 0.0)
        return entries.map { entry in
            let markerWidth: Double
            switch entry.marker {
            case .none: markerWidth = 0
            case .curve: markerWidth = 34
            default: markerWidth = 20
            }
            let total = markerWidth + GlyphMetrics.width(entry.label, size: legendSize)
            if cx > 0, cx + total > width { (line, cx) = (line + 1, 0) }
            defer { cx += total + 22 }
            return (line, cx)
        }
    }

    /// The number of lines a legend takes in `width`.
    static func legendLines(_ entries: [LegendEntry], width: Double) -> Int {
        (legendLayout(entries, width: width).map(\.line).max() ?? 0) + 1
    }

    /// The legend under the panel title, wrapped to the plot's width.
    static func drawLegend(_ svg: inout SVGDocument, _ entries: [LegendEntry], frame f: Frame) {
        for (entry, place) in zip(entries, legendLayout(entries, width: f.plotRight - f.plotLeft)) {
            let cx = f.plotLeft + place.x
            let y = f.y + 46 + 18 * Double(place.line)
            let my = y - 4.5
            var textX = cx + 20
            switch entry.marker {
            case .none: textX = cx
            case let .curve(color, width, dash, marker):
                svg.line(x1: cx, y1: my, x2: cx + 28, y2: my, stroke: color, width: width, dash: dash, className: "legend-marker")
                drawMarker(&svg, marker, x: cx + 14, y: my, className: "legend-marker")
                textX = cx + 34
            default: drawMarker(&svg, entry.marker, x: cx + 7, y: my, className: "legend-marker")
            }
            svg.text(entry.label, x: textX, y: y, size: legendSize, className: "legend")
        }
    }

    /// A marker centred at `(x, y)`.
    static func drawMarker(_ svg: inout SVGDocument, _ marker: LegendEntry.Marker, x: Double, y: Double, className: String) {
        let n = SVGDocument.number
        switch marker {
        case let .bar(color): svg.rect(x: x - 7, y: y - 6, width: 14, height: 12, fill: color, opacity: 0.85, className: className)
        case let .square(color): svg.rect(x: x - 4, y: y - 4, width: 8, height: 8, fill: color, className: className)
        case let .hollowSquare(color):
            svg.path("M\(n(x - 6)) \(n(y - 6))h12v12h-12Z", fill: "none", stroke: color, width: 1.8, className: className)
        case let .circle(color): svg.circle(cx: x, cy: y, r: 4.5, fill: color, className: className)
        case let .triangle(color):
            svg.path("M\(n(x)) \(n(y - 5.5))l5 8.5h-10Z", fill: color, stroke: "white", width: 0.8, className: className)
        case let .diamond(color):
            svg.line(x1: x, y1: y - 8, x2: x, y2: y + 8, stroke: color, width: 1.1, className: className)
            svg.path("M\(n(x)) \(n(y - 5))l5 5l-5 5l-5 -5Z", fill: "white", stroke: color, width: 1.4, className: className)
        case let .dashed(color): svg.line(x1: x - 7, y1: y, x2: x + 7, y2: y, stroke: color, width: 1.3, dash: "4 3", className: className)
        case let .curve(color, width, dash, inner):
            svg.line(x1: x - 14, y1: y, x2: x + 14, y2: y, stroke: color, width: width, dash: dash, className: className)
            drawMarker(&svg, inner, x: x, y: y, className: className)
        case .none: break
        }
    }

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
