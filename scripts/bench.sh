#!/usr/bin/env bash
# Benchmarks of the DESIGN.md performance targets (see docs/performance.md).
#
#   scripts/bench.sh            everything: corpora, hyperfine, peak RSS, rendering, summary
#   scripts/bench.sh --quick    fewer runs (a smoke test of the script itself)
#
# Builds the binary, the corpus generator and the parse-only baseline with the
# `profiling` profile (the release build plus line tables, for perf/callgrind),
# generates deterministic corpora into target/bench-corpus (1, 100, 1,000 and
# 2,000 vendor files of ten vendors each, plus single files with 2,500/5,000/
# 10,000 findings), then measures with hyperfine (installed with apt-get when
# missing) and GNU time. Raw results land in target/bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS_SMALL=50
RUNS_LARGE=10
if [[ "${1:-}" == "--quick" ]]; then
    RUNS_SMALL=5
    RUNS_LARGE=2
fi

SIZES=(1 100 1000 2000)
FINDINGS=(2500 5000 10000)
# Terraform files next to the 100-file inventory (docs/infrastructure.md).
TERRAFORM=(500 1000 2000)
FORMATS=(human concise json sarif github junit gitlab markdown)
CORPUS=target/bench-corpus
RESULTS=target/bench-results
BIN=target/profiling/dpalint
GEN=target/profiling/examples/gen-corpus
PARSE=target/profiling/examples/parse-only

need() {
    # $1: command, $2: Debian package providing it
    if ! command -v "$1" >/dev/null 2>&1 && [[ ! -x "$1" ]]; then
        echo "== installing $2 (apt-get)" >&2
        local sudo=""
        [[ "$(id -u)" != 0 ]] && sudo="sudo"
        $sudo apt-get update -qq >/dev/null
        $sudo apt-get install -y -qq "$2" >/dev/null
    fi
}
need hyperfine hyperfine
need /usr/bin/time time

echo "== building (profile: profiling)" >&2
cargo build --profile profiling --quiet --bin dpalint --example gen-corpus --example parse-only

echo "== generating corpora into $CORPUS" >&2
mkdir -p "$CORPUS" "$RESULTS"
for n in "${SIZES[@]}"; do
    "$GEN" --vendor-files "$n" --out "$CORPUS/v$n"
done
for n in "${FINDINGS[@]}"; do
    "$GEN" --findings "$n" --out "$CORPUS/f$n"
done
for n in "${TERRAFORM[@]}"; do
    "$GEN" --vendor-files 100 --terraform-files "$n" --out "$CORPUS/t$n"
done
# The generated projects must be schema-valid: no DPL finding at all.
for n in "${SIZES[@]}"; do
    if "$BIN" check "$CORPUS/v$n" --format concise --fail-on never --quiet | grep -q 'DPL0'; then
        echo "error: $CORPUS/v$n has input (DPL) findings" >&2
        exit 1
    fi
done

echo "== machine" >&2
{
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel: $(uname -r)"
    echo "rustc: $(rustc --version)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
} | tee "$RESULTS/machine.txt"

# hyperfine CSV columns: command,mean,stddev,median,user,system,min,max (seconds)
bench() {
    # $1: name, $2: runs, rest: commands
    local name=$1 runs=$2
    shift 2
    hyperfine -N --style basic --warmup 3 --runs "$runs" \
        --export-csv "$RESULTS/$name.csv" --export-markdown "$RESULTS/$name.md" "$@" >&2
}

for n in "${SIZES[@]}"; do
    runs=$RUNS_LARGE
    [[ $n -le 100 ]] && runs=$RUNS_SMALL
    echo "== check, $n vendor file(s)" >&2
    bench "v$n" "$runs" \
        -n human "$BIN check $CORPUS/v$n --quiet --fail-on never" \
        -n json "$BIN check $CORPUS/v$n --quiet --fail-on never --format json" \
        -n parse-only "$PARSE $CORPUS/v$n"
done

echo "== rendering many findings in one file" >&2
for n in "${FINDINGS[@]}"; do
    args=()
    for f in "${FORMATS[@]}"; do
        args+=(-n "$f" "$BIN check $CORPUS/f$n --quiet --fail-on never --format $f")
    done
    bench "f$n" "$RUNS_LARGE" "${args[@]}" -n parse-only "$PARSE $CORPUS/f$n"
