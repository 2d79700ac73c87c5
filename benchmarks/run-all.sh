#!/usr/bin/env bash
# Regenerates every benchmark result under benchmarks/results/ and the summary section of benchmarks/README.md.
#
#   benchmarks/run-all.sh            the full measurement (about 2 hours on 2 cores; run it on a quiet machine)
#   benchmarks/run-all.sh PART...    only these parts (the report is rewritten from every result file there is):
#                                    jmh-wrapper-cost jmh-postgresql jmh-mysql failover-postgresql jmh-rw-postgresql failover-mysql
#                                    failover-endpoints-postgresql failover-endpoints-mysql scale-postgresql
#                                    chaos-postgresql chaos-mariadb chaos-mysql8
#   QUICK=1 benchmarks/run-all.sh    a smoke run (minutes): checks that everything works end to end; its figures
#                                    are not results and it writes them under benchmarks/target/quick-results/
#
# Environment: MAVEN_ARGS (e.g. -o) is passed to the build; JAVA (default: java) runs the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
QUICK=${QUICK:-0}
all_parts=(jmh-wrapper-cost jmh-postgresql jmh-mysql failover-postgresql jmh-rw-postgresql failover-mysql
           failover-endpoints-postgresql failover-endpoints-mysql scale-postgresql chaos-postgresql chaos-mariadb chaos-mysql8)
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=("${all_parts[@]}")
for p in "${parts[@]}"; do
  case " ${all_parts[*]} " in *" $p "*) ;; *) echo "unknown part '$p'; parts: ${all_parts[*]}" >&2; exit 2 ;; esac
done
want() { case " ${parts[*]} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

./mvnw -B -q ${MAVEN_ARGS:-} -pl benchmarks -am package -DskipTests
# Run from a copy, so that a rebuild during the run cannot pull classes from under the JVMs.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp benchmarks/target/aurora-benchmarks.jar "$work/"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- driver routing testcluster benchmarks/src 2>/dev/null)" ]; then commit="$commit+dirty"; fi
run() { "$JAVA" -Daurora.benchmarks.commit="$commit" -jar "$work/aurora-benchmarks.jar" "$@"; }
# The same in a JVM that resolves the test cluster's endpoint names from its hosts file (see testcluster/README.md).
run_with_names() {
  "$JAVA" -Djdk.net.hosts.file="$work/aurora.hosts" -Dsun.net.inetaddr.ttl=1 -Daurora.benchmarks.commit="$commit" \
      -jar "$work/aurora-benchmarks.jar" "$@"
}

if [ "$QUICK" = 1 ]; then
  results=benchmarks/target/quick-results
  jmh_opts=(-f 1 -wi 1 -w 1s -i 1 -r 1s -prof gc)
  trials=2
  chaos_failovers=3
else
  results=benchmarks/results
  # 2 forks x 8 iterations of 1 s after 4 of warm-up: JMH's error (99.9 % CI) comes from 16 samples per benchmark.
  jmh_opts=(-f 2 -wi 4 -w 1s -i 8 -r 1s -prof gc)
  trials=20
  # Issue 20: at least 100 writer failovers per engine; the seed is fixed so that the schedule can be replayed.
  chaos_failovers=100
fi
mkdir -p "$results"
# A client that has not resumed writing 20 s after the fault counts as a failure at that bound (">= 20000").
trial_timeout_ms=20000

if want jmh-wrapper-cost; then
  echo "== the wrapper's own cost (JMH), in memory: jdbc:aurora: over an in-memory native connection beside it alone"
  run jmh WrapperCostBenchmark "${jmh_opts[@]}" --out "$results/jmh-wrapper-cost"
fi
if want jmh-postgresql; then
  echo "== per-call cost (JMH), PostgreSQL: raw pgjdbc, jdbc:aurora:, AWS wrapper (default plugins; failover2+efm2)"
  run jmh "${jmh_opts[@]}" -p engine=postgresql -p client=raw,aurora,aws-default,aws-failover-efm \
      --out "$results/jmh-postgresql"
fi
if want jmh-mysql; then
  echo "== per-call cost (JMH), MySQL (MariaDB): raw Connector/J, jdbc:aurora:, AWS wrapper (MySQL dialect)"
  run jmh "${jmh_opts[@]}" -p engine=mysql -p client=raw,aurora,aws-default,aws-failover-efm --out "$results/jmh-mysql"
fi
if want failover-postgresql; then
  echo "== failover, PostgreSQL: jdbc:aurora:, AWS wrapper, pgjdbc targetServerType=primary"
  run failover --engine postgresql --trials "$trials" --trial-timeout-ms "$trial_timeout_ms" \
      --output "$results/failover-postgresql.json"
fi
if want jmh-rw-postgresql; then
  echo "== read/write splitting (JMH), PostgreSQL: jdbc:aurora: beside the AWS wrapper's readWriteSplitting plugin"
  run jmh ReadWriteSplittingBenchmark "${jmh_opts[@]}" --out "$results/jmh-rw-postgresql"
fi
if want failover-mysql; then
  echo "== failover, MySQL (MariaDB): jdbc:aurora:, Connector/J multi-host"
  run failover --engine mysql --trials "$trials" --trial-timeout-ms "$trial_timeout_ms" \
      --output "$results/failover-mysql.json"
fi
if want failover-endpoints-postgresql; then
  echo "== failover through endpoint names, PostgreSQL: jdbc:aurora: by addresses beside both clients by the cluster endpoint"
  run_with_names failover --engine postgresql --clients aurora,aurora-endpoint,aws-wrapper-endpoint --faults kill,failover \
      --trials "$trials" --trial-timeout-ms "$trial_timeout_ms" --output "$results/failover-endpoints-postgresql.json"
fi
if want failover-endpoints-mysql; then
  echo "== failover through endpoint names, MySQL (MariaDB): jdbc:aurora: by addresses beside it by the cluster endpoint"
  run_with_names failover --engine mysql --clients aurora,aurora-endpoint --faults kill,failover \
      --trials "$trials" --trial-timeout-ms "$trial_timeout_ms" --output "$results/failover-endpoints-mysql.json"
fi
if want scale-postgresql; then
  echo "== scale, PostgreSQL: 1 writer + 15 replicas, 1,000 connections per client"
  if [ "$QUICK" = 1 ]; then
    run scale --engine postgresql --replicas 3 --connections 50 --steady-seconds 5 --output "$results/scale-postgresql.json"
  else
    run scale --engine postgresql --output "$results/scale-postgresql.json"
  fi
fi
for engine in postgresql mariadb mysql8; do
  if want "chaos-$engine"; then
    echo "== chaos, $engine: random faults under a HikariCP load through jdbc:aurora:, $chaos_failovers writer failovers"
    # A MySQL 8 without the semi-sync plugins (Maven Central's) cannot run a synchronous cluster: exit 3, said why.
    run chaos --engine "$engine" --failovers "$chaos_failovers" --seed 2020 --output "$results/chaos-$engine.json" \
      || [ $? = 3 ]
  fi
done

if [ "$QUICK" = 1 ]; then
  cp benchmarks/README.md "$results/README.md"
  run report --results "$results" --readme "$results/README.md"
else
  run report --results "$results" --readme benchmarks/README.md
fi
