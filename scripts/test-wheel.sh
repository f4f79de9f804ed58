#!/usr/bin/env bash
# Integration test of the Python package (pyproject.toml): builds the wheel with
# maturin, installs it into a fresh virtual environment with pip from a local
# directory only (no index, no network), and runs the installed `dpalint`
# command on a shipped example.
#
# Needs python3 (venv), cargo. Installs maturin from PyPI (scripts/build-wheel.sh).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test-wheel: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n1)
wheel=$("$repo/scripts/build-wheel.sh")
name=$(basename "$wheel")
[[ "$name" == dpalint-"$version"-py3-none-*.whl ]] || fail "unexpected wheel name $name"

# The wheel holds the binary as a script, the metadata, and nothing else.
python3 - "$wheel" "$version" <<'PY' || fail "the wheel's contents are wrong"
import sys, zipfile
wheel, version = sys.argv[1], sys.argv[2]
names = zipfile.ZipFile(wheel).namelist()
data = f"dpalint-{version}.data/scripts/"
scripts = [n for n in names if n.startswith(data)]
assert scripts == [data + "dpalint"], scripts
assert f"dpalint-{version}.dist-info/METADATA" in names, names
other = [n for n in names if not n.startswith((data, f"dpalint-{version}.dist-info/"))]
assert not other, f"unexpected files: {other}"
meta = zipfile.ZipFile(wheel).read(f"dpalint-{version}.dist-info/METADATA").decode()
assert "Name: dpalint\n" in meta and f"Version: {version}\n" in meta, meta[:300]
size = zipfile.ZipFile(wheel).getinfo(data + "dpalint").file_size
print(f"test-wheel: wheel ok: {len(names)} files, binary {size / 1e6:.1f} MB")
assert size <= 15_000_000, f"the binary in the wheel is {size} bytes (> 15 MB)"
PY

say "installing into a fresh virtual environment from $(dirname "$wheel") only (no index)"
python3 -m venv "$work/venv"
start=$(date +%s.%N)
PIP_NO_INDEX=1 PIP_FIND_LINKS="$(dirname "$wheel")" "$work/venv/bin/pip" install --quiet \
    --disable-pip-version-check --no-cache-dir "dpalint==$version"
end=$(date +%s.%N)
say "pip install took $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"

dpalint="$work/venv/bin/dpalint"
[[ -x "$dpalint" ]] || fail "pip did not install the dpalint command into the venv's bin/"
got=$("$dpalint" --version | head -n1)
[[ "$got" == "dpalint $version" ]] || fail "dpalint --version printed '$got'"
say "$got"

# The shipped example with its documented result (examples/README.md): 1 error,
# 3 warnings, 1 info, so exit code 1. Run from elsewhere with the venv activated, as a user would.
set +e
(cd "$work" && PATH="$work/venv/bin:$PATH" dpalint check "$repo/examples/saas-startup" --format json) \
    >"$work/out.json" 2>"$work/err.txt"
code=$?
set -e
[[ $code -eq 1 ]] || { cat "$work/err.txt"; fail "exit code $code, expected 1"; }
python3 - "$work/out.json" <<'PY' || fail "unexpected findings on examples/saas-startup"
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
assert (summary["errors"], summary["warnings"], summary["infos"]) == (1, 3, 1), summary
print(f"test-wheel: dpalint check examples/saas-startup: {summary}")
PY
(cd "$work" && "$dpalint" check "$repo/examples/saas-startup" --color never) >"$work/human.txt" 2>&1 || true
grep -q 'DPA0' "$work/human.txt" || fail "human output names no rule"
say "PASS: wheel $name installs from a local directory and checks examples/saas-startup (exit 1, 1 error, 3 warnings, 1 info)"
