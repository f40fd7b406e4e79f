#!/usr/bin/env bash
# Bulwark against OWASP pytm 1.4.0 on the same synthetic model, side by side (issue 15):
# `bulwark check model.bulwark.ron --format json` against `python model.py --json out.json`,
# each run RUNS times in turn, printing the medians of CPU time and peak memory and the ratios.
#
#   benches/pytm-compare.sh [ELEMENTS=1000] [RUNS=5]
#
# pytm goes into a throwaway virtual environment (deleted at the end); without python3, or
# when pytm cannot be installed, the comparison is skipped with a message and exit status 0.
set -euo pipefail

elements=${1:-1000}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v python3 >/dev/null 2>&1; then
    echo "pytm-compare: python3 is not installed, so there is nothing to compare with; skipped"
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-pytm.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "Building bulwark and the model generator (release)..."
# Built apart, the program last: with an example in the same build, dev-dependencies' features
# join the program's and it is compiled differently from what `cargo build --release` makes.
(cd "$root" && cargo build --release --quiet --example pytm_model)
(cd "$root" && cargo build --release --quiet --bin bulwark)
# Where cargo put them: CARGO_TARGET_DIR when it is set.
release="${CARGO_TARGET_DIR:-$root/target}/release"
"$release/examples/pytm_model" --elements "$elements" -o "$work"

echo "Installing pytm 1.4.0 into a throwaway virtual environment..."
if ! python3 -m venv "$work/venv" >"$work/venv.log" 2>&1; then
    echo "pytm-compare: python3 cannot make a virtual environment (python3-venv missing?); skipped"
    exit 0
fi
if ! "$work/venv/bin/pip" install --quiet --disable-pip-version-check pytm==1.4.0 >"$work/pip.log" 2>&1; then
    echo "pytm-compare: pytm 1.4.0 could not be installed (see the log below); skipped"
    tail -5 "$work/pip.log"
    exit 0
fi

cd "$work"
python3 "$root/benches/pytm_measure.py" --runs "$runs" \
    --bulwark "$release/bulwark" --python "$work/venv/bin/python"
