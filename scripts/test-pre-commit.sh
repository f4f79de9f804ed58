#!/usr/bin/env bash
# Integration test of both pre-commit hooks with the real pre-commit tool:
#
# 1. `dpalint` in .pre-commit-hooks.yaml (language: rust): this checkout, as a
#    hook repository, builds dpalint with cargo;
# 2. `dpalint` in the pre-commit mirror (integrations/pre-commit-mirror,
#    language: python): rendered into a scratch git repository, it installs the
#    dpalint wheel (scripts/build-wheel.sh) from a local directory through pip's
#    own options (PIP_NO_INDEX, PIP_FIND_LINKS), with no network and no Rust
#    toolchain on PATH.
#
# For each, a temporary git repository gets a good commit (accepted), a commit
# touching only a Kubernetes manifest (accepted, dpalint skips it) and a bad
# commit (rejected with the finding).
#
# Needs python3 (venv), git and cargo. Installs pre-commit (and, for the local
# wheel directory, setuptools, the mirror's build backend) from PyPI; skips,
# saying so, only when PyPI cannot be reached.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test-pre-commit: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }

# pip from PyPI; on a network failure the whole test is skipped (exit 0).
pypi() {
    if ! "$@" 2>"$work/pip.err"; then
        if grep -qiE 'connection|network|resolve|timed out|unreachable|No matching distribution' "$work/pip.err"; then
            say "SKIPPED: PyPI is unreachable"
            cat "$work/pip.err" >&2
            exit 0
        fi
        cat "$work/pip.err" >&2
        exit 1
    fi
}

python3 -m venv "$work/venv"
pypi "$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"
say "using $("$pre_commit" --version)"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n1)

# A fresh project with the given .pre-commit-config.yaml gets three commits.
# $1: label, $2: hook repository, $3: rev, $4: PRE_COMMIT_HOME; the caller's
# environment is the one the hook is installed and run in.
scenario() {
    local label=$1 hooks=$2 rev=$3 home=$4
    local proj="$work/project-$label" log="$work/$label"
    mkdir -p "$proj/privacy/vendors" "$proj/k8s"
    (
        cd "$proj"
        export PRE_COMMIT_HOME="$home"
        git init -q
        git config user.name "Test User"
        git config user.email test@example.invalid
        cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: dpalint
YAML
        printf 'as_of = "2026-11-21"\n' > dpalint.toml
        cp "$repo/tests/fixtures/clean/privacy/organisation.yaml" privacy/organisation.yaml
        cp "$repo/tests/fixtures/clean/privacy/vendors/hostnet.yaml" privacy/vendors/hostnet.yaml
        printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n' > k8s/configmap.yaml
        "$pre_commit" install >/dev/null
        git add -A
        say "[$label] good commit (the first run installs the hook)"
        local start end
        start=$(date +%s)
        git commit -qm "good: clean inventory" >"$log-good.log" 2>&1 || { cat "$log-good.log"; fail "[$label] the good commit was rejected"; }
        end=$(date +%s)
        cat "$log-good.log"
        say "[$label] good commit accepted; hook installation and first run took $((end - start)) s"

        printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app2\n' > k8s/configmap.yaml
        git add -A
        git commit -qm "unrelated: only a Kubernetes manifest" >"$log-k8s.log" 2>&1 || { cat "$log-k8s.log"; fail "[$label] a commit touching only a manifest was rejected"; }
        say "[$label] manifest-only commit accepted"

        cat > privacy/vendors/mailgun.yaml <<'YAML'
dpalint: 1
vendors:
  - id: mailgun
    name: Mailgun Technologies, Inc.
    role: sub_processor
    parent: hostnett
    country: US
    data_locations: [US]
    purpose: transactional e-mail
    transfer: { mechanism: scc, scc: { decision: "2021/914", module: 3, signed: 2025-03-01 }, tia: { done: true, date: 2025-03-01 } }
YAML
        git add -A
        if git commit -qm "bad: sub-processor with a dangling parent" >"$log-bad.log" 2>&1; then
            cat "$log-bad.log"
            fail "[$label] the bad commit was accepted"
        fi
        cat "$log-bad.log"
        grep -q "DPA048" "$log-bad.log" || fail "[$label] the rejection does not name DPA048"
        grep -q "privacy/vendors/mailgun.yaml" "$log-bad.log" || fail "[$label] the rejection does not name the file"
        if grep -q "hostnet.yaml\|organisation.yaml" "$log-bad.log"; then
            fail "[$label] findings of files outside the commit were reported"
        fi
        say "[$label] PASS: good commit accepted, manifest skipped, bad commit rejected with DPA048 in privacy/vendors/mailgun.yaml"
    )
}

