#!/usr/bin/env bash
# Integration test of `dpalint report ropa --format html` in a real browser:
# Debian's Chromium (installed with apt-get when missing) driven by
# playwright-core from npm (no browser download: it launches
# /usr/bin/chromium). For the shipped saas-startup example and the fixture
# with hostile names (tests/fixtures/reports) it checks that the page
# renders (a screenshot that is not blank), that every activity and client
# is in the DOM, that no console message or page error appears (no script
# runs from the inventory's values), and that print media works (the print
# stylesheet applies and a PDF has pages). The transfer maps (Mermaid, in
# every --group-by) are rendered by Mermaid itself (npm) in the same browser.
#
#   scripts/test-report-html.sh              run the checks
#   scripts/test-report-html.sh --screenshot also rewrite docs/report-register.png
#
# Needs cargo, node and npm; apt-get (root or sudo) when Chromium is missing.
# DPALINT=/path/to/dpalint skips the release build.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test-report-html: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }
started=$SECONDS

chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x "$chromium" ]]; then
    say "installing Debian's chromium"
    sudo=""
    [[ "$(id -u)" != 0 ]] && sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
say "using $("$chromium" --version 2>/dev/null | head -n1)"

(cd "$work" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --silent playwright-core@1 mermaid@11 >/dev/null) ||
    fail "npm install playwright-core mermaid"
say "using playwright-core $(node -p "require('$work/node_modules/playwright-core/package.json').version")"

# DPALINT=path/to/dpalint reuses a binary you already built (any profile).
dpalint=${DPALINT:-}
if [[ -z "$dpalint" ]]; then
    target=${CARGO_TARGET_DIR:-$repo/target}
    (cd "$repo" && cargo build --release --locked --quiet --bin dpalint)
    dpalint="$target/release/dpalint"
fi

cases=()
for project in examples/saas-startup tests/fixtures/reports; do
    name=$(basename "$project")
    "$dpalint" report ropa "$repo/$project" --format html -o "$work/$name.html" -q
    "$dpalint" report ropa "$repo/$project" --format json -o "$work/$name.json" -q
    cases+=("$work/$name.html" "$work/$name.json")
    # The transfer map, in each grouping, for Mermaid's own parser and renderer.
    for group in processor country none; do
        "$dpalint" report transfers "$repo/$project" --group-by "$group" -o "$work/$name-$group.mmd" -q
    done
done

screenshot=""
if [[ "${1:-}" == "--screenshot" ]]; then
    screenshot="$repo/docs/report-register.png"
fi
MERMAID="$work/node_modules/mermaid/dist/mermaid.min.js" MAPS="$(ls "$work"/*.mmd | tr '\n' ' ')" \
NODE_PATH="$work/node_modules" CHROMIUM="$chromium" SCREENSHOT="$screenshot" PROFILE="$work/profile" \
    node "$repo/scripts/report-html-check.cjs" "${cases[@]}" || fail "browser checks"
say "ok ($((SECONDS - started)) s)"
