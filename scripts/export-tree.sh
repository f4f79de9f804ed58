#!/usr/bin/env bash
# Copies this checkout as a clone would see it (tracked and unignored files,
# including uncommitted changes; no target/, no .git) into DEST, which must not
# exist yet, and checks that every file arrived.
#
#   scripts/export-tree.sh DEST
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:?usage: export-tree.sh DEST}
if [[ -e "$dest" ]]; then
    echo "export-tree: $dest already exists" >&2
    exit 2
fi
mkdir -p "$dest"
# One tar reading the whole list: with `xargs tar`, a long list became several
# concatenated archives and the extracting tar stopped after the first one.
(cd "$repo" && git ls-files -co --exclude-standard -z |
    tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -C "$dest" -xf -
# Files deleted in the work tree but still tracked are not expected.
expected=$(cd "$repo" && git ls-files -co --exclude-standard | while IFS= read -r f; do [[ -e "$f" || -L "$f" ]] && echo; done | wc -l)
copied=$(cd "$dest" && find . \( -type f -o -type l \) | wc -l)
if [[ "$copied" -ne "$expected" ]]; then
    echo "export-tree: the copy in $dest has $copied of $expected files" >&2
    exit 1
fi
