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
#
# Extra arguments go to cargo-mutants (e.g. --jobs 2, --list). Writes
# mutants.out/ (cargo-mutants' own output: caught.txt, missed.txt, …) and
# mutants-summary.md (counts, score, the missed mutants). Exit 0 whatever the
# score; read the summary. Hours for everything on two cores: the weekly
# workflow (.github/workflows/mutants.yml) runs it; locally run it per file.
set -euo pipefail
cd "$(dirname "$0")/.."

version=27.1.0
if ! cargo mutants --version 2>/dev/null | grep -qF "$version"; then
    cargo install --locked cargo-mutants --version "$version"
fi

files=()
rest=()
while [ $# -gt 0 ]; do
    case "$1" in
    --file | -f)
        files+=(--file "$2")
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

# The tests that decide verdicts: every rule's pass/fail fixtures, the
# RULES-v2 acceptance examples, format 1.1, infrastructure, policies, the
# shipped examples' expected findings, and the library's unit tests.
# Output formats, the CLI and the server are left out: they do not judge.
tests=(--lib --test rule_fixtures --test acceptance --test format_1_1
    --test infrastructure --test policies --test examples --test term_guard)

status=0
cargo mutants --no-shuffle --timeout 300 "${files[@]}" "${rest[@]}" -- "${tests[@]}" || status=$?
# cargo-mutants exits 2 when mutants were missed, 3 on timeouts: that is the
# result to read, not a failure of this script.
case $status in 0 | 2 | 3) ;; *) exit "$status" ;; esac

count() { if [ -f "mutants.out/$1.txt" ]; then grep -c . "mutants.out/$1.txt" || true; else echo 0; fi; }
caught=$(count caught)
missed=$(count missed)
timeout=$(count timeout)
unviable=$(count unviable)
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
        sed 's/^/- /' mutants.out/missed.txt
    fi
} >mutants-summary.md
cat mutants-summary.md
