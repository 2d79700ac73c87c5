#!/usr/bin/env bash
# Starts / stops a private Docker daemon for the container backend's tests: its own socket, data root and pid
# file, so it never touches another daemon on the machine. Idempotent.
#
#   testcluster/containers/dockerd.sh start    # installs docker.io when dockerd is missing (Debian), starts it
#   testcluster/containers/dockerd.sh stop
#   testcluster/containers/dockerd.sh status
#
# Then: export DOCKER_HOST=unix:///run/aurora-docker.sock (start prints the variables Testcontainers needs).
#
# The daemon changes no firewall rule and forwards no packet off the machine (--iptables=false, --ip-forward=false,
# --ip-masq=false): published ports are served by docker-proxy on 127.0.0.1 / 127.0.B.x, and containers talk to each
# other on their own bridge network. Storage: overlay2 (a container starts in ~0.7 s), else vfs, which works
# everywhere but copies the whole image for every container (~6 s for a 300 MB image on a busy 2-core machine);
# AURORA_DOCKER_STORAGE=vfs|overlay2 forces one.
set -euo pipefail

SOCK="${AURORA_DOCKER_SOCK:-/run/aurora-docker.sock}"
ROOT="${AURORA_DOCKER_ROOT:-/var/lib/aurora-docker}"
EXEC_ROOT="${AURORA_DOCKER_EXEC_ROOT:-/run/aurora-docker}"
PIDFILE="$EXEC_ROOT.pid"
LOG="${AURORA_DOCKER_LOG:-/tmp/aurora-dockerd.log}"
export DOCKER_HOST="unix://$SOCK"

running() {
  [ -S "$SOCK" ] && [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && docker version >/dev/null 2>&1
}

# launch DRIVER: starts dockerd with that storage driver; fails (and leaves nothing running) when it does not answer
# within 60 s or cannot run a container.
launch() {
  setsid dockerd --host "unix://$SOCK" --data-root "$ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
    --storage-driver="$1" --iptables=false --ip-forward=false --ip-masq=false --ip6tables=false \
    --bridge=none --userland-proxy=true --log-level=warn </dev/null >>"$LOG" 2>&1 &
  local pid=$! deadline=$((SECONDS + 60))
  until docker version >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "dockerd.sh: dockerd ($1 storage) did not answer on $DOCKER_HOST within 60 s" >&2
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
  if [ "$(docker info --format '{{.Driver}}' 2>/dev/null)" != "$1" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return 1
  fi
}

start() {
  if running; then
    echo "dockerd.sh: already running (pid $(cat "$PIDFILE"), $DOCKER_HOST)"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "dockerd.sh: installing docker.io"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends docker.io >/dev/null
  fi
  mkdir -p "$ROOT" "$EXEC_ROOT"
  # A stale pid file of a daemon that died: remove it, or dockerd refuses to start.
  [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null && rm -f "$PIDFILE" "$SOCK"
  if [ -n "${AURORA_DOCKER_STORAGE:-}" ]; then
    launch "$AURORA_DOCKER_STORAGE" || { tail -n 30 "$LOG" >&2; exit 1; }
  elif ! launch overlay2; then
    echo "dockerd.sh: overlay2 storage does not work here; falling back to vfs (slower container creation)"
    launch vfs || { tail -n 30 "$LOG" >&2; exit 1; }
  fi
  echo "dockerd.sh: started (pid $(cat "$PIDFILE"), $DOCKER_HOST, $(docker info --format '{{.Driver}}') storage, data root $ROOT, log $LOG)"
  echo "dockerd.sh: for Testcontainers: export DOCKER_HOST=$DOCKER_HOST TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
}

stop() {
  if [ ! -f "$PIDFILE" ]; then
    echo "dockerd.sh: not running"
    return 0
  fi
  local pid
  pid="$(cat "$PIDFILE")"
  if kill -0 "$pid" 2>/dev/null; then
    # Remove what the tests may have left (containers of a JVM killed outright), then stop the daemon.
    docker ps -aq --filter label=dev.aurorajdbc.testcluster | xargs -r docker rm -f >/dev/null 2>&1 || true
    kill -TERM "$pid"
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then
        echo "dockerd.sh: dockerd (pid $pid) did not stop within 30 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
  fi
  rm -f "$PIDFILE"
  echo "dockerd.sh: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(cat "$PIDFILE"), $DOCKER_HOST)"; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
