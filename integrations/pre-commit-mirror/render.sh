#!/usr/bin/env bash
# Renders the pre-commit mirror repository (a `language: python` hook that
# installs the prebuilt dpalint wheel) for one dpalint version into OUT_DIR.
#
#   integrations/pre-commit-mirror/render.sh OUT_DIR [VERSION]   (default: Cargo.toml's version)
#
# Publishing: render into a checkout of dpalint/dpalint-pre-commit after the
# wheels are on PyPI, commit, tag v<VERSION>, push. scripts/test-pre-commit.sh
# renders it into a scratch git repository and runs it with real pre-commit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render.sh OUT_DIR [VERSION]}
version=${2:-$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/../../Cargo.toml" | head -n1)}
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+.][0-9A-Za-z.]+)?$ ]] || {
    echo "render.sh: not a version: '$version'" >&2
    exit 2
}
mkdir -p "$out"
for f in .pre-commit-hooks.yaml pyproject.toml README.md; do
    sed "s/@VERSION@/$version/g" "$here/template/$f" > "$out/$f"
done
