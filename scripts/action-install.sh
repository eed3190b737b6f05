#!/usr/bin/env bash
# The install step of the irready GitHub Action: puts an irready binary in
# $RUNNER_TEMP/irready-action/bin and names it in the step output `bin`.
#
# It downloads the release asset for the runner's OS and architecture from the action's
# own repository and verifies its SHA-256 against the release's SHA256SUMS. When no asset
# fits (another platform, an action ref with no release, a local `uses: ./`), it builds
# irready from the action's own source with cargo. A checksum that does not match stops
# the step: a tampered binary is never run, and never silently replaced by a build.
#
# Environment: RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_ACTION_PATH, GITHUB_OUTPUT,
# IRREADY_ACTION_REPOSITORY and IRREADY_ACTION_REF (the action's repository and ref), and
# optionally IRREADY_DOWNLOAD_BASE, a URL (https:// or file://) that holds the assets
# instead of the release page.
set -euo pipefail

dest="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/irready-action"
mkdir -p "$dest/bin"
exe=irready
if [ "${RUNNER_OS:-}" = Windows ]; then exe=irready.exe; fi

# The Rust target of the runner, as the release workflow names its assets.
target() {
  case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
    Linux/X64) echo x86_64-unknown-linux-gnu ;;
    Linux/ARM64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

# The release to install: the action's ref when it is a full version tag, otherwise the
# version of the action's own Cargo.toml (so `@v1` or a commit installs its own version).
release_tag() {
  local ref="${IRREADY_ACTION_REF:-}"
  if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "$ref"
    return
  fi
  local version
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)
  [ -n "$version" ] && echo "v$version"
}

sha256() {
  if command -v sha256sum > /dev/null; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# Downloads and verifies the asset; returns 1 when there is none to download.
download() {
  local base="$1" asset="irready-$2.tar.gz"
  echo "Downloading $asset from $base"
  curl -fsSL --retry 3 -o "$dest/$asset" "$base/$asset" || return 1
  curl -fsSL --retry 3 -o "$dest/SHA256SUMS" "$base/SHA256SUMS" || return 1

  local expected actual
  expected=$(awk -v asset="$asset" '$2 == asset || $2 == "*" asset { print $1 }' "$dest/SHA256SUMS")
  actual=$(sha256 "$dest/$asset")
  if [ -z "$expected" ] || [ "$actual" != "$expected" ]; then
    echo "::error title=irready::the SHA-256 of $asset is $actual, but SHA256SUMS says '${expected:-nothing}'"
    exit 1
  fi
  tar -xzf "$dest/$asset" -C "$dest/bin" "$exe"
}

build() {
  echo "Building irready from the action's source in $GITHUB_ACTION_PATH"
  cargo install --locked --path "$GITHUB_ACTION_PATH" --root "$dest"
}

# Where the expressions come out empty (they may, in composite actions), the repository
# and ref are read from the folder the runner downloaded the action to:
# _actions/OWNER/REPO/REF.
action_path="${GITHUB_ACTION_PATH//\\//}"
if [ -z "${IRREADY_ACTION_REPOSITORY:-}" ] \
  && [[ "$action_path" =~ /_actions/([^/]+)/([^/]+)/([^/]+)/?$ ]]; then
  IRREADY_ACTION_REPOSITORY="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
  IRREADY_ACTION_REF="${BASH_REMATCH[3]}"
fi

installed=false
if [ -n "${IRREADY_ACTION_REPOSITORY:-}" ] && platform=$(target) && tag=$(release_tag); then
  server="${GITHUB_SERVER_URL:-https://github.com}"
  base="${IRREADY_DOWNLOAD_BASE:-$server/$IRREADY_ACTION_REPOSITORY/releases/download/$tag}"
  if download "$base" "$platform"; then installed=true; fi
fi
if [ "$installed" = false ]; then build; fi

"$dest/bin/$exe" --version
echo "bin=$dest/bin/$exe" >> "$GITHUB_OUTPUT"
