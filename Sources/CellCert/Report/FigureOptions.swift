/// The figures of a `DatasetTable` (`table --plot`, `--html`).
public enum FigurePanel: String, CaseIterable, Sendable {
    /// Certified accuracy against `ε`, from the cell radius, the in-domain radius and `R`.
    case accuracy
    /// Histograms of the certified ℓ2 and ℓ∞ radii, each requested `ε` marked.
    case histograms
    /// Per `ε`: the paper's bound, the exact-cap bound and the Monte Carlo estimate per input.
    case bounds
}

/// Which panels to draw and how large.
public struct FigureOptions: Sendable, Equatable {
    /// Panels in drawing order; `nil`: every panel that has data.
    public var panels: [FigurePanel]?
    /// Width of a panel, user units (pixels).
    public var panelWidth: Double
    /// Height of a panel, user units (pixels).
    public var panelHeight: Double

    /// The smallest panel that leaves room for the axes, labels and legends.
    public static let minimumSize = (width: 480.0, height: 240.0)

    /// Options; sizes below ``minimumSize`` are raised to it.
    public init(panels: [FigurePanel]? = nil, panelWidth: Double = 960, panelHeight: Double = 360) {
        self.panels = panels
        self.panelWidth = max(panelWidth, Self.minimumSize.width)
        self.panelHeight = max(panelHeight, Self.minimumSize.height)
    }

    /// The panels drawn for `table`: the chosen ones, or every one with data
    /// (the bounds need `ε`; every panel needs at least one row).
    public func panels(for table: DatasetTable) -> [FigurePanel] {
        guard !table.rows.isEmpty else { return [] }
        return panels ?? FigurePanel.allCases.filter { $0 != .bounds || !table.settings.epsilons.isEmpty }
    }
}