done

echo "== Terraform next to a 100-file inventory" >&2
args=(-n t0 "$BIN check $CORPUS/v100 --quiet --fail-on never")
for n in "${TERRAFORM[@]}"; do
    args+=(-n "t$n" "$BIN check $CORPUS/t$n --quiet --fail-on never")
done
bench terraform "$RUNS_LARGE" "${args[@]}"
# `dpalint report`: every report kind and format, whole process, written to
# a file (-o) like a user would, at 1,000 and 2,000 vendor files (linearity).
REPORTS=(ropa:xlsx ropa:html ropa:csv ropa:markdown ropa:json
    transfers:mermaid transfers:dot transfers:json transfers:markdown transfers:csv
    calendar:ics calendar:markdown calendar:csv calendar:json
    subprocessors:html subprocessors:json subprocessors:atom)
REPORT_SIZES=(1000 2000)
for n in "${REPORT_SIZES[@]}"; do
    echo "== reports, $n vendor files" >&2
    args=()
    for kf in "${REPORTS[@]}"; do
        args+=(-n "$kf" "$BIN report ${kf%%:*} $CORPUS/v$n --format ${kf##*:} --as-of 2026-11-21 -q -o $RESULTS/report.out")
    done
    bench "r$n" "$RUNS_LARGE" "${args[@]}"
done
rm -f "$RESULTS/report.out"

