/// An SMT-LIB s-expression with the line it starts on, as read by `VNNLib`.
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

    /// The expression as text, shortened for error messages.
    var summary: String {
        let text: String
        switch self {
        case .atom(let s, _): text = s
        case .list(let items, _): text = "(" + items.map(\.summary).joined(separator: " ") + ")"
        }
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    /// The top-level expressions of `text`. `;` starts a comment to the end of
    /// the line; `|…|` quoted symbols and strings are not part of the subset.
    ///
    /// - Throws: `ModelFormatError` for unbalanced parentheses or a stray character.
    static func parse(_ text: String, name: String) throws -> [VNNLibSExpression] {
        var stack: [(items: [VNNLibSExpression], line: Int)] = []
        var top: [VNNLibSExpression] = []
        var line = 1
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
            if inComment {
                if c == "\n" { inComment = false; line += 1 }
                continue
            }
            switch c {
            case "\n", "\r", " ", "\t":
                flush()
                if c == "\n" { line += 1 }
            case ";":
                flush()
                inComment = true
            case "(":
                flush()
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
        return top
    }
}
