#!/usr/bin/env bash
# The action's `comment: true` step (scripts/action-comment.sh) against a
# local mock of the GitHub REST API on 127.0.0.1 (scripts/mock-github-api.py),
# on a real git repository built from tests/fixtures/diff/history:
# the first run creates the comment, the second updates the same one (no
# duplicate), the Authorization header arrives and the token is never
# printed, an API answering 500 gives a warning and exit 0, and a push event
# is skipped. Uses the `dpalint` on PATH. Called by scripts/test-action.sh.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
say() { printf 'test-action-comment: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }
command -v dpalint >/dev/null || fail "no dpalint on PATH"

# A pull request: main at 01-base, the PR head adds a US sub-processor.
pr="$work/pr"
mkdir -p "$pr"
g() { git -C "$pr" -c user.name=t -c user.email=t@dpalint.invalid -c commit.gpgsign=false "$@"; }
g init -q -b main
cp -r "$repo/tests/fixtures/diff/history/01-base/." "$pr/"
g add -A && g commit -q -m base
base_sha=$(g rev-parse HEAD)
cp -r "$repo/tests/fixtures/diff/history/02-subprocessor/." "$pr/"
g add -A && g commit -q -m "add a sub-processor"
head_sha=$(g rev-parse HEAD)
printf '{"pull_request": {"number": 7, "base": {"sha": "%s"}, "head": {"sha": "%s"}}}\n' "$base_sha" "$head_sha" > "$work/event.json"

token="test-token-$RANDOM$RANDOM"
start_api() {
    rm -f "$work/port"
    python3 "$repo/scripts/mock-github-api.py" "$work/port" "$work/api.log" "$token" "$@" &
    server=$!
    for _ in $(seq 50); do [[ -s "$work/port" ]] && break; sleep 0.1; done
    [[ -s "$work/port" ]] || fail "the mock API did not start"
    GITHUB_API_URL="http://127.0.0.1:$(cat "$work/port")"
    export GITHUB_API_URL
}
stop_api() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
comment() {
    (cd "$pr" && GITHUB_EVENT_NAME=${1:-pull_request} GITHUB_EVENT_PATH="$work/event.json" \
        GITHUB_REPOSITORY=acme/infra GITHUB_TOKEN="$token" "$repo/scripts/action-comment.sh")
}

start_api
say "run 1: creates the comment"
out1=$(comment) || fail "the step failed: $out1"
echo "$out1"
grep -q 'posted the change review on pull request #7' <<<"$out1" || fail "no comment posted"
say "run 2: updates the same comment"
out2=$(comment) || fail "the step failed: $out2"
echo "$out2"
grep -q 'updated the change review on pull request #7' <<<"$out2" || fail "the comment was not updated"
curl -s "$GITHUB_API_URL/state" -H "Authorization: Bearer $token" > "$work/state.json"
python3 - "$work/state.json" <<'PY' || fail "the API state is wrong"
import json, sys
comments = json.load(open(sys.argv[1]))
assert len(comments) == 1, f"{len(comments)} comments, expected 1"
body = comments[0]["body"]
assert body.startswith("<!-- dpalint-diff -->\n### dpalint: +1 sub-processor (US, SCCs)"), body[:200]
assert len(body) < 65536
print("one comment:", body.splitlines()[1])
PY
cat "$work/api.log"
[[ "$(grep -c '^POST /repos/acme/infra/issues/7/comments auth-ok$' "$work/api.log")" == 1 ]] || fail "expected exactly one POST"
[[ "$(grep -c '^PATCH /repos/acme/infra/issues/comments/1000 auth-ok$' "$work/api.log")" == 1 ]] || fail "expected exactly one PATCH"
grep -q 'auth-missing' "$work/api.log" && fail "a request arrived without the token"
grep -q "$token" <<<"$out1$out2" && fail "the token was printed"
stop_api

say "an API answering 500: a warning, exit 0"
start_api --fail
out3=$(comment) || fail "a failing API failed the step"
echo "$out3"
grep -q '^::warning title=dpalint::could not list the comments of pull request #7 (HTTP 500)' <<<"$out3" || fail "no warning on HTTP 500"
stop_api

say "a push event: skipped"
out4=$(comment push) || fail "the step failed on push"
grep -q 'only comments on pull_request events' <<<"$out4" || fail "push was not skipped: $out4"
say "PASS: created once, then updated (no duplicate), token sent and never printed, HTTP 500 is a warning, push skipped"
