#!/usr/bin/env bash
# Runs the steps of action.yml as GitHub would, with the GitHub environment
# variables pointing at temporary files and releases served by a local HTTP
# server on 127.0.0.1:
#
# install: no release for this version -> cargo install fallback; the same run
#          again with the cached build -> no compilation; a release -> the
#          prebuilt binary is downloaded, verified and used without cargo; a
#          tampered archive or a missing checksum -> refused with a clear error;
# run:     on a clean project (step passes) and on a project with findings
#          (annotations, SARIF, job summary, step fails);
# comment: `comment: true` against a mock GitHub API (scripts/test-action-comment.sh).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
say() { printf 'test-action: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }

# The composite action must run exactly these scripts, in this order, and pin
# the cache action by commit.
steps=$(grep -o 'scripts/action-[a-z]*\.sh"*[^'"'"']*' "$repo/action.yml" | tr -d '"' | tr '\n' ' ')
[[ "$steps" == "scripts/action-install.sh download scripts/action-install.sh cargo scripts/action-run.sh scripts/action-comment.sh " ]] ||
    fail "action.yml runs: $steps"
grep -Eq 'uses: actions/cache@[0-9a-f]{40} ' "$repo/action.yml" || fail "action.yml does not pin actions/cache by commit"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n1)
export GITHUB_ACTION_PATH="$repo"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/pre-commit-hook}"
# What action.yml's first step passes (empty for `uses: ./`).
export DPALINT_ACTION_REPOSITORY=""
unset RUNNER_OS RUNNER_ARCH GITHUB_WORKSPACE # action-install.sh falls back to uname
case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) target=x86_64-unknown-linux-musl ;;
    Linux/aarch64) target=aarch64-unknown-linux-musl ;;
    Darwin/x86_64) target=x86_64-apple-darwin ;;
    Darwin/arm64) target=aarch64-apple-darwin ;;
    *) fail "no release target for $(uname -s)/$(uname -m)" ;;
esac
archive="dpalint-$version-$target.tar.gz"

# ---------------------------------------------------------------- release server
www="$work/www"
mkdir -p "$www/none/v$version"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$www" "$port" >"$work/http.log" 2>&1 &
server=$!
for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
done
curl -s -o /dev/null "http://127.0.0.1:$port/" || fail "the local release server did not start"
url() { echo "http://127.0.0.1:$port/$1/v$version"; }
say "release server on 127.0.0.1:$port"

# Stubs for a runner without Rust: anything that tries to compile fails loudly.
norust="$work/no-rust-bin"
mkdir -p "$norust"
for tool in cargo rustc rustup; do
    printf '#!/bin/sh\necho "%s: no Rust toolchain on this runner" >&2\nexit 127\n' "$tool" >"$norust/$tool"
    chmod +x "$norust/$tool"
done

# The install steps of action.yml on a fresh runner: download, then (when
# nothing was installed) the cache restore and cargo install.
# $1: label, $2: release base URL, $3: cached cargo-root to restore (or "").
# Sets $log, $github_path, $outputs; returns the failing step's exit code.
install() {
    local label=$1 base=$2 cached=$3
    export RUNNER_TEMP="$work/runner-$label"
    export GITHUB_PATH="$RUNNER_TEMP/github_path" GITHUB_OUTPUT="$RUNNER_TEMP/github_output"
    export DPALINT_RELEASE_BASE_URL="$base"
    mkdir -p "$RUNNER_TEMP"
    : >"$GITHUB_PATH"
    : >"$GITHUB_OUTPUT"
    log="$work/install-$label.log" github_path=$GITHUB_PATH outputs=$GITHUB_OUTPUT
    "$repo/scripts/action-install.sh" download >"$log" 2>&1 || return $?
    grep -qx 'installed=true' "$GITHUB_OUTPUT" && return 0
    local root key
    root=$(sed -n 's/^cargo-root=//p' "$GITHUB_OUTPUT")
    key=$(sed -n 's/^cache-key=//p' "$GITHUB_OUTPUT")
    [[ "$root" == "$RUNNER_TEMP/dpalint-cargo" && "$key" == dpalint-cargo-"$version"-* ]] ||
        fail "[$label] outputs cargo-root='$root' cache-key='$key'"
    # actions/cache: restore the directory saved by an earlier run with this key.
    if [[ -n "$cached" ]]; then
        cp -a "$cached" "$root"
    fi
    "$repo/scripts/action-install.sh" cargo >>"$log" 2>&1 || return $?
}

