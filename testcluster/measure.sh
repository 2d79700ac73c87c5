#!/usr/bin/env bash
# Measures the test cluster's start-up and failover() times through its CLI and prints Markdown tables
# (the figures in testcluster/README.md come from here).
#   testcluster/measure.sh [TRIALS] [BACKEND]   default 5 trials per configuration, 3 failovers per trial, and the
#                                               backend the CLI chooses by default (process|container|auto)
#   MEASURE_CONFIGS="postgresql 2;mysql 2 --sync" testcluster/measure.sh ...   only these configurations
# The container backend needs Docker and the images: run it under .ci/containers (which starts a daemon and builds them).
# Needs python3 for the summary. Run it on an otherwise idle machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trials="${1:-5}"
backend="${2:-}"
jar="$root/testcluster/target/aurora-testcluster.jar"
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -pl testcluster -am package -DskipTests)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
IFS=';' read -r -a configs <<< "${MEASURE_CONFIGS:-postgresql 2;postgresql 15;mysql 2;postgresql 2 --sync;mysql 2 --sync}"
for config in "${configs[@]}"; do
  set -- $config
  for i in $(seq "$trials"); do
    printf 'failover\nfailover\nfailover\n' | java -jar "$jar" up --json --engine "$1" --replicas "$2" ${3:-} \
      --auto-failover-ms 0 ${backend:+--backend "$backend"} > "$out/$1-$2${3:-}-$i.jsonl"
  done
done
python3 - "$out" "$trials" <<'PY'
import glob, json, os, statistics, sys
out, trials = sys.argv[1], sys.argv[2]
def label(name):
    engine, replicas, *rest = name.split("-", 2)
    return f"{engine} 1+{replicas}" + (" sync" if rest else "")
runs = {}
for f in sorted(glob.glob(os.path.join(out, "*.jsonl"))):
    key = label(os.path.basename(f).rsplit("-", 1)[0])
    lines = [json.loads(l) for l in open(f) if l.strip()]
    runs.setdefault(key, []).append(lines)
def med(xs): return f"{statistics.median(xs):.0f}" if xs else "-"
def rng(xs): return f"{min(xs)}–{max(xs)}" if xs else "-"
print(f"Backend: {runs and next(iter(runs.values()))[0][0].get('backend')}\n")
print(f"Start-up ({trials} trials each; from the first initdb/install until every replica has caught up):\n")
print("| cluster | median ms | range ms |\n|---|---|---|")
for key, rs in runs.items():
    xs = [r[0]["startupMs"] for r in rs]
    print(f"| {key} | {med(xs)} | {rng(xs)} |")
steps = ["fence", "select", "promote", "repoint", "metadata", "rejoin"]
print(f"\nfailover() by step ({trials} trials × 3 failovers; median ms, range in brackets):\n")
print("| cluster | " + " | ".join(steps) + " | writable after | total |\n|---" * 1 + "|---" * (len(steps) + 2) + "|")
for key, rs in runs.items():
    fos = [l["failover"] for r in rs for l in r[1:] if l.get("ok") and "failover" in l]
    cells = []
    for s in steps:
        xs = [st["ms"] for fo in fos for st in fo["steps"] if st["name"] == s]
        cells.append(f"{med(xs)} ({rng(xs)})")
    w = [fo["writableAfterMs"] for fo in fos]; t = [fo["totalMs"] for fo in fos]
    print(f"| {key} | " + " | ".join(cells) + f" | {med(w)} ({rng(w)}) | {med(t)} ({rng(t)}) |")
PY
