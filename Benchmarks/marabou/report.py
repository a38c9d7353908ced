"""The cross-check's Markdown report, rendered from its JSON document."""

from __future__ import annotations

import statistics

#: How a Marabou check ended: it confirmed our answer, contradicted it, or could not decide.
OUTCOMES = ("agree", "disagree", "inconclusive")

#: The checks, in the order of the report's columns (named as in crosscheck.py).
CHECK_KINDS = ("0.999·R", "1.001·R", "0.999·lower", "whole domain")


def check_kinds():
    return CHECK_KINDS


def count_outcomes(suite, method, kind) -> dict:
    """How the checks of one kind on answers of `method` ended, over the suite's inputs."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for row in suite["inputs"]:
        for check in row["checks"]:
            if check["kind"] == kind and method in check["methods"]:
                counts[check["outcome"]] += 1
    return counts


def summarise_seconds(suite) -> dict:
    """Marabou's answers and seconds over every distinct query of the suite."""
    queries = {}
    for row in suite["inputs"]:
        for check in row["checks"]:
            for q in check["queries"]:
                queries[(row["index"], check["radius"], q["rival"])] = q
    seconds = [q["seconds"] for q in queries.values()]
    verdicts = [q["verdict"] for q in queries.values()]
    return {"queries": len(seconds), "sat": verdicts.count("sat"), "unsat": verdicts.count("unsat"),
            "other": len(verdicts) - verdicts.count("sat") - verdicts.count("unsat"),
            "median": statistics.median(seconds) if seconds else 0.0,
            "mean": statistics.fmean(seconds) if seconds else 0.0, "max": max(seconds, default=0.0)}


def render_markdown(document: dict) -> str:
    env = document["environment"]
    lines = ["# cellcert ↔ Marabou cross-check", ""]
    lines.append(f"{env['date']}, {env['mode']} mode; cellcert `{env['cellcert']}` at commit {env['gitCommit']}"
                 + (" (uncommitted changes in the tree)" if env["gitDirty"] else "")
                 + f"; maraboupy {env['maraboupy']} (Python {env['python']}); {env['cpus']} CPUs, "
                 f"load average {env['loadAverageAtStart']:.1f} at the start; total {env['totalSeconds']:.0f} s.")
    lines.append("All times are wall-clock seconds on a shared machine.")
    lines += ["", "## Preflight: Marabou on VNN-COMP's test instances", "",
              "| instance | expected | Marabou | s |", "|---|---|---|---|"]
    for row in document["preflight"]:
        mark = "" if row["marabou"] == row["expected"] else " **(wrong)**"
        lines.append(f"| {row['instance']} | {row['expected']} | {row['marabou']}{mark} | {row['seconds']:.2f} |")
    if document["robustness"]:
        lines += _robustness(document["robustness"])
    if document["properties"]:
        lines += _properties(document["properties"])
    return "\n".join(lines) + "\n"


