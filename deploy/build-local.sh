#!/usr/bin/env bash
# Builds the silo image (and, with --azurite, an Azurite image) with podman on a machine that reaches no container
# registry: a Debian 12 base made once with debootstrap and cached, a self-contained publish of the silo, then
# deploy/Dockerfile.debian (and deploy/Dockerfile.azurite). See docs/deploy.md.
#
#   deploy/build-local.sh              # -> localhost/fraccluster/silo:local
#   deploy/build-local.sh --azurite    # also -> localhost/fraccluster/azurite:local
#
# Needs: podman, runc, debootstrap (apt-get install podman runc buildah debootstrap), the .NET 10 SDK; for --azurite,
# Node.js and `npm install -g azurite@3.37.0`. Runs as root (debootstrap, rootful podman).
# Environment: FRACCLUSTER_CACHE (default /var/cache/fraccluster, else ~/.cache/fraccluster), DEBIAN_MIRROR,
# CONTAINERS_CONF (default deploy/podman/containers.conf: runc, no default ulimits).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$repo/deploy/podman/containers.conf}

with_azurite=false
silo_tag=localhost/fraccluster/silo:local
azurite_tag=localhost/fraccluster/azurite:local
while [ $# -gt 0 ]; do
  case "$1" in
    --azurite) with_azurite=true ;;
    --tag) silo_tag=$2; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build-local.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

cache=${FRACCLUSTER_CACHE:-/var/cache/fraccluster}
if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
  cache=$HOME/.cache/fraccluster
  mkdir -p "$cache"
fi
log() { echo "build-local: $*" >&2; }

# One build at a time per cache (the container test suite and a developer may both call this).
exec 9>"$cache/build.lock"
flock 9

# --- 1. The Debian 12 base -------------------------------------------------------------------------------------------
# What a self-contained .NET app and libtorch need beyond minbase: ICU (globalization), OpenSSL and CA certificates
# (TLS to Azure Storage), tzdata, zlib, libstdc++ (libtorch). libgomp comes with libtorch-cpu's own copy.
suite=bookworm
packages=ca-certificates,libicu72,libssl3,tzdata,zlib1g,libstdc++6
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The key changes when the recipe does, so a changed package list builds a new base instead of reusing the old one.
base_key=$(printf '%s\n' "recipe-1" "$suite" "$packages" | sha256sum | cut -c1-12)
base_image=localhost/fraccluster/debian-base:$base_key
base_tar=$cache/debian-base-$base_key.tar

if podman image exists "$base_image"; then
  log "base $base_image (cached image)"
else
  if [ ! -s "$base_tar" ]; then
    command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap"; exit 1; }
    rootfs=$cache/rootfs-$base_key.tmp
    rm -rf "$rootfs"
    log "debootstrap --variant=minbase $suite (about 1.5 minutes, once per machine)"
    debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >"$cache/debootstrap-$base_key.log" 2>&1 \
      || { tail -20 "$cache/debootstrap-$base_key.log" >&2; exit 1; }
    # apt's package cache and lists are not needed at run time.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" --numeric-owner --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -cf "$base_tar.tmp" .
    mv "$base_tar.tmp" "$base_tar"
    rm -rf "$rootfs"
  fi
  log "importing $base_tar as $base_image"
  podman import --quiet "$base_tar" "$base_image" >/dev/null
fi

# --- 2. The silo: self-contained publish, then the image ----------------------------------------------------------
publish=$cache/silo-publish
log "dotnet publish (self-contained, linux-x64) -> $publish"
rm -rf "$publish"
nice -n 10 dotnet publish "$repo/src/FracCluster.Silo/FracCluster.Silo.csproj" \
  --configuration Release --runtime linux-x64 --self-contained true \
  --output "$publish" -p:TorchBackend=cpu -p:UseAppHost=true -nologo -v quiet >"$cache/publish.log" 2>&1 \
  || { tail -40 "$cache/publish.log" >&2; exit 1; }

# Debian 12's libstdc++ lacks GLIBCXX_3.4.32: the published libLibTorchSharp.so must carry the weak mark that
# Directory.Build.targets sets (it patches only when the build host lacks the version, as a Debian 12 host does).
if command -v readelf >/dev/null; then
  if readelf -V "$publish/libLibTorchSharp.so" | grep -E 'Name: GLIBCXX_3\.4\.32' | grep -vq 'WEAK'; then
    log "$publish/libLibTorchSharp.so still requires GLIBCXX_3.4.32 (not weak): TorchSharp would not load on Debian 12"
    exit 1
  fi
fi

log "podman build -f deploy/Dockerfile.debian -> $silo_tag"
previous=$(podman image inspect --format '{{.Id}}' "$silo_tag" 2>/dev/null || true)
nice -n 10 podman build --quiet --file "$repo/deploy/Dockerfile.debian" --build-arg BASE_IMAGE="$base_image" \
  --tag "$silo_tag" "$publish" >/dev/null
# Each build of changed code leaves the previous image (about 840 MB) untagged: remove it, not other dangling images.
current=$(podman image inspect --format '{{.Id}}' "$silo_tag")
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  podman rmi "$previous" >/dev/null 2>&1 || true
fi

# --- 3. Azurite on the same base (optional) --------------------------------------------------------------------------
if $with_azurite; then
  command -v node >/dev/null || { log "node is missing (apt-get install -y nodejs)"; exit 1; }
  prefix=$(npm prefix -g)
  module=$prefix/lib/node_modules/azurite
  [ -f "$module/package.json" ] || { log "azurite is not installed: npm install -g azurite@3.37.0"; exit 1; }
  node_bin=$(readlink -f "$(command -v node)")
  azurite_version=$(node -p "require('$module/package.json').version")
  azurite_key=$(printf '%s\n' "$base_key" "$azurite_version" "$(node --version)" "$(sha256sum "$repo/deploy/Dockerfile.azurite")" | sha256sum | cut -c1-12)
  if [ "$(podman image inspect --format '{{index .Labels "fraccluster.key"}}' "$azurite_tag" 2>/dev/null || true)" = "$azurite_key" ]; then
    log "azurite $azurite_tag (cached image, Azurite $azurite_version)"
  else
    context=$cache/azurite-context
    rm -rf "$context"
    mkdir -p "$context/bin" "$context/lib/node_modules"
    cp "$node_bin" "$context/bin/node"
    cp -a "$module" "$context/lib/node_modules/"
    log "podman build -f deploy/Dockerfile.azurite -> $azurite_tag (Azurite $azurite_version, node $(node --version))"
    nice -n 10 podman build --quiet --file "$repo/deploy/Dockerfile.azurite" --build-arg BASE_IMAGE="$base_image" \
      --label fraccluster.key="$azurite_key" --tag "$azurite_tag" "$context" >/dev/null
    rm -rf "$context"
  fi
fi

log "done: $silo_tag$($with_azurite && echo " and $azurite_tag")"