say "install 1: no release for v$version -> cargo install fallback"
install fallback "$(url none)" "" || { cat "$log"; fail "the fallback install failed"; }
cat "$log"
grep -q 'installed=false' "$outputs" || fail "installed is not false without a release"
grep -q 'HTTP 404' "$log" || fail "the log does not say that no release was found"
grep -q 'building .* with cargo install' "$log" || fail "the fallback did not run cargo install"
[[ "$(cat "$github_path")" == "$work/runner-fallback/dpalint-cargo/bin" ]] || fail "GITHUB_PATH: $(cat "$github_path")"
cargo_bin="$work/runner-fallback/dpalint-cargo/bin/dpalint"
"$cargo_bin" --version | grep -qx "dpalint $version" || fail "the cargo-installed dpalint is not $version"

say "install 2: no release, build restored from the cache -> no compilation (no Rust on PATH)"
PATH="$norust:$PATH" install cached "$(url none)" "$work/runner-fallback/dpalint-cargo" ||
    { cat "$log"; fail "the cached fallback failed"; }
cat "$log"
grep -q 'using the build restored from the cache' "$log" || fail "the cached build was not used"

say "install 2b: the action inside the workspace (uses: ./) -> built from that source, no download"
GITHUB_WORKSPACE="$repo" install workspace "" "$work/runner-fallback/dpalint-cargo" ||
    { cat "$log"; fail "the workspace install failed"; }
cat "$log"
grep -q 'runs from the workspace' "$log" || fail "a workspace action was not built from its source"
grep -q 'installed=false' "$outputs" || fail "installed is not false for a workspace action"

say "install 3: a release with the binary for $target -> downloaded and verified, no cargo"
"$repo/scripts/package-release.sh" "$target" "$cargo_bin" "$www/ok/v$version" >/dev/null
start=$(date +%s.%N)
PATH="$norust:$PATH" install release "$(url ok)" "" || { cat "$log"; fail "the download install failed"; }
end=$(date +%s.%N)
cat "$log"
say "download, verification and unpacking of $archive ($(du -k "$www/ok/v$version/$archive" | cut -f1) KiB) took $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s"
grep -qx 'installed=true' "$outputs" || fail "installed is not true with a release"
grep -q 'matches its published SHA-256' "$log" || fail "the log does not report the verification"
grep -q "GET /ok/v$version/$archive HTTP" "$work/http.log" || fail "the archive was not downloaded from the server"
grep -q "GET /ok/v$version/$archive.sha256 HTTP" "$work/http.log" || fail "the checksum was not downloaded"
release_path=$(cat "$github_path")
[[ "$release_path" == "$work/runner-release/dpalint-release/dpalint-$version-$target" ]] || fail "GITHUB_PATH: $release_path"
[[ ! -e "$work/runner-release/dpalint-cargo" ]] || fail "cargo install ran although a release exists"

say "install 4: a tampered archive -> refused"
mkdir -p "$www/tampered/v$version" "$work/evil/dpalint-$version-$target"
printf '#!/bin/sh\necho "dpalint %s"\n' "$version" >"$work/evil/dpalint-$version-$target/dpalint"
chmod +x "$work/evil/dpalint-$version-$target/dpalint"
tar -czf "$www/tampered/v$version/$archive" -C "$work/evil" "dpalint-$version-$target"
cp "$www/ok/v$version/$archive.sha256" "$www/tampered/v$version/"
code=0
install tampered "$(url tampered)" "" || code=$?
cat "$log"
[[ $code -eq 2 ]] || fail "a tampered archive gave exit code $code, expected 2"
grep -q "^::error title=dpalint::SHA-256 mismatch for $archive" "$log" || fail "no clear error for a tampered archive"
[[ ! -s "$github_path" ]] || fail "something was put on PATH after a tampered download"
grep -q 'installed=' "$outputs" && fail "the tampered run set installed"
[[ ! -e "$work/runner-tampered/dpalint-cargo" ]] || fail "a tampered download fell back to cargo"

say "install 5: a release without its .sha256 -> refused"
mkdir -p "$www/unsigned/v$version"
cp "$www/ok/v$version/$archive" "$www/unsigned/v$version/"
code=0
install unsigned "$(url unsigned)" "" || code=$?
cat "$log"
[[ $code -eq 2 ]] || fail "a release without a checksum gave exit code $code, expected 2"
grep -q "refusing to install an unverified binary" "$log" || fail "no clear error without a checksum"
[[ ! -s "$github_path" ]] || fail "something was put on PATH without a checksum"

# ---------------------------------------------------------------- run (step 2), with the downloaded binary
PATH="$norust:$release_path:$PATH"
export PATH
[[ "$(command -v dpalint)" == "$release_path/dpalint" ]] || fail "dpalint on PATH is $(command -v dpalint)"

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
say "step 3 (comment: true) against a local mock of the GitHub API"
"$repo/scripts/test-action-comment.sh" || fail "the comment step"

say "PASS: no release -> cargo fallback (then cached); release -> verified download without cargo; tampered or unsigned archive refused; clean project passes; findings fail the step with annotations, SARIF and a job summary"
