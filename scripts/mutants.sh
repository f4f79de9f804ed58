#!/usr/bin/env bash
# Mutation testing of the verdicts: cargo-mutants changes the code of the
# rules (src/rules/) and of the policy evaluator one small edit at a time
# (a `>` becomes `>=`, a match arm is deleted, a function returns a default)
# and runs the tests that pin verdicts down. A mutant no test notices is a
# condition whose verdict could flip unseen.
#
#   scripts/mutants.sh                                   # all rules + policy evaluator
#   scripts/mutants.sh --file src/rules/transfers/tia_missing.rs
#   scripts/mutants.sh --file 'src/rules/transfers/**'  # one category
#   scripts/mutants.sh --shard 3/8                       # one eighth (the weekly workflow)
#
# Two passes, same verdict as one: pass 1 tries every mutant against the two
# fast test binaries that judge most verdicts (every rule's fixtures and the
# RULES-v2 acceptance examples); pass 2 tries only pass 1's survivors against
# the whole verdict set below. A mutant pass 1 catches, the whole set catches
# too, so the result equals one pass with the whole set, in about half the
# time. Only the test binaries a pass runs are built (`--cargo-arg`), and the
# build keeps its incremental state between mutants.
#
# Other arguments go to cargo-mutants (e.g. --jobs 2, --list). Writes
# mutants.out/pass1/ and mutants.out/pass2/ (cargo-mutants' own output:
# caught.txt, missed.txt, logs, diffs) and mutants-summary.md (counts, score,
# the missed mutants). Exits 0 whatever the score; read the summary.
set -euo pipefail
cd "$(dirname "$0")/.."

version=27.1.0
if ! cargo mutants --version 2>/dev/null | grep -qF "$version"; then
    cargo install --locked cargo-mutants --version "$version"
fi

files=()
shard=()
rest=()
while [ $# -gt 0 ]; do
    case "$1" in
    --file | -f)
        files+=(--file "$2")
        shift 2
        ;;
    --shard)
        shard=(--shard "$2")
        shift 2
        ;;
    *)
        rest+=("$1")
        shift
        ;;
    esac
done
if [ ${#files[@]} -eq 0 ]; then
    files=(--file 'src/rules/**/*.rs' --file 'src/policy/evaluate.rs' --file 'src/policy/scalar.rs')
fi

# `--test X` as a cargo argument reaches both `cargo test --no-run` and
# `cargo test`, so only these binaries are built for each mutant.
as_cargo_args() { for t in "$@"; do printf -- '-C\n--test\n-C\n%s\n' "$t"; done; }
mapfile -t fast < <(as_cargo_args rule_fixtures acceptance)
# The whole verdict set: the above plus format 1.1, infrastructure, policies,
# the shipped examples' expected findings, the terminology guard, the
# library's unit tests, and the CLI and formats tests (rule metadata reaches
# users through `dpalint rule`, `--select` and SARIF). The server, reports and
# diff tests are left out: they render verdicts, they do not judge them.
mapfile -t whole < <(as_cargo_args rule_fixtures acceptance format_1_1 infrastructure \
    policies examples term_guard cli formats)
whole+=(-C --lib)

# A mutated tree rebuilds one crate: incremental compilation makes that a few
# seconds, and debug info is not needed to see a test fail.
# A compiler wrapper such as sccache refuses incremental builds (and could not
# reuse them anyway), so none is used here.
export CARGO_INCREMENTAL=1 CARGO_PROFILE_DEV_DEBUG=false CARGO_PROFILE_TEST_DEBUG=false
export RUSTC_WRAPPER=
if command -v mold >/dev/null; then
    export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-fuse-ld=mold"
fi

out=mutants.out
rm -rf "$out" mutants-summary.md
mkdir -p "$out/pass1" "$out/pass2/mutants.out"

run() {
    local status=0
    cargo mutants --no-shuffle --timeout 120 "$@" || status=$?
    # cargo-mutants exits 2 when mutants were missed, 3 on timeouts: that is
    # the result to read, not a failure of this script.
    case $status in 0 | 2 | 3) ;; *) exit "$status" ;; esac
}

run --output "$out/pass1" "${files[@]}" "${shard[@]}" "${fast[@]}" "${rest[@]}"

lines() { if [ -f "$1" ]; then grep -c . "$1" || true; else echo 0; fi; }
p1="$out/pass1/mutants.out"
p2="$out/pass2/mutants.out"
if [ "$(lines "$p1/missed.txt")" -gt 0 ]; then
    # Pass 2 tries exactly pass 1's survivors: everything else in the
    # listing counts as "previously caught" for --iterate.
    cargo mutants --list "${files[@]}" >"$out/all.txt"
    grep -vxFf "$p1/missed.txt" "$out/all.txt" >"$p2/previously_caught.txt" || true
    run --iterate --output "$out/pass2" "${files[@]}" "${whole[@]}" "${rest[@]}"
fi

caught=$(($(lines "$p1/caught.txt") + $(lines "$p2/caught.txt")))
timeout=$(($(lines "$p1/timeout.txt") + $(lines "$p2/timeout.txt")))
unviable=$(($(lines "$p1/unviable.txt") + $(lines "$p2/unviable.txt")))
if [ -f "$p2/missed.txt" ]; then missed_file="$p2/missed.txt"; else missed_file="$p1/missed.txt"; fi
missed=$(lines "$missed_file")
viable=$((caught + missed + timeout))
score=$(awk -v c="$((caught + timeout))" -v v="$viable" 'BEGIN { if (v == 0) print "n/a"; else printf "%.1f %%", 100 * c / v }')
{
    echo "# Mutation testing"
    echo
    echo "| caught | missed | timeout | unviable | score (caught + timeout) / viable |"
    echo "|---:|---:|---:|---:|---:|"
    echo "| $caught | $missed | $timeout | $unviable | $score |"
    echo
    if [ "$missed" -gt 0 ]; then
        echo "## Missed"
        echo
        sed 's/^/- /' "$missed_file"
    fi
} >mutants-summary.md
cat mutants-summary.md
