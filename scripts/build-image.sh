#!/usr/bin/env bash
# Builds the jobwait container images (packaging/container/Containerfile) with buildah, from
# static binaries already built, into two local manifest lists:
#   REPO:TAG        FROM scratch: the binary, CA certificates, uid 65532, entrypoint jobwait
#   REPO:TAG-shell  the same plus a static BusyBox shell, for GitLab CI and Jenkins
# Nothing is pushed: the release workflow pushes them with `buildah manifest push --all`.
#
#   scripts/build-image.sh [options] PLATFORM=BINARY...
#     PLATFORM=BINARY      e.g. linux/amd64=target/x86_64-unknown-linux-musl/release/jobwait;
#                          one per platform, each a static binary for it
#     --repo REPO          image repository (default localhost/jobwait)
#     --tag TAG            tag (default: the version)
#     --version X.Y.Z      the version label (default: Cargo.toml's)
#     --revision SHA       the revision label (default: git rev-parse HEAD, else unknown)
#     --source URL         the source label, which links a GHCR package to its repository
#     --ca FILE            the CA bundle to ship (default /etc/ssl/certs/ca-certificates.crt)
#     --busybox-image REF  where the shell target's BusyBox comes from (a multi-arch image
#                          whose /bin/busybox is static; default in the Containerfile)
#
# SOURCE_DATE_EPOCH, when set, fixes the images' timestamps (reproducible digests).
# buildah's own settings apply (CONTAINERS_STORAGE_CONF, STORAGE_DRIVER, registries.conf).
# Prints the two manifest names. Exit codes: 0 built, 3 the build failed, 4 bad input.
set -euo pipefail

die() {
  local code=$1
  shift
  printf 'build-image: error: %s\n' "$*" >&2
  exit "$code"
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=localhost/jobwait
tag=""
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$root/Cargo.toml" | head -n 1)
revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
source=unknown
ca=/etc/ssl/certs/ca-certificates.crt
busybox_image=""
platforms=()
binaries=()

while [ $# -gt 0 ]; do
  case "$1" in
    --repo | --tag | --version | --revision | --source | --ca | --busybox-image)
      [ $# -ge 2 ] || die 4 "$1 needs a value"
      case "$1" in
        --repo) repo=$2 ;;
        --tag) tag=$2 ;;
        --version) version=$2 ;;
        --revision) revision=$2 ;;
        --source) source=$2 ;;
        --ca) ca=$2 ;;
        --busybox-image) busybox_image=$2 ;;
      esac
      shift 2
      ;;
    linux/*=*)
      platforms+=("${1%%=*}")
      binaries+=("${1#*=}")
      shift
      ;;
    *) die 4 "unexpected argument '$1' (see the top of $0)" ;;
  esac
done
[ "${#platforms[@]}" -gt 0 ] || die 4 "no PLATFORM=BINARY given"
tag=${tag:-$version}
[[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die 4 "'$tag' is not an image tag"
command -v buildah >/dev/null 2>&1 || die 3 "buildah is not installed"
[ -s "$ca" ] || die 4 "no CA bundle at $ca (install ca-certificates, or give --ca)"
grep -q -- '-----BEGIN CERTIFICATE-----' "$ca" || die 4 "$ca holds no PEM certificate"

context=$(mktemp -d "${TMPDIR:-/tmp}/jobwait-image.XXXXXX")
trap 'rm -rf "$context"' EXIT

# The context: the Containerfile's files, the CA bundle, each platform's binary, and the
# pieces git cannot hold (an empty home, /tmp's mode, the BusyBox applet links).
cp "$root/packaging/container/Containerfile" "$context/"
cp -R "$root/packaging/container/rootfs" "$context/rootfs"
chmod 0644 "$context"/rootfs/etc/*
mkdir -p "$context/rootfs/tmp" "$context/rootfs/home" "$context/home/jobwait" "$context/busybox"
chmod 1777 "$context/rootfs/tmp"
chmod 0755 "$context/home/jobwait"
cp "$ca" "$context/ca-certificates.crt"
chmod 0644 "$context/ca-certificates.crt"
for applet in sh ash awk basename cat chmod cp cut date dirname echo env false find grep \
  head id ln ls mkdir mktemp mv printf pwd rm sed sleep sort tail tee test tr true uname \
  wc which xargs; do
  ln -s busybox "$context/busybox/$applet"
done
for i in "${!platforms[@]}"; do
  platform=${platforms[$i]} binary=${binaries[$i]}
  [[ "$platform" =~ ^linux/[a-z0-9]+$ ]] || die 4 "'$platform' is not a platform such as linux/amd64"
  [ -f "$binary" ] || die 4 "no binary at $binary for $platform"
  mkdir -p "$context/bin/$platform"
  cp "$binary" "$context/bin/$platform/jobwait"
  chmod 0755 "$context/bin/$platform/jobwait"
done

args=(--build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "SOURCE=$source")
[ -z "$busybox_image" ] || args+=(--build-arg "BUSYBOX_IMAGE=$busybox_image")
[ -z "${SOURCE_DATE_EPOCH:-}" ] || args+=(--timestamp "$SOURCE_DATE_EPOCH")

for target in jobwait shell; do
  name="$repo:$tag"
  [ "$target" = jobwait ] || name="$repo:$tag-$target"
  # A manifest list left by an earlier build would keep that build's images.
  buildah manifest rm "$name" >/dev/null 2>&1 || true
  buildah rmi "$name" >/dev/null 2>&1 || true
  for platform in "${platforms[@]}"; do
    buildah build --quiet --file "$context/Containerfile" --target "$target" \
      --platform "$platform" --manifest "$name" "${args[@]}" "$context" >&2 ||
      die 3 "buildah could not build $name for $platform"
  done
  printf '%s\n' "$name"
done
