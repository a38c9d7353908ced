import Foundation

/// A minimal SVG 1.1 writer: shapes and text appended in drawing order, then
/// serialised as a standalone document. Coordinates are user units (pixels),
/// written with at most two decimals; text is XML-escaped.
public struct SVGDocument: Sendable {
    /// Width of the canvas.
    public let width: Double
    /// Height of the canvas.
    public let height: Double
    /// The document's `<title>` (shown by viewers, read by screen readers).
    public var title: String
    /// The serialised child elements, in drawing order.
    public private(set) var elements: [String] = []
    /// The box each text occupies, measured with ``GlyphMetrics`` as it is laid out.
    public private(set) var textBoxes: [TextBox] = []

    /// The rectangle a text occupies: advance width by its anchor, ascent above
    /// and descent below the baseline (swapped into x for text rotated by ±90°).
    public struct TextBox: Sendable, Equatable {
        public let text: String
        public let minX, minY, maxX, maxY: Double

        /// Whether the two boxes share more than `margin` (user units) in both directions.
        public func overlaps(_ other: TextBox, margin: Double = 0.5) -> Bool {
            min(maxX, other.maxX) - max(minX, other.minX) > margin && min(maxY, other.maxY) - max(minY, other.minY) > margin
        }
    }

    /// An empty canvas of the given size.
    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// The document: XML declaration, `<svg>` with `viewBox`, a default
    /// font, the title and the elements.
    public func rendered() -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
                     "<title>\(Self.escaped(title))</title>",
                     "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"white\"/>"]
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Appends an element `<name attributes…/>`, or with text content when `content` is given.
    public mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        let attributeText = attributes.map { " \($0.0)=\"\(Self.escaped($0.1))\"" }.joined()
        if let content {
            elements.append("<\(name)\(attributeText)>\(Self.escaped(content))</\(name)>")
        } else {
            elements.append("<\(name)\(attributeText)/>")
        }
    }

    /// A rectangle.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              stroke: String? = nil, opacity: Double? = nil, className: String? = nil) {
        var a = [("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(max(width, 0))),
                 ("height", Self.number(max(height, 0))), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", "1")] }
        if let opacity { a.append(("fill-opacity", Self.number(opacity))) }
        if let className { a.append(("class", className)) }
        element("rect", a)
    }

    /// A straight line; `dash` is an SVG `stroke-dasharray` such as `"4 3"`.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                              width: Double = 1, dash: String? = nil, className: String? = nil) {
        var a = [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
                 ("stroke", stroke), ("stroke-width", Self.number(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        if let className { a.append(("class", className)) }
        element("line", a)
    }

    /// A filled circle.
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, className: String? = nil) {
        var a = [("cx", Self.number(cx)), ("cy", Self.number(cy)), ("r", Self.number(r)), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", "0.8")] }
        if let className { a.append(("class", className)) }
        element("circle", a)
    }

    /// A path with SVG path data `d`.
    public mutating func path(_ d: String, fill: String, stroke: String? = nil, width: Double = 1, dash: String? = nil,
                              className: String? = nil) {
        var a = [("d", d), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", Self.number(width))] }
        if let dash { a.append(("stroke-dasharray", dash)) }
        if let className { a.append(("class", className)) }
        element("path", a)
    }

    /// Horizontal text alignment relative to the anchor point.
    public enum Anchor: String, Sendable { case start, middle, end }

    /// Text at `(x, y)` (the baseline), optionally rotated by `rotation`
    /// degrees around that point.
    public mutating func text(_ string: String, x: Double, y: Double, size: Double = 13, anchor: Anchor = .start,
                              weight: String? = nil, fill: String = "#222", rotation: Double? = nil, className: String? = nil) {
        var a = [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
                 ("text-anchor", anchor.rawValue), ("fill", fill)]
        if let weight { a.append(("font-weight", weight)) }
        if let rotation { a.append(("transform", "rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))")) }
        if let className { a.append(("class", className)) }
        element("text", a, content: string)
        let width = GlyphMetrics.width(string, size: size, bold: weight == "bold")
        let start = anchor == .start ? 0 : anchor == .middle ? -width / 2 : -width
        let (up, down) = (GlyphMetrics.ascent * size, GlyphMetrics.descent * size)
        if let rotation, abs(abs(rotation) - 90) < 1e-9 {
            // Rotated by ±90° about (x, y): the advance runs vertically, the glyph height horizontally.
            let sign = rotation < 0 ? -1.0 : 1.0
            let (a, b) = (y + sign * start, y + sign * (start + width))
            textBoxes.append(TextBox(text: string, minX: x - (sign < 0 ? up : down), minY: min(a, b),
                                     maxX: x + (sign < 0 ? down : up), maxY: max(a, b)))
        } else {
            textBoxes.append(TextBox(text: string, minX: x + start, minY: y - up, maxX: x + start + width, maxY: y + down))
        }
    }

    /// `v` with at most two decimals and no trailing zeros (`12`, `3.5`, `0.25`).
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        var s = String(format: "%.2f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// `text` with `& < > " '` escaped for XML.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
