#!/usr/bin/env bash
# Make Benchmarks/marabou/.venv (maraboupy from PyPI, pinned in requirements.txt)
# if it is missing or out of date, then run crosscheck.py with the given arguments.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] > (3, 11))'; then
        echo "maraboupy 2.0.0 has wheels for CPython <= 3.11 only; run with PYTHON=python3.11 (or older)" >&2
        exit 1
    fi
    echo "Creating $venv" >&2
    "$python" -m venv "$venv"
fi
stamp="$venv/.requirements-installed"
if [ ! -f "$stamp" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
    echo "Installing $(grep -v '^#' "$here/requirements.txt" | tr '\n' ' ')" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$stamp"
fi
exec "$venv/bin/python" "$here/crosscheck.py" "$@"
