/// Formats of the result table of an instance list (`InstanceTable`).
public enum InstanceTableFormat: String, CaseIterable, Sendable {
    /// Aligned columns, the counts, the total time and the notes.
    case text
    /// A GitHub-flavoured Markdown table, then the counts and notes.
    case markdown
    /// Rows only: `index,onnx,vnnlib,timeout,result,seconds,note`.
    case csv
    /// One object: `list`, `counts`, `seconds` and every result with its counterexample.
    case json
}
