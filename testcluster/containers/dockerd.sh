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
# other on their own bridge network. Storage is vfs, which works inside another container.
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
  setsid dockerd --host "unix://$SOCK" --data-root "$ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
    --storage-driver=vfs --iptables=false --ip-forward=false --ip-masq=false --ip6tables=false \
    --bridge=none --userland-proxy=true --log-level=warn </dev/null >>"$LOG" 2>&1 &
  local deadline=$((SECONDS + 60))
  until docker version >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "dockerd.sh: the daemon did not answer on $DOCKER_HOST within 60 s; last lines of $LOG:" >&2
      tail -n 30 "$LOG" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "dockerd.sh: started (pid $(cat "$PIDFILE"), $DOCKER_HOST, data root $ROOT, log $LOG)"
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
