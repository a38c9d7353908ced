"""Writes the small seed files of the reader fuzz harness (make fuzz) that no other
fixture provides: a .npy array, an IDX array and a VNN-LIB property. The other seeds
are the fixtures themselves (Makefile, target fuzz). Deterministic; standard library only."""
import struct
from pathlib import Path

out = Path(__file__).resolve().parent.parent / "fuzz"
out.mkdir(exist_ok=True)

# .npy version 1.0: magic, version, header length, a Python-dict header padded to 16 bytes.
values = [0.0, 0.25, -1.5, 3.0, 1e-3, 7.0]
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
header += " " * ((16 - (10 + len(header) + 1) % 16) % 16) + "\n"
(out / "seed.npy").write_bytes(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()
                                + struct.pack("<6d", *values))

# IDX: two zero bytes, type 0x08 (unsigned byte), 3 dimensions, big-endian sizes, data.
(out / "seed.idx").write_bytes(b"\x00\x00\x08\x03" + struct.pack(">3I", 2, 2, 2) + bytes(range(8)))

(out / "seed.vnnlib").write_text("""; a small property: two inputs in a box, the unsafe set is Y_0 <= Y_1
(declare-const X_0 Real)
(declare-const X_1 Real)
(declare-const Y_0 Real)
(declare-const Y_1 Real)
(assert (>= X_0 -0.5))
(assert (<= X_0 0.5))
(assert (and (>= X_1 0) (<= X_1 (+ 0.25 0.25))))
(assert (or (and (<= Y_0 Y_1)) (and (>= (* 2 Y_1) (- Y_0 1e-3)))))
""")
