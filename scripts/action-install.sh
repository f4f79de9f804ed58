#!/usr/bin/env bash
# Step 1 of action.yml: install dpalint from the action's own checkout and put it on PATH.
set -euo pipefail
: "${GITHUB_ACTION_PATH:?}" "${RUNNER_TEMP:?}" "${GITHUB_PATH:?}"
root="$RUNNER_TEMP/dpalint"
if ! command -v cargo >/dev/null; then
    echo "::error title=dpalint::cargo is not installed on this runner; add a Rust toolchain step (e.g. dtolnay/rust-toolchain) before dpalint" >&2
    exit 2
fi
cargo install --locked --quiet --path "$GITHUB_ACTION_PATH" --root "$root"
echo "$root/bin" >> "$GITHUB_PATH"
"$root/bin/dpalint" --version