# ------------------------------------------------------------ 1. language: rust
# The hook repository: a snapshot of this checkout (tracked and unignored files,
# including uncommitted changes) committed in a scratch repository.
hooks="$work/hooks-repo"
"$repo/scripts/export-tree.sh" "$hooks"
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" -c user.name=ci -c user.email=ci@example.invalid commit -qm snapshot
rev=$(git -C "$hooks" rev-parse HEAD)

# Share compiled dependencies with the hook's `cargo install`.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/pre-commit-hook}"
scenario rust "$hooks" "$rev" "$work/pre-commit-home-rust"

# ------------------------------------------------------------ 2. language: python (wheel)
# The local wheel directory: the dpalint wheel of this checkout, and setuptools
# (the mirror's build backend, which pip's build isolation installs).
wheels="$work/wheels"
mkdir -p "$wheels"
wheel=$("$repo/scripts/build-wheel.sh")
cp "$wheel" "$wheels/"
pypi "$work/venv/bin/pip" download --quiet --disable-pip-version-check --only-binary=:all: \
    --dest "$wheels" "setuptools>=64"
say "local wheel directory: $(cd "$wheels" && echo *)"

mirror="$work/mirror-repo"
"$repo/integrations/pre-commit-mirror/render.sh" "$mirror"
git -C "$mirror" init -q
git -C "$mirror" add -A
git -C "$mirror" -c user.name=ci -c user.email=ci@example.invalid commit -qm "dpalint v$version"
git -C "$mirror" tag "v$version"

# The mirror's hook must behave exactly like the rust one.
"$work/venv/bin/python" - "$repo/.pre-commit-hooks.yaml" "$mirror/.pre-commit-hooks.yaml" <<'PY' || fail "the mirror's hook differs from .pre-commit-hooks.yaml"
import sys, yaml
rust = {h["id"]: h for h in yaml.safe_load(open(sys.argv[1]))}["dpalint"]
py = {h["id"]: h for h in yaml.safe_load(open(sys.argv[2]))}["dpalint"]
assert rust["language"] == "rust" and py["language"] == "python", (rust["language"], py["language"])
for key in ("name", "entry", "types", "require_serial"):
    assert rust.get(key) == py.get(key), (key, rust.get(key), py.get(key))
PY

# No Rust toolchain: PATH loses every directory holding cargo or rustc, and
# stubs that fail loudly stand in for them, so a build from source would fail.
nocargo="$work/no-rust-bin"
mkdir -p "$nocargo"
for tool in cargo rustc rustup maturin; do
    printf '#!/bin/sh\necho "%s: no Rust toolchain in this test" >&2\nexit 127\n' "$tool" > "$nocargo/$tool"
    chmod +x "$nocargo/$tool"
done
path="$nocargo"
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
    # (a directory that also holds git stays: the stubs come first anyway)
    if [[ -n "$d" ]] && { [[ ! -x "$d/cargo" && ! -x "$d/rustc" ]] || [[ -x "$d/git" ]]; }; then
        path="$path:$d"
    fi
done
(
    export PATH="$path" PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheels" PIP_DISABLE_PIP_VERSION_CHECK=1
    unset CARGO RUSTC CARGO_TARGET_DIR
    if cargo --version >/dev/null 2>&1; then
        fail "cargo still runs with PATH=$PATH"
    fi
    scenario python "$mirror" "v$version" "$work/pre-commit-home-python"
)
installed=$(find "$work/pre-commit-home-python" -path '*/bin/dpalint' | head -n1)
[[ -n "$installed" ]] || fail "the python hook's environment has no dpalint command"
"$installed" --version | grep -qx "dpalint $version" || fail "the hook's dpalint is not version $version"
say "PASS: both hooks (language: rust from this repository; language: python from the mirror, wheel from a local directory, no network, no Rust toolchain)"