def _robustness(suites) -> list:
    lines = ["", "## Distance to the decision boundary (L∞)", "",
             "Our `certify --boundary --norm linf` per input; Marabou on the L∞ box around x (∩ domain): "
             "at 0.999·R every rival class must be unreachable (all unsat), at 1.001·R some rival reachable "
             "(a sat); for a `bounded` answer, 0.999·lower must be all unsat. Cells: agree/disagree/inconclusive "
             "(inconclusive = Marabou timed out or failed). Witnesses are re-evaluated in float64 by an "
             "independent evaluator.", "",
             "| network | method | inputs | exact | bounded | other | ours s (median / max) | "
             "witness changes class | 0.999·R unsat | 1.001·R sat | 0.999·lower unsat | whole domain unsat |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    unavailable = {}
    for suite in suites:
        for method in _methods(suite):
            entries = [row["methods"][method] for row in suite["inputs"] if method in row["methods"]]
            statuses = [e["status"] for e in entries]
            if all(s == "unavailable" for s in statuses):
                lines.append(f"| {suite['suite']} | {method} | {len(entries)} | unavailable¹ |" + " — |" * 8)
                unavailable.setdefault(entries[0]["error"], []).append(f"{suite['suite']} {method}")
                continue
            seconds = [e["seconds"] for e in entries if e.get("seconds") is not None]
            witnesses = [e["witness"] for e in entries if e.get("witness")]
            changed = sum(1 for w in witnesses if w["changesClass"])
            witness_cell = f"{changed}/{len(witnesses)}" if changed == len(witnesses) else f"**{changed}/{len(witnesses)}**"
            counts = {kind: count_outcomes(suite, method, kind) for kind in check_kinds()}
            lines.append(
                f"| {suite['suite']} | {method} | {len(entries)} | {statuses.count('exact')} | "
                f"{statuses.count('bounded')} | {len(entries) - statuses.count('exact') - statuses.count('bounded')} | "
                f"{statistics.median(seconds):.2f} / {max(seconds):.2f} | {witness_cell} | "
                + " | ".join(_outcome_cell(counts[kind]) for kind in check_kinds()) + " |")
    for message, where in unavailable.items():
        lines.append(f"\n¹ {', '.join(where)}: `{message}`")
    lines += ["", "Marabou seconds per query (all queries of the network):", "",
              "| network | queries | sat | unsat | timeout/other | median s | mean s | max s |",
              "|---|---|---|---|---|---|---|---|"]
    for suite in suites:
        s = summarise_seconds(suite)
        if s["queries"]:
            lines.append(f"| {suite['suite']} | {s['queries']} | {s['sat']} | {s['unsat']} | {s['other']} | "
                         f"{s['median']:.2f} | {s['mean']:.2f} | {s['max']:.2f} |")
        else:
            lines.append(f"| {suite['suite']} | 0 | | | | | | |")
    lines += _method_agreement(suites)
    for suite in suites:
        lines += _per_input(suite)
    return lines


def _methods(suite) -> list:
    """The methods of the suite, in the order they were run."""
    return list(dict.fromkeys(m for row in suite["inputs"] for m in row["methods"]))


def _outcome_cell(counts) -> str:
    if not sum(counts.values()):
        return "—"
    text = "/".join(str(counts[o]) for o in OUTCOMES)
    return f"**{text}**" if counts["disagree"] else text


def _method_agreement(suites) -> list:
    lines = ["", "Search and MILP, both exact on the same input: equal R (relative 1e-6)?", ""]
    found = False
    for suite in suites:
        pairs = [(row["methods"]["search"]["distance"], row["methods"]["milp"]["distance"])
                 for row in suite["inputs"]
                 if row["methods"].get("search", {}).get("status") == "exact"
                 and row["methods"].get("milp", {}).get("status") == "exact"]
        if not pairs:
            continue
        found = True
        finite = [(a, b) for a, b in pairs if a is not None and b is not None]
        equal = sum(1 for a, b in finite if abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b)))
        equal += sum(1 for a, b in pairs if a is None and b is None)
        worst = max((abs(a - b) / max(abs(a), abs(b), 1e-300) for a, b in finite), default=0.0)
        lines.append(f"- {suite['suite']}: {equal}/{len(pairs)} equal; largest relative difference {worst:.2e}")
    if not found:
        lines.append("- no input with both methods exact")
    return lines


def _describe(entry) -> str:
    status = entry["status"]
    if status == "unavailable":
        return "unavailable"
    seconds = f" ({entry['seconds']:.2f} s)" if entry.get("seconds") is not None else ""
    if status == "exact":
        value = "∞ (no change in domain)" if entry["distance"] is None else f"{entry['distance']:.6g}"
        return f"exact {value}{seconds}"
    if status == "bounded":
        upper = "∞" if entry["upper"] is None else f"{entry['upper']:.4g}"
        return f"bounded [{entry['lower']:.4g}, {upper}]{seconds}"
    return f"{status}{seconds}"


def _check_text(check) -> str:
    queries = check["queries"]
    seconds = sum(q["seconds"] for q in queries)
    if check["expect"] == "unsat":
        if check["outcome"] == "agree":
            return f"✓ {len(queries)} unsat ({seconds:.1f} s)"
        if check["outcome"] == "disagree":
            q = next(q for q in queries if q["verdict"] == "sat")
            return (f"✗ sat, rival {q['rival']} (float64 class {q.get('classFloat64')}, "
                    f"advantage {q.get('advantageFloat64', 0):.2e})")
        return "? " + ", ".join(q["verdict"] for q in queries) + f" ({seconds:.1f} s)"
    if check["outcome"] == "agree":
        q = next(q for q in queries if q["verdict"] == "sat")
        strict = "" if q.get("classFloat64") != check.get("class") else ", tie"
        return f"✓ sat, rival {q['rival']}{strict} ({seconds:.1f} s)"
    if check["outcome"] == "disagree":
        return f"✗ all {len(queries)} unsat ({seconds:.1f} s)"
    return "? " + ", ".join(q["verdict"] for q in queries) + f" ({seconds:.1f} s)"


