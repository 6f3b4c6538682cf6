#!/usr/bin/env bash
# Installs the jobwait binary for the GitHub Action (action.yml) and prints its path.
#
# A release binary when one fits the runner: downloaded over https from this repository's
# GitHub releases, its SHA-256 checked against the release's SHA256SUMS, and kept in the
# runner's tool cache so the next job on a self-hosted runner skips the download. When no
# release binary fits (a runner no release is built for, or an action used at a branch, a
# commit or from a local checkout, whose code may differ from any release), it builds the
# action's own source with `cargo build --release --locked`.
#
# Release assets, as .github/workflows/release.yml makes them for tag vX.Y.Z:
#   jobwait-X.Y.Z-<target>.tar.gz   Linux and macOS: the `jobwait` binary at the root
#   jobwait-X.Y.Z-<target>.zip      Windows: `jobwait.exe` at the root
#   SHA256SUMS                      one `sha256sum` line per archive
# <target>: x86_64/aarch64-unknown-linux-musl, x86_64/aarch64-apple-darwin,
# x86_64-pc-windows-msvc (Windows on ARM64 runs it emulated).
#
# Environment, all optional:
#   JOBWAIT_INSTALL_VERSION     X.Y.Z or vX.Y.Z: that release. `source`: build the action's
#                               source. Empty: the release the action's ref names (v1.2.3, or
#                               a moving v1 / v1.2 tag read through Cargo.toml), else build.
#   JOBWAIT_INSTALL_REF         the action's ref (github.action_ref); empty in some composite
#   JOBWAIT_INSTALL_REPOSITORY  actions (actions/runner#2473), so both are also read from
#                               GITHUB_ACTION_PATH (…/_actions/OWNER/REPO/REF).
#   JOBWAIT_INSTALL_BASE_URL    the folder that holds the version's assets, instead of
#                               https://github.com/OWNER/REPO/releases/download/vX.Y.Z. Only
#                               https, file:// or http on loopback (for tests and mirrors).
#   JOBWAIT_INSTALL_PROFILE     cargo profile of a source build: release (default), or dev
#                               for the local checks, which reuse what `cargo test` built.
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_ACTION_PATH,
#   GITHUB_WORKSPACE, GITHUB_REPOSITORY: as the runner sets them. Outside a runner the
#   platform comes from uname and the cache from TMPDIR.
#
# Writes `path`, `version` and `how` (cache, release or source) to $GITHUB_OUTPUT.
# Exit codes follow jobwait's: 0 installed, 3 could not install (download, checksum, build),
# 4 bad input.
set -euo pipefail

log() { printf 'jobwait install: %s\n' "$*" >&2; }
die() {
  local code=$1
  shift
  printf 'jobwait install: error: %s\n' "$*" >&2
  exit "$code"
}

# Windows runners hand out C:\ paths; Git Bash tools want /c/ ones.
unix_path() {
  if [ -n "$1" ] && command -v cygpath >/dev/null 2>&1; then
    cygpath -u "$1"
  else
    printf '%s\n' "$1"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{print $1}'
  else
    openssl dgst -sha256 -r "$1" | awk '{print $1}'
  fi
}

# RUNNER_OS/RUNNER_ARCH, or the same names derived from uname outside a runner.
detect_platform() {
  os=${RUNNER_OS:-}
  arch=${RUNNER_ARCH:-}
  if [ -z "$os" ]; then
    case "$(uname -s)" in
      Linux) os=Linux ;;
      Darwin) os=macOS ;;
      MINGW* | MSYS* | CYGWIN*) os=Windows ;;
      *) os=$(uname -s) ;;
    esac
  fi
  if [ -z "$arch" ]; then
    case "$(uname -m)" in
      x86_64 | amd64) arch=X64 ;;
      aarch64 | arm64) arch=ARM64 ;;
      armv7* | armv6*) arch=ARM ;;
      i?86) arch=X86 ;;
      *) arch=$(uname -m) ;;
    esac
  fi
  exe=""
  [ "$os" = Windows ] && exe=".exe"
  return 0
}

# The release target for this runner; empty when no release binary fits.
release_target() {
  case "$os/$arch" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64 | Windows/ARM64) echo x86_64-pc-windows-msvc ;;
    *) echo "" ;;
  esac
}

# `version = "…"` of the action's own Cargo.toml (the first one is the package's).
source_version() {
  sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$src/Cargo.toml" | head -n 1
}

