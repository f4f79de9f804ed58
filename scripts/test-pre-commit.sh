#!/usr/bin/env bash
# Integration test of .pre-commit-hooks.yaml with the real pre-commit tool:
# a temporary git repository using this checkout as its hook repository gets a
# good commit (accepted), a commit touching only a Kubernetes manifest (accepted,
# dpalint skips it) and a bad commit (rejected with the finding).
#
# Needs python3 (venv), git and cargo. Installs pre-commit from PyPI into a
# temporary venv; skips, saying so, only when PyPI cannot be reached.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test-pre-commit: %s\n' "$*"; }

python3 -m venv "$work/venv"
if ! "$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit 2>"$work/pip.err"; then
    if grep -qiE 'connection|network|resolve|timed out|unreachable|No matching distribution' "$work/pip.err"; then
        say "SKIPPED: PyPI is unreachable, pre-commit could not be installed"
        cat "$work/pip.err" >&2
        exit 0
    fi
    cat "$work/pip.err" >&2
    exit 1
fi
pre_commit="$work/venv/bin/pre-commit"
say "using $("$pre_commit" --version)"

# The hook repository: a snapshot of this checkout (tracked and unignored files,
# including uncommitted changes) committed in a scratch repository.
hooks="$work/hooks-repo"
mkdir -p "$hooks"
# One tar reading the whole list: with `xargs tar`, a long list became several
# concatenated archives and the extracting tar stopped after the first one.
(cd "$repo" && git ls-files -co --exclude-standard -z |
    tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -C "$hooks" -xf -
expected=$(cd "$repo" && git ls-files -co --exclude-standard | while IFS= read -r f; do [[ -e "$f" ]] && echo; done | wc -l)
copied=$(cd "$hooks" && find . -type f -o -type l | wc -l)
if [[ "$copied" -ne "$expected" ]]; then
    say "FAILED: the hook repository snapshot has $copied of $expected files"
    exit 1
fi
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" -c user.name=ci -c user.email=ci@example.invalid commit -qm snapshot
rev=$(git -C "$hooks" rev-parse HEAD)

# Share compiled dependencies with the hook's `cargo install`.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/pre-commit-hook}"
export PRE_COMMIT_HOME="$work/pre-commit-home"

proj="$work/project"
mkdir -p "$proj/privacy/vendors" "$proj/k8s"
cd "$proj"
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
say "good commit (first run builds the hook with cargo install; this takes a while)"
git commit -qm "good: clean inventory" >"$work/good.log" 2>&1 || { cat "$work/good.log"; say "FAIL: the good commit was rejected"; exit 1; }
cat "$work/good.log"

printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app2\n' > k8s/configmap.yaml
git add -A
git commit -qm "unrelated: only a Kubernetes manifest" >"$work/k8s.log" 2>&1 || { cat "$work/k8s.log"; say "FAIL: a commit touching only a manifest was rejected"; exit 1; }
say "manifest-only commit accepted"

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
if git commit -qm "bad: sub-processor with a dangling parent" >"$work/bad.log" 2>&1; then
    cat "$work/bad.log"
    say "FAIL: the bad commit was accepted"
    exit 1
fi
cat "$work/bad.log"
grep -q "DPA048" "$work/bad.log" || { say "FAIL: the rejection does not name DPA048"; exit 1; }
grep -q "privacy/vendors/mailgun.yaml" "$work/bad.log" || { say "FAIL: the rejection does not name the file"; exit 1; }
if grep -q "hostnet.yaml\|organisation.yaml" "$work/bad.log"; then
    say "FAIL: findings of files outside the commit were reported"
    exit 1
fi
say "PASS: good commit accepted, manifest skipped, bad commit rejected with DPA048 in privacy/vendors/mailgun.yaml"
