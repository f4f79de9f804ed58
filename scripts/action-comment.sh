#!/usr/bin/env bash
# Step 3 of action.yml (`comment: true`): on a pull request, run
# `dpalint diff BASE HEAD --format markdown` and post it as ONE comment,
# updated on later pushes (found by the hidden marker `<!-- dpalint-diff -->`).
# Uses the REST API with the workflow token (permissions: pull-requests: write).
# A failed API call is a warning, never a failed step. The token is never printed.
set -uo pipefail

marker='<!-- dpalint-diff -->'
warn() { printf '::warning title=dpalint::%s\n' "$*"; }

case "${GITHUB_EVENT_NAME:-}" in
    pull_request | pull_request_target) ;;
    *)
        echo "dpalint: comment: true only comments on pull_request events (this is ${GITHUB_EVENT_NAME:-not a GitHub event}); skipped"
        exit 0
        ;;
esac
: "${GITHUB_EVENT_PATH:?}" "${GITHUB_REPOSITORY:?}"
if [ -z "${GITHUB_TOKEN:-}" ]; then
    warn "no token for the pull-request comment: pass github-token, or give the job 'permissions: pull-requests: write'"
    exit 0
fi
api=${GITHUB_API_URL:-https://api.github.com}

read -r number base head < <(python3 - "$GITHUB_EVENT_PATH" <<'PY'
import json, sys
pr = json.load(open(sys.argv[1]))["pull_request"]
print(pr["number"], pr["base"]["sha"], pr["head"]["sha"])
PY
) || { warn "cannot read the pull request from $GITHUB_EVENT_PATH"; exit 0; }
base=${INPUT_COMMENT_BASE:-$base}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The token goes to curl in a header file (mode 600), never on a command line.
umask 077
printf 'Authorization: Bearer %s\n' "$GITHUB_TOKEN" > "$work/auth"

dpalint diff "$base" "$head" --format markdown --fail-on never --color never -o "$work/body.md"
code=$?
if [ "$code" -ne 0 ] || [ ! -s "$work/body.md" ]; then
    warn "dpalint diff could not compare $base and $head (exit $code); check out the whole history with actions/checkout 'fetch-depth: 0'"
    exit 0
fi

# $1 method, $2 URL, $3 JSON body file (or ""); prints the HTTP status, body in $work/response.
call() {
    local args=(-sS -o "$work/response" -w '%{http_code}' -X "$1" -H @"$work/auth"
        -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28')
    [ -n "$3" ] && args+=(-H 'Content-Type: application/json' --data-binary @"$3")
    curl "${args[@]}" "$2" 2>"$work/curl-error" || echo "000"
}

# Find our comment: the first one with the marker, over up to 10 pages of 100.
existing=""
for page in 1 2 3 4 5 6 7 8 9 10; do
    status=$(call GET "$api/repos/$GITHUB_REPOSITORY/issues/$number/comments?per_page=100&page=$page" "")
    if [ "$status" != 200 ]; then
        warn "could not list the comments of pull request #$number (HTTP $status); the dpalint comment was not posted"
        exit 0
    fi
    read -r existing count < <(python3 - "$work/response" "$marker" <<'PY'
import json, sys
comments = json.load(open(sys.argv[1]))
found = next((str(c["id"]) for c in comments if sys.argv[2] in (c.get("body") or "")), "-")
print(found, len(comments))
PY
)
    [ "$existing" != "-" ] && break
    existing=""
    [ "${count:-0}" -lt 100 ] && break
done

python3 - "$work/body.md" > "$work/payload.json" <<'PY'
import json, sys
print(json.dumps({"body": open(sys.argv[1], encoding="utf-8").read()}))
PY
if [ -n "$existing" ]; then
    status=$(call PATCH "$api/repos/$GITHUB_REPOSITORY/issues/comments/$existing" "$work/payload.json")
    what="updated"
else
    status=$(call POST "$api/repos/$GITHUB_REPOSITORY/issues/$number/comments" "$work/payload.json")
    what="posted"
fi
case "$status" in
    2??) echo "dpalint: $what the change review on pull request #$number" ;;
    *) warn "could not post the dpalint comment on pull request #$number (HTTP $status)" ;;
esac
exit 0
