#!/usr/bin/env bash
# Integration test of `dpalint server` with a real editor: Neovim (the Debian
# package, headless) and its built-in LSP client open a copy of
# tests/fixtures/lsp, wait for the diagnostics, jump to the definition of a
# recipient id in another file, and see an unsaved edit there update the first
# file's diagnostics (scripts/lsp/nvim-test.lua).
#
# Needs cargo; installs neovim with apt-get when `nvim` is missing (as root or
# through sudo). Builds the release binary into $CARGO_TARGET_DIR (default
# target/integration, shared with the other integration scripts).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test-lsp: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }

if ! command -v nvim >/dev/null; then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    say "installing neovim (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends neovim >/dev/null
fi
say "$(nvim --version | head -n1)"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/integration}"
cargo build --quiet --release --locked --bin dpalint --manifest-path "$repo/Cargo.toml"
bin="$CARGO_TARGET_DIR/release/dpalint"

cp -R "$repo/tests/fixtures/lsp/." "$work/"
cd "$work"
# -u NONE: no user configuration; -i NONE: no shada; -n: no swap files.
if ! DPALINT="$bin" timeout 120 nvim --headless -u NONE -i NONE -n \
    -c "luafile $repo/scripts/lsp/nvim-test.lua" >"$work/nvim.out" 2>"$work/nvim.err"; then
    cat "$work/nvim.out" "$work/nvim.err" >&2
    fail "Neovim's LSP session failed"
fi
sed 's/^/  /' "$work/nvim.out"
grep -qx ok "$work/nvim.out" || fail "the Neovim script did not finish"
say "ok"