# `dpalint diff` between two revisions of the 1,000-file corpus (docs/diff.md):
# BASE is the corpus, HEAD changes the objection window of every 50th vendor
# file, moves one file to another directory and deletes one; both read with git.
echo "== diff, 1,000 vendor files, two revisions" >&2
DIFFREPO="$CORPUS/git1000"
if [[ ! -d "$DIFFREPO/.git" ]]; then
    rm -rf "$DIFFREPO"
    cp -r "$CORPUS/v1000" "$DIFFREPO"
    g() { git -C "$DIFFREPO" -c user.name=bench -c user.email=bench@dpalint.invalid -c commit.gpgsign=false "$@"; }
    g init -q -b main
    g add -A && g commit -q -m base && g tag base
    mapfile -t vfiles < <(cd "$DIFFREPO" && ls privacy/vendors/*.yaml)
    for ((i = 0; i < ${#vfiles[@]}; i += 50)); do
        sed -i 's/window_days: [0-9]*/window_days: 7/' "$DIFFREPO/${vfiles[$i]}"
    done
    mkdir -p "$DIFFREPO/privacy/moved"
    g mv "${vfiles[1]}" privacy/moved/
    g rm -q "${vfiles[2]}"
    g add -A && g commit -q -m head && g tag head
fi
bench diff "$RUNS_LARGE" \
    -n check "env -C $DIFFREPO $PWD/$BIN check --quiet --fail-on never" \
    -n diff-revisions "env -C $DIFFREPO $PWD/$BIN diff base head --quiet --fail-on never" \
    -n diff-json "env -C $DIFFREPO $PWD/$BIN diff base head --quiet --fail-on never --format json"

echo "== peak RSS (GNU time, KiB)" >&2
: >"$RESULTS/rss.txt"
for n in "${SIZES[@]}"; do
    for fmt in human json; do
        /usr/bin/time -f "%M" -o "$RESULTS/rss.tmp" \
            "$BIN" check "$CORPUS/v$n" --quiet --fail-on never --format "$fmt" >/dev/null
        echo "v$n $fmt $(cat "$RESULTS/rss.tmp")" >>"$RESULTS/rss.txt"
    done
    /usr/bin/time -f "%M" -o "$RESULTS/rss.tmp" "$PARSE" "$CORPUS/v$n" 2>/dev/null
    echo "v$n parse-only $(cat "$RESULTS/rss.tmp")" >>"$RESULTS/rss.txt"
done
rm -f "$RESULTS/rss.tmp"

# Median (seconds) of command $2 in result file $1.
median() { awk -F, -v c="$2" '$1 == c { print $4 }' "$RESULTS/$1.csv"; }
rss() { awk -v k="$1" -v f="$2" '$1 == k && $2 == f { print $3 }' "$RESULTS/rss.txt"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v max="$2" 'BEGIN { print (v <= max ? "ok" : "MISSED") }'; }

{
    echo
    echo "== summary (medians; load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
    printf '%-8s %12s %12s %12s %10s %12s %12s\n' size human_ms json_ms parse_ms check/parse rss_human_MB rss_json_MB
    for n in "${SIZES[@]}"; do
        h=$(median "v$n" human)
        j=$(median "v$n" json)
        p=$(median "v$n" parse-only)
        printf '%-8s %12s %12s %12s %10s %12s %12s\n' "v$n" "$(ms "$h")" "$(ms "$j")" "$(ms "$p")" \
            "$(ratio "$h" "$p")" "$(awk -v k="$(rss "v$n" human)" 'BEGIN { printf "%.1f", k / 1024 }')" \
            "$(awk -v k="$(rss "v$n" json)" 'BEGIN { printf "%.1f", k / 1024 }')"
    done
    echo
    echo "targets (DESIGN.md):"
    small=$(median v1 human)
    echo "  small project (1 file, 10 vendors) <= 5 ms:        $(ms "$small") ms  $(verdict "$small" 0.005)"
    large=$(median v1000 human)
    echo "  1,000 files / 10,000 vendors <= 1 s:                $(ms "$large") ms  $(verdict "$large" 1.0)"
    rss1000=$(rss v1000 human)
    echo "  peak RSS at 1,000 files <= 200 MB:                  $(awk -v k="$rss1000" 'BEGIN { printf "%.1f", k / 1024 }') MB  $(verdict "$rss1000" 204800)"
    for f in human json; do
        g=$(ratio "$(median v2000 "$f")" "$(median v1000 "$f")")
        echo "  2x input <= 2.2x time ($f, 2,000 vs 1,000 files): ${g}x  $(verdict "$g" 2.2)"
    done
    for n in 1000 2000; do
        c=$(ratio "$(median "v$n" human)" "$(median "v$n" parse-only)")
        echo "  check <= 2x parse-only ($n files):                ${c}x  $(verdict "$c" 2.0)"
    done
    d=$(ratio "$(median diff diff-revisions)" "$(median diff check)")
    echo "  diff of two revisions <= 2.5x check (1,000 files): $(ms "$(median diff diff-revisions)") ms = ${d}x  $(verdict "$d" 2.5)"
    t0=$(median terraform t0)
    for n in "${TERRAFORM[@]}"; do
        added=$(awk -v a="$(median terraform "t$n")" -v b="$t0" 'BEGIN { print a - b }')
        echo "  $n .tf files add (100 vendor files):           $(ms "$added") ms$([[ $n == 1000 ]] && echo "  $(verdict "$added" 0.5) (<= 500 ms)")"
    done
    echo
    echo "rendering N findings in one file (whole process, medians in ms):"
    printf '%-10s' format
    for n in "${FINDINGS[@]}"; do printf '%10s' "$n"; done
    printf '%14s\n' "10k/5k"
    for f in "${FORMATS[@]}" parse-only; do
        printf '%-10s' "$f"
        for n in "${FINDINGS[@]}"; do printf '%10s' "$(ms "$(median "f$n" "$f")")"; done
        printf '%13sx\n' "$(ratio "$(median f10000 "$f")" "$(median f5000 "$f")")"
    done
    echo "  (linear: 10k/5k ~2x; each f-file is one ~${FINDINGS[-1]}x520-byte vendors.yaml)"
    echo
    echo "reports (whole process, medians in ms; target <= 1,000 ms at 1,000 files):"
    printf '%-20s%10s%10s%10s%8s\n' report 1000 2000 2k/1k ok
    for kf in "${REPORTS[@]}"; do
        a=$(median r1000 "$kf")
        b=$(median r2000 "$kf")
        printf '%-20s%10s%10s%9sx%8s\n' "$kf" "$(ms "$a")" "$(ms "$b")" "$(ratio "$b" "$a")" "$(verdict "$a" 1.0)"
    done
    echo
    echo "render-only costs: cargo bench --bench pipeline -- render registers"
} | tee "$RESULTS/summary.txt"
