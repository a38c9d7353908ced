"""Run the `cellcert` executable and read its answers.

`certify --boundary --format json` is the source of our distances; `verify`
of our property verdicts. A command that fails (non-zero exit, e.g. a method
not built yet) is recorded with its message instead of stopping the whole
cross-check. Certify runs are cached under the results folder, keyed by the
command line and the executable's size and modification time, because they
dominate the run time and a re-run that only changes Marabou's side should not
repeat them (`--fresh` ignores the cache).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass


@dataclass
class CommandFailure:
    """A cellcert command that did not produce an answer."""

    command: list
    message: str

    def to_json(self) -> dict:
        return {"command": " ".join(self.command), "error": self.message}


class CellCert:
    def __init__(self, executable: str, cache_dir: str, use_cache: bool):
        if not os.access(executable, os.X_OK):
            raise SystemExit(f"cellcert executable not found at {executable}; build it first (make build)")
        self.executable = executable
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        status = os.stat(executable)
        self.fingerprint = f"{status.st_size}-{int(status.st_mtime)}"
        os.makedirs(cache_dir, exist_ok=True)
        overview = subprocess.run([executable, "--help"], capture_output=True, text=True).stdout
        self.has_verify = re.search(r"^\s+verify\s", overview, re.MULTILINE) is not None

    def certify(self, model: str, arguments: list, hard_timeout: float):
        """The parsed JSON report of `cellcert certify MODEL ARGUMENTS --format json`,
        with `"wallSeconds"` added, or a `CommandFailure`."""
        command = [self.executable, "certify", model, *arguments, "--format", "json"]
        key = hashlib.sha256(json.dumps([command, self.fingerprint]).encode()).hexdigest()[:16]
        cache = os.path.join(self.cache_dir, f"certify-{key}.json")
        if self.use_cache and os.path.exists(cache):
            with open(cache) as handle:
                return json.load(handle)
        started = time.perf_counter()
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=hard_timeout)
        except subprocess.TimeoutExpired:
            return CommandFailure(command, f"killed after {hard_timeout:.0f} s")
        if run.returncode != 0:
            return CommandFailure(command, _first_line(run.stderr) or f"exit code {run.returncode}")
        report = json.loads(run.stdout)
        report["wallSeconds"] = time.perf_counter() - started
        report["command"] = " ".join(command)
        with open(cache, "w") as handle:
            json.dump(report, handle)
        return report

    def verify(self, model: str, property_path: str, timeout: float) -> dict:
        """`cellcert verify MODEL PROPERTY --timeout S`: verdict, counterexample, seconds."""
        command = [self.executable, "verify", model, property_path, "--timeout", f"{timeout:g}"]
        if not self.has_verify:
            return {"verdict": "error", "seconds": 0.0, "command": " ".join(command),
                    "detail": "this cellcert has no verify subcommand"}
        started = time.perf_counter()
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout + 60)
        except subprocess.TimeoutExpired:
            return {"verdict": "timeout", "seconds": time.perf_counter() - started,
                    "detail": f"killed after {timeout + 60:.0f} s", "command": " ".join(command)}
        seconds = time.perf_counter() - started
        lines = run.stdout.strip().splitlines()
        if run.returncode != 0 or not lines:
            return {"verdict": "error", "seconds": seconds, "command": " ".join(command),
                    "detail": _first_line(run.stderr) or f"exit code {run.returncode}"}
        verdict = lines[0].strip()
        answer = {"verdict": verdict, "seconds": seconds, "command": " ".join(command)}
        notes = [line.strip() for line in run.stderr.splitlines() if line.strip()]
        if notes:
            answer["detail"] = " ".join(notes)
        if verdict == "sat":
            answer["inputs"], answer["outputs"] = parse_counterexample("\n".join(lines[1:]))
        return answer


def parse_counterexample(text: str):
    """`((X_0 v) ... (Y_0 v) ...)` in VNN-COMP's format → (inputs, outputs) lists."""
    values = {}
    for kind, index, number in re.findall(r"\(\s*([XY])_(\d+)\s+([^\s()]+)\s*\)", text):
        values[(kind, int(index))] = float(number)

    def column(kind):
        count = 1 + max((i for k, i in values if k == kind), default=-1)
        return [values[(kind, i)] for i in range(count)]

    return column("X"), column("Y")


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0].strip() if lines else ""
