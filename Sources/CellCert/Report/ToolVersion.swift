/// The version of CellCert, as `cellcert --version` prints it and reports may
/// record it. Semantic versioning: the minor number grows with new capabilities,
/// the major one when the JSON report or the command line break compatibility.
public enum ToolVersion {
    public static let string = "0.9.0"
}
