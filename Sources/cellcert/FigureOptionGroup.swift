import ArgumentParser
import CellCert
import Foundation

extension FigurePanel: ExpressibleByArgument {}

/// `table`'s figure options: `--plot` (SVG, PDF, PGFPlots), `--panels`, `--plot-size`, `--html`.
struct FigureOptionGroup: ParsableArguments {
    /// The formats `--plot` writes, by file extension.
    enum PlotFormat: String {
        case svg, pdf, tex
    }

    @Option(name: .customLong("plot"), help: ArgumentHelp(
        "Also write the figures to this file: .svg, .pdf (through rsvg-convert; `make deps-plot`) or .tex (PGFPlots, for \\input in a LaTeX paper). Repeatable.",
        valueName: "file.svg|file.pdf|file.tex"))
    var plots: [String] = []

    @Option(help: ArgumentHelp("Figure panels, in order: accuracy (certified accuracy vs ε), histograms (radii), bounds (bounds vs Monte Carlo per ε). Default: every panel with data.",
                               valueName: "accuracy,histograms,bounds"))
    var panels: String?

    @Option(name: .customLong("plot-size"), help: ArgumentHelp("Size of one figure panel in pixels (default 960x360; at least 480x240).", valueName: "WxH"))
    var plotSize: String?

    @Option(help: ArgumentHelp("Also write one self-contained HTML page: the command line, the model, the legend, the table, the summary and the figures inline.",
                               valueName: "file.html"))
    var html: String?

    func validate() throws {
        for plot in plots { _ = try format(of: plot) }
        _ = try figureOptions()
        if panels != nil || plotSize != nil, plots.isEmpty, html == nil {
            throw ValidationError("--panels and --plot-size shape the figures of --plot and --html; add one of them")
        }
        if let html, URL(fileURLWithPath: html).pathExtension.lowercased() != "html" {
            throw ValidationError("--html writes HTML: give a file name ending in .html")
        }
    }

    /// The format of a `--plot` file.
    func format(of path: String) throws -> PlotFormat {
        guard let format = PlotFormat(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased()) else {
            throw ValidationError("--plot \(path): give a file name ending in .svg, .pdf or .tex")
        }
        return format
    }

    /// The panels and size asked for.
    func figureOptions() throws -> FigureOptions {
        var chosen: [FigurePanel]? = nil
        if let panels {
            chosen = try panels.split(separator: ",", omittingEmptySubsequences: false).map { part in
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let panel = FigurePanel(rawValue: name) else {
                    throw ValidationError("--panels: unknown panel '\(name)' (accuracy, histograms, bounds)")
                }
                return panel
            }
        }
        guard let plotSize else { return FigureOptions(panels: chosen) }
        let parts = plotSize.lowercased().split(separator: "x").map { Double($0) }
        guard parts.count == 2, let w = parts[0], let h = parts[1], w.isFinite, h.isFinite,
              w >= FigureOptions.minimumSize.width, h >= FigureOptions.minimumSize.height, w <= 10_000, h <= 10_000 else {
            throw ValidationError("--plot-size must be WxH with 480 ≤ W ≤ 10000 and 240 ≤ H ≤ 10000 pixels, got '\(plotSize)'")
        }
        return FigureOptions(panels: chosen, panelWidth: w, panelHeight: h)
    }

    /// The outputs these options name, for `checkOutputs`.
    var outputs: [(option: String, path: String)] {
        plots.map { ("--plot", $0) } + (html.map { [("--html", $0)] } ?? [])
    }

    /// Fails before any work when a PDF is asked for and `rsvg-convert` is missing.
    func checkTools() throws {
        for plot in plots where try format(of: plot) == .pdf { try PDFConversion.checkAvailable(for: plot) }
    }

    /// The files to write beside the table.
    func sideFiles(for table: DatasetTable, commandLine: String) throws -> [SideFile] {
        let options = try figureOptions()
        let svg = SVGPlot.render(table, options: options)
        var files: [SideFile] = []
        for plot in plots {
            switch try format(of: plot) {
            case .svg: files.append(SideFile(option: "--plot", path: plot, contents: svg))
            case .pdf: files.append(SideFile(option: "--plot", path: plot, bytes: try PDFConversion.pdf(from: svg, for: plot)))
            case .tex: files.append(SideFile(option: "--plot", path: plot, contents: PGFPlotsFigure.render(table, options: options)))
            }
        }
        if let html {
            files.append(SideFile(option: "--html", path: html,
                                  contents: HTMLReport.render(table, commandLine: commandLine, figure: svg)))
        }
        return files
    }
}
