#!/usr/bin/env bash
# Step 1 of action.yml: put dpalint on PATH, in one of two ways.
#
#   action-install.sh download   the prebuilt binary for this runner from the
#                                release of the action's version (seconds)
#   action-install.sh cargo      fallback when there is none: `cargo install`
#                                from the action's checkout, into a directory
#                                that action.yml caches between runs
#
# download fetches dpalint-<version>-<target>.tar.gz (.zip on Windows) and its
# .sha256 from $DPALINT_RELEASE_BASE_URL (default: the GitHub release
# v<version> of the action's repository), checks the SHA-256 and unpacks it.
# An action used from the workspace (`uses: ./`) is built from its source.
# It writes these step outputs:
#   installed   true when dpalint is on PATH; false: run the cargo fallback
#   cargo-root  the directory the fallback installs into (and action.yml caches)
#   cache-key   version, OS, architecture and a hash of the action's sources
# No binary for this version or runner (HTTP 404, unknown OS/architecture, or
# the download fails) means installed=false. A binary that does not match its
# published SHA-256, a release without the .sha256, or an archive that does not
# hold a working dpalint of this version is refused: exit 2, nothing installed,
# and no fallback.
set -euo pipefail
: "${GITHUB_ACTION_PATH:?}" "${RUNNER_TEMP:?}" "${GITHUB_PATH:?}" "${GITHUB_OUTPUT:?}"
mode=${1:-download}

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n1)
os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
exe=""
case "$os" in Windows | MINGW* | MSYS* | CYGWIN*) exe=".exe" ;; esac
cargo_root="$RUNNER_TEMP/dpalint-cargo"

error() {
    echo "::error title=dpalint::$*"
    exit 2
}

if command -v sha256sum >/dev/null; then
    hasher=(sha256sum)
else
    hasher=(shasum -a 256)
fi
sha256() {
    # SHA-256 of a file, or of stdin without an argument.
    "${hasher[@]}" "$@" | cut -d' ' -f1
}

# Version, runner and a hash of everything the build reads: a cached build is
# used only for exactly these sources (the action may be used at a branch).
cache_key() {
    local sources
    sources=$(cd "$GITHUB_ACTION_PATH" &&
        find Cargo.toml Cargo.lock build.rs src rules schemas -type f 2>/dev/null | LC_ALL=C sort |
        tr '\n' '\0' | xargs -0 "${hasher[@]}" | sha256 | cut -c1-16)
    echo "dpalint-cargo-$version-$os-$arch-$sources"
}

if [[ "$mode" == cargo ]]; then
    key=$(cache_key)
    if [[ -x "$cargo_root/bin/dpalint$exe" && "$(cat "$cargo_root/.cache-key" 2>/dev/null)" == "$key" ]]; then
        echo "dpalint: using the build restored from the cache ($key); nothing to compile"
    else
        if ! command -v cargo >/dev/null; then
            error "no prebuilt dpalint $version for this runner ($os/$arch) and cargo is not installed; add a Rust toolchain step (e.g. dtolnay/rust-toolchain) before dpalint"
        fi
        echo "dpalint: building $version with cargo install (cached for later runs as $key)"
        cargo install --locked --quiet --force --path "$GITHUB_ACTION_PATH" --root "$cargo_root"
        echo "$key" > "$cargo_root/.cache-key"
    fi
    echo "$cargo_root/bin" >> "$GITHUB_PATH"
    "$cargo_root/bin/dpalint$exe" --version
    exit 0
fi
[[ "$mode" == download ]] || error "action-install.sh: unknown mode '$mode' (download or cargo)"

{
    echo "cargo-root=$cargo_root"
    echo "cache-key=$(cache_key)"
} >> "$GITHUB_OUTPUT"
fallback() {
    echo "dpalint: $*; falling back to cargo install"
    echo "installed=false" >> "$GITHUB_OUTPUT"
    exit 0
}