def _per_input(suite) -> list:
    methods = _methods(suite)
    kinds = check_kinds()
    lines = ["", f"### {suite['suite']} (`{suite['onnx']}`, {suite['decision']}; cellcert --timeout "
             f"{suite['cellcertTimeout']:g} s, Marabou {suite['marabouTimeout']:g} s per query)", ""]
    header = ["#", "class"] + [f"{m}: R or [lower, upper]" for m in methods] + [f"Marabou {k}" for k in kinds]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in suite["inputs"]:
        cls = str(row["class"]) + (f" (label {row['label']})" if row.get("label") is not None else "")
        cells = [str(row["index"]), cls] + [_describe(row["methods"][m]) if m in row["methods"] else "" for m in methods]
        answered = [m for m, e in row["methods"].items() if e["status"] != "unavailable"]
        for kind in kinds:
            checks = [c for c in row["checks"] if c["kind"] == kind]
            # Name the methods only when the check does not stand for every method that answered.
            cells.append("; ".join(("" if len(checks) == 1 and set(c["methods"]) == set(answered) else
                                    "+".join(c["methods"]) + ": ") + _check_text({**c, "class": row["class"]})
                                   for c in checks) or "—")
        lines.append("| " + " | ".join(cells) + " |")
    notes = []
    for row in suite["inputs"]:
        for method, entry in row["methods"].items():
            witness = entry.get("witness")
            if witness and not witness["changesClass"]:
                notes.append(f"- input {row['index']}, {method}: the witness (class {entry['witnessClass']} in "
                             f"cellcert) evaluates to class {witness['classFloat64']} in float64 here; advantage "
                             f"{witness['advantageFloat64']:.2e}, outputs differ from cellcert's by "
                             f"{witness['maxOutputDifference']:.1e}")
            if witness and (not witness["inDomain"] or witness["distanceError"] > 1e-9):
                notes.append(f"- input {row['index']}, {method}: witness in domain {witness['inDomain']}, "
                             f"distance error {witness['distanceError']:.1e}")
            if not entry.get("classAgrees", True):
                notes.append(f"- input {row['index']}, {method}: cellcert's class {entry['predictedClass']} ≠ "
                             f"float64 class {row['class']}")
    if notes:
        lines += ["", "Findings:", *notes]
    return lines


def _properties(rows) -> list:
    lines = ["", "## ACAS Xu properties (VNN-LIB, both tools read the same file)", "",
             "| property | net | cellcert | s | Marabou | s | agree? | counterexample valid (float64) |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        ours, theirs = row["cellcert"], row["marabou"]

        def valid(answer):
            v = answer.get("counterexampleValid")
            return "" if v is None else ("yes" if v else "**no**")

        verdict = ours["verdict"] + (f" ({ours['detail']})" if ours["verdict"] == "error" and ours.get("detail") else "")
        agreement = f"**{row['agreement']}**" if row["agreement"] == "DISAGREE" else row["agreement"]
        checked = ", ".join(f"{who} {valid(a)}" for who, a in (("cellcert", ours), ("Marabou", theirs)) if valid(a))
        lines.append(f"| {row['property']} | {row['net']} | {verdict} | {ours['seconds']:.1f} | {theirs['verdict']} | "
                     f"{theirs['seconds']:.1f} | {agreement} | {checked} |")
    decided = [r for r in rows if r["agreement"] != "inconclusive"]
    lines += ["", f"Both answered on {len(decided)}/{len(rows)} pairs; agree on "
              f"{sum(1 for r in decided if r['agreement'] == 'agree')}, disagree on "
              f"{sum(1 for r in decided if r['agreement'] == 'DISAGREE')}."]
    return lines
