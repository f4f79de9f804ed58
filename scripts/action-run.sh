#!/usr/bin/env bash
# Step 2 of action.yml: one dpalint run producing annotations (stdout), SARIF and
# the Markdown job summary; the step fails according to fail-on.
set -uo pipefail
: "${GITHUB_OUTPUT:?}" "${GITHUB_STEP_SUMMARY:?}"

read -r -d '' -a paths <<<"${INPUT_PATHS:-.}" || true
read -r -a extra <<<"${INPUT_ARGS:-}" || true
summary=$(mktemp)
args=(check "${paths[@]}" --fail-on "${INPUT_FAIL_ON:-error}" --color never --also "markdown=$summary")
if [ "${INPUT_ANNOTATIONS:-true}" = "true" ]; then
    args+=(--format github)
else
    args+=(--format concise)
fi
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    args+=(--also "sarif=$INPUT_SARIF_FILE")
fi
args+=("${extra[@]}")

dpalint "${args[@]}"
code=$?
if [ -s "$summary" ]; then
    cat "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
rm -f "$summary"
{
    echo "exit-code=$code"
    echo "sarif-file=${INPUT_SARIF_FILE:-}"
} >> "$GITHUB_OUTPUT"
exit "$code"