# `uses: ./` (the action inside the workspace, e.g. dpalint's own CI): the source
# may differ from any release of its version, so it is built from that source.
if [[ -z "${DPALINT_RELEASE_BASE_URL:-}" && -n "${GITHUB_WORKSPACE:-}" ]]; then
    workspace=$(cd "$GITHUB_WORKSPACE" && pwd -P)
    action=$(cd "$GITHUB_ACTION_PATH" && pwd -P)
    if [[ "$action/" == "$workspace/"* ]]; then
        fallback "the action runs from the workspace ($GITHUB_ACTION_PATH), so it is built from that source"
    fi
fi

case "$os/$arch" in
    Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
    Linux/ARM64 | Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
    macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
    macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
    Windows/X64 | MINGW*/x86_64 | MSYS*/x86_64) target=x86_64-pc-windows-msvc ;;
    *) fallback "no prebuilt binary is released for $os/$arch" ;;
esac
archive="dpalint-$version-$target.tar.gz"
[[ -n "$exe" ]] && archive="dpalint-$version-$target.zip"
# The action's repository: from action.yml (github.action_repository), else from
# the path the runner downloaded it to (.../_actions/<owner>/<repo>/<ref>).
repository=${DPALINT_ACTION_REPOSITORY:-}
if [[ -z "$repository" && "$GITHUB_ACTION_PATH" =~ /_actions/([^/]+)/([^/]+)/[^/]+/?$ ]]; then
    repository="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
fi
[[ -n "$repository" ]] || repository=dpalint/dpalint
base=${DPALINT_RELEASE_BASE_URL:-https://github.com/$repository/releases/download/v$version}
base=${base%/}

dir="$RUNNER_TEMP/dpalint-download"
rm -rf "$dir"
mkdir -p "$dir"
# HTTP status of a download into a file ("000" when there was no answer).
fetch() {
    curl --silent --show-error --location --retry 3 --connect-timeout 20 \
        --output "$2" --write-out '%{http_code}' "$1" 2>"$dir/curl.err" || true
}

status=$(fetch "$base/$archive" "$dir/$archive")
case "$status" in
    200) ;;
    404) fallback "no prebuilt binary $archive at $base (HTTP 404)" ;;
    *) fallback "could not download $base/$archive (HTTP $status) $(tr '\n' ' ' <"$dir/curl.err")" ;;
esac
status=$(fetch "$base/$archive.sha256" "$dir/$archive.sha256")
[[ "$status" == 200 ]] ||
    error "the release has $archive but its checksum $archive.sha256 could not be downloaded (HTTP $status); refusing to install an unverified binary"
expected=$(head -n1 "$dir/$archive.sha256" | cut -d' ' -f1 | tr 'A-F' 'a-f')
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] ||
    error "$archive.sha256 from $base holds no SHA-256; refusing to install an unverified binary"
actual=$(sha256 "$dir/$archive")
[[ "$actual" == "$expected" ]] ||
    error "SHA-256 mismatch for $archive from $base: expected $expected (published $archive.sha256), got $actual. The download is corrupt or was tampered with; dpalint was not installed"
echo "dpalint: $archive matches its published SHA-256 $expected"

unpacked="$RUNNER_TEMP/dpalint-release"
rm -rf "$unpacked"
mkdir -p "$unpacked"
if [[ "$archive" == *.zip ]]; then
    if command -v unzip >/dev/null; then
        unzip -q "$dir/$archive" -d "$unpacked" || error "cannot unpack $archive"
    else
        7z x -y -bd "-o$unpacked" "$dir/$archive" >/dev/null || error "cannot unpack $archive"
    fi
else
    tar -xzf "$dir/$archive" -C "$unpacked" || error "cannot unpack $archive"
fi
bin="$unpacked/dpalint-$version-$target"
[[ -f "$bin/dpalint$exe" ]] || error "$archive holds no dpalint-$version-$target/dpalint$exe"
chmod +x "$bin/dpalint$exe"
got=$("$bin/dpalint$exe" --version 2>&1) || error "the dpalint in $archive does not run on this runner: $got"
got=${got%%$'\n'*}
[[ "$got" == "dpalint $version" ]] || error "the dpalint in $archive reports '$got', expected 'dpalint $version'"
echo "$bin" >> "$GITHUB_PATH"
echo "installed=true" >> "$GITHUB_OUTPUT"
echo "dpalint: installed the prebuilt $got ($target)"
