#!/usr/bin/env bash
# Runs the steps of action.yml as GitHub would, with the GitHub environment
# variables pointing at temporary files: on a clean project (step passes) and
# on a project with findings (annotations, SARIF, job summary, step fails).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test-action: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }

# The composite action must run exactly these two scripts.
grep -q 'scripts/action-install.sh' "$repo/action.yml" || fail "action.yml does not run action-install.sh"
grep -q 'scripts/action-run.sh' "$repo/action.yml" || fail "action.yml does not run action-run.sh"

export GITHUB_ACTION_PATH="$repo"
export RUNNER_TEMP="$work/runner-temp"
export GITHUB_PATH="$work/github_path"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/pre-commit-hook}"
mkdir -p "$RUNNER_TEMP"
: > "$GITHUB_PATH"

say "step 1: install (cargo install from the checkout)"
"$repo/scripts/action-install.sh"
PATH="$(cat "$GITHUB_PATH"):$PATH"
export PATH

# Inputs as action.yml passes them (defaults).
run_step() {
    local dir=$1
    export GITHUB_OUTPUT="$work/output-$2" GITHUB_STEP_SUMMARY="$work/summary-$2"
    : > "$GITHUB_OUTPUT"; : > "$GITHUB_STEP_SUMMARY"
    (cd "$dir" && INPUT_PATHS="." INPUT_ARGS="" INPUT_FAIL_ON="error" INPUT_SARIF_FILE="dpalint.sarif" INPUT_ANNOTATIONS="true" \
        "$repo/scripts/action-run.sh") > "$work/stdout-$2" 2> "$work/stderr-$2"
}

say "step 2 on a clean project"
cp -r "$repo/tests/fixtures/clean" "$work/clean"
run_step "$work/clean" clean || fail "the step failed on a clean project: $(cat "$work/stderr-clean")"
grep -q '^exit-code=0$' "$work/output-clean" || fail "exit-code output is not 0"
[ -s "$work/clean/dpalint.sarif" ] || fail "no SARIF written"
grep -q 'dpalint' "$work/summary-clean" || fail "no job summary written"

say "step 2 on a project with findings"
cp -r "$repo/tests/fixtures/formats" "$work/findings"
if run_step "$work/findings" findings; then
    fail "the step passed although there are errors"
fi
cat "$work/stdout-findings"
grep -q '^exit-code=1$' "$work/output-findings" || fail "exit-code output is not 1"
grep -q '^::error file=' "$work/stdout-findings" || fail "no ::error annotations in the log"
grep -q '^::warning file=' "$work/stdout-findings" || fail "no ::warning annotations in the log"
grep -q '^sarif-file=dpalint.sarif$' "$work/output-findings" || fail "sarif-file output missing"
python3 - "$work/findings/dpalint.sarif" <<'PY' || fail "the SARIF report is not valid"
import json, sys
sarif = json.load(open(sys.argv[1]))
assert sarif["version"] == "2.1.0", sarif["version"]
results = sarif["runs"][0]["results"]
assert results, "no results"
for r in results:
    loc = r["locations"][0]["physicalLocation"]
    assert not loc["artifactLocation"]["uri"].startswith("/"), "absolute path in SARIF"
    assert loc["region"]["startLine"] >= 1
print(f"SARIF ok: {len(results)} results, {len(sarif['runs'][0]['tool']['driver']['rules'])} rules")
PY
grep -q '|' "$work/summary-findings" || fail "the job summary has no table"
say "job summary:"
head -20 "$work/summary-findings"
say "PASS: clean project passes; findings fail the step with annotations, SARIF and a job summary"