# The action's ref and repository: from the env, else from where the runner put the action.
locate_action() {
  ref=${JOBWAIT_INSTALL_REF:-}
  repository=${JOBWAIT_INSTALL_REPOSITORY:-}
  local path rest
  path=${GITHUB_ACTION_PATH:-}
  path=${path//\\//}
  case "$path" in
    */_actions/*/*/*)
      rest=${path##*/_actions/}
      [ -n "$repository" ] || repository=$(printf '%s' "$rest" | cut -d/ -f1-2)
      [ -n "$ref" ] || ref=$(printf '%s' "$rest" | cut -d/ -f3)
      ;;
  esac
  ref=${ref#refs/tags/}
  # A local action (`uses: ./`) is this repository's own checkout.
  local workspace=${GITHUB_WORKSPACE:-}
  workspace=${workspace//\\//}
  if [ -z "$repository" ] && [ -n "$workspace" ] && [ -n "$path" ]; then
    case "$path/" in
      "$workspace"/*) repository=${GITHUB_REPOSITORY:-} ;;
    esac
  fi
  return 0
}

# Decides `version`: a release X.Y.Z, or `source`.
choose_version() {
  local requested=${JOBWAIT_INSTALL_VERSION:-}
  requested=$(printf '%s' "$requested" | tr -d '[:space:]')
  if [ -n "$requested" ]; then
    if [ "$requested" = source ]; then
      version=source
    elif [[ "$requested" =~ $release_re ]]; then
      version=${requested#v}
    else
      die 4 "version '$requested' is not a release (X.Y.Z or vX.Y.Z) nor 'source'; pin a release so its checksum and behaviour stay fixed"
    fi
    return 0
  fi
  if [[ "$ref" =~ $release_re ]]; then
    version=${ref#v}
  elif [[ "$ref" =~ ^v([0-9]+)(\.[0-9]+)?$ ]]; then
    # A moving major/minor tag points at a release commit, whose Cargo.toml names it.
    local own
    own=$(source_version)
    case "$own" in
      "${ref#v}".*) version=$own ;;
      *) version=source ;;
    esac
  else
    # A branch, a commit, or a local checkout: only its own source is what was asked for.
    version=source
  fi
}

# Fetches $1 to $2 with the protocols allowed for $base.
fetch() {
  local url=$1 dest=$2
  if ! curl --proto "=$proto" --proto-redir '=https' --tlsv1.2 --fail --silent --show-error \
    --location --retry 3 --connect-timeout 20 --max-time 300 --output "$dest" "$url"; then
    die 3 "cannot download $url"
  fi
}

# A JOBWAIT_INSTALL_BASE_URL must be https, file, or http on loopback; checked up front so
# a bad one is an error even when the tool cache would have served the binary.
check_base_override() {
  override=${JOBWAIT_INSTALL_BASE_URL:-}
  override=${override%/}
  case "$override" in
    "") proto="https" ;;
    https://*) proto="https" ;;
    file://*) proto="file" ;;
    http://127.0.0.1 | http://127.0.0.1[:/]* | http://localhost | http://localhost[:/]* | http://\[::1\] | http://\[::1\][:/]*)
      proto="http"
      ;;
    *) die 4 "JOBWAIT_INSTALL_BASE_URL must be https://, file:// or http:// on loopback, not '$override'" ;;
  esac
}

# Where the release assets of $version are.
choose_base() {
  if [ -n "$override" ]; then
    base=$override
    return 0
  fi
  [ -n "$repository" ] ||
    die 4 "cannot tell whose releases to download jobwait $version from: set JOBWAIT_INSTALL_REPOSITORY=OWNER/REPO"
  [[ "$repository" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] ||
    die 4 "'$repository' is not a GitHub repository (OWNER/REPO)"
  base="https://github.com/$repository/releases/download/v$version"
}

# The expected SHA-256 of $1 from the SHA256SUMS file $2; refuses a missing or doubtful entry.
expected_sha256() {
  local name=$1 sums=$2 found
  found=$(tr -d '\r' <"$sums" | awk -v f="$name" '$2 == f || $2 == "*" f {print tolower($1)}' | sort -u)
  [ -n "$found" ] ||
    die 3 "SHA256SUMS of jobwait $version has no entry for $name: refusing to install a binary that cannot be verified"
  [ "$(printf '%s\n' "$found" | wc -l | tr -d ' ')" = 1 ] ||
    die 3 "SHA256SUMS of jobwait $version lists $name with different checksums: refusing to install it"
  [[ "$found" =~ ^[0-9a-f]{64}$ ]] ||
    die 3 "SHA256SUMS of jobwait $version has a malformed entry for $name: refusing to install it"
  printf '%s\n' "$found"
}

# A cached binary counts only if it still has the checksum recorded when it was installed.
cached_binary() {
  [ -f "$marker" ] && [ -f "$cached" ] || return 1
  [ "$(sha256_of "$cached")" = "$(tr -d '[:space:]' <"$marker")" ]
}

install_release() {
  local asset work expected actual unpacked
  if [ "$os" = Windows ]; then
    asset="jobwait-$version-$target.zip"
  else
    asset="jobwait-$version-$target.tar.gz"
  fi
  choose_base
  work=$(mktemp -d "$temp_root/jobwait-install.XXXXXX")
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" EXIT
  log "downloading $asset from $base"
  fetch "$base/SHA256SUMS" "$work/SHA256SUMS"
  expected=$(expected_sha256 "$asset" "$work/SHA256SUMS")
  fetch "$base/$asset" "$work/$asset"
  actual=$(sha256_of "$work/$asset")
  [ "$actual" = "$expected" ] ||
    die 3 "SHA-256 of $asset is $actual, but SHA256SUMS says $expected: refusing to install it (a corrupted or tampered download)"
  log "SHA-256 verified: $actual"

  unpacked="$work/unpacked"
  mkdir -p "$unpacked"
  case "$asset" in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$work/$asset" -d "$unpacked"
      else
        python3 -m zipfile -e "$work/$asset" "$unpacked"
      fi
      ;;
    *) tar -xzf "$work/$asset" -C "$unpacked" ;;
  esac
  [ -f "$unpacked/jobwait$exe" ] || die 3 "$asset holds no jobwait$exe at its root"

  # Marker last, so an interrupted install is never taken for a complete one.
  rm -rf "$cache_dir" "$marker"
  mkdir -p "$cache_dir"
  mv "$unpacked/jobwait$exe" "$cached"
  chmod +x "$cached"
  sha256_of "$cached" >"$marker"
  bin=$cached
  how=release
}

build_source() {
  command -v cargo >/dev/null 2>&1 ||
    die 3 "$why, and cargo is not installed: install Rust before this step (rustup), or use a released version on Linux, macOS or Windows (x64, arm64)"
  local target_dir profile_dir args
  target_dir=$(unix_path "${CARGO_TARGET_DIR:-$src/target}")
  local profile=${JOBWAIT_INSTALL_PROFILE:-release}
  [[ "$profile" =~ ^[A-Za-z0-9_-]+$ ]] || die 4 "JOBWAIT_INSTALL_PROFILE '$profile' is not a cargo profile name"
  args=(build --locked --bin jobwait --manifest-path "$src/Cargo.toml" --target-dir "$target_dir")
  if [ "$profile" = release ]; then
    args+=(--release)
  else
    args+=(--profile "$profile")
  fi
  profile_dir=$profile
  [ "$profile" = dev ] && profile_dir=debug
  log "$why: building it from $src (cargo ${args[*]})"
  cargo "${args[@]}" >&2 || die 3 "cargo build failed (see above)"
  bin="$target_dir/$profile_dir/jobwait$exe"
  [ -x "$bin" ] || die 3 "cargo build left no $bin"
  how=source
  version=$(source_version)
}

release_re='^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
src=$(unix_path "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)")
temp_root=$(unix_path "${RUNNER_TEMP:-${TMPDIR:-/tmp}}")
cache_root=$(unix_path "${RUNNER_TOOL_CACHE:-$temp_root}")

check_base_override
detect_platform
locate_action
choose_version
target=$(release_target)

if [ "$version" = source ]; then
  why="jobwait ${ref:+at $ref }is not a release"
  build_source
elif [ -z "$target" ]; then
  why="no release binary of jobwait $version fits a $os $arch runner"
  own=$(source_version)
  if [ "$own" != "$version" ]; then
    log "::warning title=jobwait install::no release binary fits a $os $arch runner; building the action's own source ($own) instead of $version"
  fi
  build_source
else
  # The tool cache's layout: TOOL/VERSION/ARCH, with ARCH.complete beside it.
  arch_dir=$(printf '%s' "$arch" | tr '[:upper:]' '[:lower:]')
  cache_dir="$cache_root/jobwait/$version/$arch_dir"
  marker="$cache_dir.complete"
  cached="$cache_dir/jobwait$exe"
  if cached_binary; then
    log "jobwait $version from the tool cache ($cached)"
    bin=$cached
    how=cache
  else
    install_release
    log "installed jobwait $version for $os $arch at $bin"
  fi
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    printf 'path=%s\n' "$bin"
    printf 'version=%s\n' "$version"
    printf 'how=%s\n' "$how"
  } >>"$GITHUB_OUTPUT"
fi
printf '%s\n' "$bin"
