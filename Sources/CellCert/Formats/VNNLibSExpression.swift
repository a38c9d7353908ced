/// An SMT-LIB s-expression with the line it starts on, as read by `VNNLib`.
///
/// Nothing walks the tree recursively: `parse`, `summary` and `release` use
/// explicit stacks, and `VNNLib` reads formulas and terms with one too, so
/// the thread's stack does not limit the nesting; `maximumDepth` does.
indirect enum VNNLibSExpression: Sendable {
    /// A symbol or numeral, e.g. `assert`, `X_0`, `-0.3`.
    case atom(String, line: Int)
    /// A parenthesised list.
    case list([VNNLibSExpression], line: Int)

    /// The 1-based line the expression starts on.
    var line: Int {
        switch self {
        case .atom(_, let line), .list(_, let line): return line
        }
    }

    /// The expression as text, shortened for error messages: its first 60
    /// characters, then `…` if there is more. Only those are written.
    var summary: String {
        let limit = 60
        var text = ""
        // The siblings still to write at each open level, and whether one was written.
        var levels: [(rest: ArraySlice<VNNLibSExpression>, started: Bool)] = [([self][...], false)]
        while text.count <= limit, var level = levels.popLast() {
            guard let next = level.rest.popFirst() else {
                if !levels.isEmpty { text += ")" }
                continue
            }
            if level.started { text += " " }
            level.started = true
            levels.append(level)
            switch next {
            case .atom(let s, _): text += s
            case .list(let items, _):
                text += "("
                levels.append((items[...], false))
            }
        }
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// Releases `expressions` one node at a time, leaving the array empty.
    ///
    /// Letting a tree go out of scope releases it recursively, one stack
    /// frame per level of nesting; here every node's children are held by a
    /// work list before the node itself is released, so no release recurses.
    static func release(_ expressions: inout [VNNLibSExpression]) {
        var pending = expressions
        expressions = []
        while let expression = pending.popLast() {
            if case .list(let items, _) = expression { pending.append(contentsOf: items) }
        }
    }

    /// The deepest nesting of parentheses `parse` accepts: 1,000 levels.
    ///
    /// Nothing recurses over the nesting (see the type), so this is not what
    /// keeps the stack safe; it refuses files no tool writes (real properties
    /// nest a few levels) before their trees are built, and it bounds any walk
    /// added later. To raise it, change it here and rebuild.
    static let maximumDepth = 1_000

    /// The top-level expressions of `text`. `;` starts a comment to the end of
    /// the line; `|…|` quoted symbols and strings are not part of the subset.
    ///
    /// - Throws: `ModelFormatError` for unbalanced parentheses, nesting deeper
    ///   than `maximumDepth` (with the line and column of the `(` too many), or
    ///   a stray character.
    static func parse(_ text: String, name: String) throws -> [VNNLibSExpression] {
        var stack: [(items: [VNNLibSExpression], line: Int)] = []
        var top: [VNNLibSExpression] = []
        do {
            try read(text, name: name, stack: &stack, top: &top)
        } catch {
            // What was read so far may be deeply nested.
            release(&top)
            for k in stack.indices { release(&stack[k].items) }
            throw error
        }
        return top
    }

    /// The reading of `parse`, into `top` with `stack` holding the lists still open.
    private static func read(_ text: String, name: String, stack: inout [(items: [VNNLibSExpression], line: Int)],
                             top: inout [VNNLibSExpression]) throws {
        var line = 1
        var column = 0  // of the current character, 1-based once it is read
        var token = ""
        var tokenLine = 1
        func flush() {
            guard !token.isEmpty else { return }
            let atom = VNNLibSExpression.atom(token, line: tokenLine)
            if stack.isEmpty { top.append(atom) } else { stack[stack.count - 1].items.append(atom) }
            token = ""
        }
        var inComment = false
        for c in text.unicodeScalars {
            column += 1
            if inComment {
                if c == "\n" { inComment = false; line += 1; column = 0 }
                continue
            }
            switch c {
            case "\n", "\r", " ", "\t":
                flush()
                if c == "\n" { line += 1; column = 0 }
            case ";":
                flush()
                inComment = true
            case "(":
                flush()
                guard stack.count < maximumDepth else {
                    throw ModelFormatError(file: name, line: line, message:
                        "column \(column): parentheses nested deeper than the limit of \(maximumDepth) levels")
                }
                stack.append(([], line))
            case ")":
                flush()
                guard let (items, start) = stack.popLast() else {
                    throw ModelFormatError(file: name, line: line, message: "unbalanced ')'")
                }
                let list = VNNLibSExpression.list(items, line: start)
                if stack.isEmpty { top.append(list) } else { stack[stack.count - 1].items.append(list) }
            case "|", "\"":
                throw ModelFormatError(file: name, line: line, message: "quoted symbols and strings are not supported")
            default:
                if token.isEmpty { tokenLine = line }
                token.unicodeScalars.append(c)
            }
        }
        flush()
        if let open = stack.last {
            throw ModelFormatError(file: name, line: open.line, message: "'(' is never closed")
        }
    }
}
