#!/usr/bin/env bash
# Integration test of the sub-processor feed with Python's feedparser, the
# parser behind many feed readers: `dpalint report subprocessors --format
# atom` on examples/saas-processor must parse without a single complaint
# (bozo = 0) as Atom 1.0, with one entry per change (the JSON's `changes`),
# unique ids, and dates from the inventory.
#
# Needs python3 (venv) and cargo; installs feedparser from PyPI; skips, saying
# so, only when PyPI cannot be reached. DPALINT=path/to/dpalint uses that
# binary instead of building one. About 10 s with a binary already built.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test-subprocessors-feed: %s\n' "$*"; }

bin=${DPALINT:-}
if [ -z "$bin" ]; then
    (cd "$repo" && cargo build --release --locked --quiet)
    bin="${CARGO_TARGET_DIR:-$repo/target}/release/dpalint"
fi

python3 -m venv "$work/venv"
if ! "$work/venv/bin/pip" install --quiet feedparser 2>"$work/pip.err"; then
    if grep -qiE 'connection|network|resolve|timed out|unreachable|No matching distribution' "$work/pip.err"; then
        say "SKIPPED: PyPI is unreachable"
        exit 0
    fi
    cat "$work/pip.err" >&2
    exit 1
fi

example="$repo/examples/saas-processor"
"$bin" report subprocessors "$example" --format atom --as-of 2026-11-21 -q -o "$work/feed.atom"
"$bin" report subprocessors "$example" --format json --as-of 2026-11-21 -q -o "$work/list.json"

"$work/venv/bin/python" - "$work/feed.atom" "$work/list.json" <<'PY'
import json, sys
import feedparser

feed = feedparser.parse(sys.argv[1])
changes = json.load(open(sys.argv[2], encoding="utf-8"))["changes"]
assert not feed.bozo, f"not well-formed: {feed.bozo_exception!r}"
assert feed.version == "atom10", feed.version
assert feed.feed.title == "Sub-processors of Parcelbeam B.V.", feed.feed.title
assert feed.feed.updated == "2026-11-21T00:00:00Z", feed.feed.updated
assert len(feed.entries) == len(changes), (len(feed.entries), len(changes))
ids = [e.id for e in feed.entries]
assert ids == [c["id"] for c in changes], ids
assert len(set(ids)) == len(ids), "duplicate ids"
for entry, change in zip(feed.entries, changes):
    assert entry.published.startswith(change["announced_on"]), (entry.published, change)
    assert entry.tags[0].term == change["kind"], (entry.tags, change)
    assert entry.summary == change["summary"], (entry.summary, change)
print(f"feedparser {feedparser.__version__}: {len(feed.entries)} entries, ids unique, dates and summaries as in the JSON")
PY
say "OK"
