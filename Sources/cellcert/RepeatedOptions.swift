import ArgumentParser

/// Options given more than once. The parser collects the values of the
/// repeatable ones (`--epsilon 0.1 --epsilon 1`) but silently keeps only the
/// last value of every other option (`--scale 255 … --scale 1`), so that an
/// earlier value would have no effect; those are refused before parsing.
enum RepeatedOptions {
    /// The options whose values are collected (arrays): every `--help`
    /// usage line marks them with `...` (a test keeps this list in step).
    static let repeatable: Set<String> = ["--index", "--norm", "--epsilon", "--distance", "--dimensions", "--hidden", "--depths", "--plot"]

    /// Refuses a non-repeatable option that occurs twice in `arguments`
    /// (up to a `--` terminator), in either spelling `--name value` or `--name=value`.
    ///
    /// - Throws: `ValidationError` naming the option (a usage error).
    static func check(_ arguments: [String]) throws {
        var seen = Set<String>()
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            guard !repeatable.contains(name), name != "--help" else { continue }
            guard seen.insert(name).inserted else {
                throw ValidationError("\(name) is given more than once; give it once (only \(repeatable.sorted().joined(separator: ", ")) repeat)")
            }
        }
    }
}
