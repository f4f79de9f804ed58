#!/usr/bin/env bash
# Builds the dpalint wheel (pyproject.toml, maturin `bindings = "bin"`) for this
# machine into a wheel directory and prints the wheel's path on stdout.
#
#   scripts/build-wheel.sh [OUT_DIR]     default: $CARGO_TARGET_DIR/wheels (or target/wheels)
#
# maturin is installed from PyPI into a virtual environment under the target
# directory (kept between runs). The cargo build behind it uses the same
# CARGO_TARGET_DIR and release profile as `cargo install`, so after one of them
# the other only links: .ci/run shares one release build between this script,
# scripts/test-pre-commit.sh and scripts/test-action.sh.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$repo/target}
out=${1:-$target/wheels}
say() { printf 'build-wheel: %s\n' "$*" >&2; }

tools="$target/maturin-venv"
if ! "$tools/bin/maturin" --version >/dev/null 2>&1; then
    say "installing maturin into $tools"
    rm -rf "$tools"
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check -r "$repo/scripts/maturin-requirements.txt" >&2
fi
say "using $("$tools/bin/maturin" --version)"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n1)
mkdir -p "$out"
rm -f "$out"/dpalint-"$version"-*.whl
# --compatibility linux: a wheel for this machine only (tests); the release
# workflow builds the portable manylinux/musllinux ones.
(cd "$repo" && CARGO_TARGET_DIR="$target" "$tools/bin/maturin" build --release --locked \
    --compatibility linux --out "$out" >&2)
wheel=$(ls "$out"/dpalint-"$version"-*.whl)
say "built $wheel ($(du -k "$wheel" | cut -f1) KiB)"
echo "$wheel"
