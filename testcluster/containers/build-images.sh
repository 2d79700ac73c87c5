#!/usr/bin/env bash
# Builds the test cluster's container images locally, for machines that reach Debian's package archive but no image
# registry. Equivalent to the official images as far as the test cluster uses them: Debian bookworm, the server
# binaries on PATH, the server's own Unix user. Idempotent: an image that exists is skipped, and the Debian root file
# system of each image is cached as a tarball (so a rebuilt daemon only needs `docker import`).
#
#   DOCKER_HOST=unix:///run/aurora-docker.sock testcluster/containers/build-images.sh [postgresql] [mariadb]
#
#   aurora-testcluster/postgres:15   Debian bookworm + postgresql-15   (stands in for the official `postgres`)
#   aurora-testcluster/mariadb:10.11 Debian bookworm + mariadb-server  (stands in for the official `mariadb`)
#
# Needs root, debootstrap (installed when missing) and the Docker client.
set -euo pipefail

CACHE="${AURORA_IMAGE_CACHE:-/var/cache/aurora-testcluster/images}"
SUITE=bookworm
# The machine's own Debian mirror (the first URIs / deb line), else Debian's default.
MIRROR="$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)"
[ -n "$MIRROR" ] || MIRROR="$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { echo "build-images.sh: $*"; }

# rootfs NAME PACKAGES: the cached root file system tarball of one image, made with debootstrap when missing.
rootfs() {
  local name="$1" packages="$2" tarball="$CACHE/$1.tar"
  if [ -s "$tarball" ]; then
    echo "$tarball"
    return 0
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  mkdir -p "$CACHE/debs"
  local dir
  dir="$(mktemp -d "$CACHE/rootfs-$name.XXXXXX")"
  log "debootstrap $SUITE + $packages from $MIRROR" >&2
  local t0=$SECONDS
  # Packages' maintainer scripts must not start services inside the chroot.
  if ! debootstrap --variant=minbase --include="$packages" --cache-dir="$CACHE/debs" "$SUITE" "$dir" "$MIRROR" \
      >"$CACHE/debootstrap-$name.log" 2>&1; then
    tail -n 30 "$CACHE/debootstrap-$name.log" >&2
    rm -rf "$dir"
    return 1
  fi
  # What a container never needs: the clusters/databases the packages created, caches, docs, locales, man pages.
  rm -rf "$dir"/var/lib/postgresql/*/main "$dir"/etc/postgresql/*/main "$dir"/var/lib/mysql/* \
         "$dir"/var/cache/apt/* "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* \
         "$dir"/usr/share/locale/* "$dir"/var/log/*.log "$dir"/var/log/apt/* "$dir"/usr/share/i18n/*
  # PostgreSQL's JIT provider and the LLVM it loads (140 MB of 350): the test cluster runs with jit = off, and every
  # container copies the image's files (vfs storage driver), so size is start-up time.
  rm -rf "$dir"/usr/lib/postgresql/*/lib/llvmjit* "$dir"/usr/lib/postgresql/*/lib/bitcode \
         "$dir"/usr/lib/x86_64-linux-gnu/libLLVM* "$dir"/usr/lib/x86_64-linux-gnu/libz3.so*
  chmod 755 "$dir" # mktemp made it 0700: it becomes the image's /, which every user must traverse
  tar --numeric-owner -C "$dir" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$dir"
  log "rootfs $name: $((SECONDS - t0)) s, $(du -h "$tarball" | cut -f1)" >&2
  echo "$tarball"
}

# image TAG NAME PACKAGES [--change ...]: imports the root file system as TAG unless TAG exists.
image() {
  local tag="$1" name="$2" packages="$3"
  shift 3
  if docker image inspect "$tag" >/dev/null 2>&1; then
    log "$tag exists"
    return 0
  fi
  local tarball t0=$SECONDS
  tarball="$(rootfs "$name" "$packages")"
  docker import "$@" --change 'CMD ["bash"]' "$tarball" "$tag" >/dev/null
  log "$tag imported in $((SECONDS - t0)) s"
}

want=("$@")
[ ${#want[@]} -gt 0 ] || want=(postgresql mariadb)
for w in "${want[@]}"; do
  case "$w" in
    postgresql)
      image aurora-testcluster/postgres:15 postgres postgresql-15 \
        --change "ENV PATH=$BASE_PATH:/usr/lib/postgresql/15/bin" --change 'ENV PGDATA=/var/lib/postgresql/data' \
        --change 'ENV LANG=C.UTF-8'
      ;;
    mariadb)
      image aurora-testcluster/mariadb:10.11 mariadb mariadb-server \
        --change "ENV PATH=$BASE_PATH" --change 'ENV LANG=C.UTF-8'
      ;;
    *) echo "unknown image '$w' (postgresql, mariadb)" >&2; exit 2 ;;
  esac
done
