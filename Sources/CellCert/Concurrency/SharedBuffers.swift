// Raw buffers shared by concurrent workers while the owning arrays are pinned
// (`withUnsafe…BufferPointer`); the workers touch disjoint parts, so no lock is needed.

/// A buffer that concurrent workers (``RowChunks``, ``ProductPanels``) write, each its own part.
struct SharedOutput: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

/// A buffer that concurrent workers (``RowChunks``, ``ProductPanels``) read.
struct SharedInput: @unchecked Sendable {
    let base: UnsafePointer<Double>
}
