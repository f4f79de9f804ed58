#!/usr/bin/env bash
# Packs one release archive and its checksum, as the GitHub Action expects them:
#
#   scripts/package-release.sh TARGET BINARY OUT_DIR
#
#   OUT_DIR/dpalint-<version>-<TARGET>.tar.gz          (.zip for Windows targets)
#     dpalint-<version>-<TARGET>/dpalint               (dpalint.exe on Windows)
#     dpalint-<version>-<TARGET>/README.md
#   OUT_DIR/dpalint-<version>-<TARGET>.tar.gz.sha256   "<sha256>  <archive name>" (sha256sum -c format)
#
# Used by .github/workflows/release.yml for every target and by
# scripts/test-action.sh to serve a release from a local HTTP server.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: package-release.sh TARGET BINARY OUT_DIR}
binary=${2:?usage: package-release.sh TARGET BINARY OUT_DIR}
out=${3:?usage: package-release.sh TARGET BINARY OUT_DIR}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n1)
[[ -f "$binary" ]] || { echo "package-release: no binary at $binary" >&2; exit 2; }

sha256() {
    if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

name="dpalint-$version-$target"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out"
out=$(cd "$out" && pwd)
exe=""
[[ "$target" == *windows* ]] && exe=".exe"
cp "$binary" "$stage/$name/dpalint$exe"
chmod 755 "$stage/$name/dpalint$exe"
cp "$repo/README.md" "$stage/$name/README.md"

if [[ "$target" == *windows* ]]; then
    archive="$name.zip"
    rm -f "$out/$archive"
    if command -v zip >/dev/null; then
        (cd "$stage" && zip -qr "$out/$archive" "$name")
    else
        (cd "$stage" && 7z a -tzip -bd "$out/$archive" "$name" >/dev/null)
    fi
else
    archive="$name.tar.gz"
    (cd "$stage" && tar -czf "$out/$archive" "$name")
fi
printf '%s  %s\n' "$(sha256 "$out/$archive")" "$archive" > "$out/$archive.sha256"
echo "$out/$archive"
