#!/usr/bin/env bash
# Runs the benchmark scenarios against a freshly started standalone server (one per scenario), then
# against the baseline server of the load generator (the ceiling of this stack on this machine).
#
#   bench/run.sh            short mode: one2one and group, 10 s warm-up + 10 s measured each (~1.5 min)
#   bench/run.sh --long     long mode:  15 s warm-up + 60 s measured each (~4 min)
#   bench/run.sh --short --rate=300 ...   anything after the mode goes to the load generator
#
# Rates (messages/s) default to what this 2-core machine sustains; override with
#   ONE2ONE_RATE=500 GROUP_RATE=10 bench/run.sh
# Results: bench/results/results.csv (one row per scenario run), bench/results/run-<time>.log (console
# output), bench/results/logs/ (each server's log).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=short
case "${1:-}" in
  --short) shift ;;
  --long) mode=long; shift ;;
esac

ONE2ONE_RATE="${ONE2ONE_RATE:-200}"
GROUP_RATE="${GROUP_RATE:-5}"
SERVER_JAR=standalone/target/xuanxuan-standalone.jar
LOADGEN_JAR=loadgen/target/xuanxuan-loadgen.jar

build() {
  # offline first (everything is usually in ~/.m2 already), then with downloads
  ./mvnw -B -q -o -DskipTests "$@" || ./mvnw -B -q -DskipTests "$@"
}

if [[ ! -f "$SERVER_JAR" ]]; then
  echo "building the standalone server ($SERVER_JAR) ..."
  build package -pl standalone -am
fi
if [[ ! -f "$LOADGEN_JAR" ]] || [[ -n "$(find loadgen/src loadgen/pom.xml -newer "$LOADGEN_JAR" -print -quit)" ]]; then
  echo "building the load generator ($LOADGEN_JAR) ..."
  build package -pl loadgen -am
fi

if [[ "$mode" == short ]]; then
  timing=(--short)
else
  timing=(--duration=60 --warmup=15)
fi

mkdir -p bench/results
set +e
log="bench/results/run-$(date +%Y%m%d-%H%M%S)-$mode.log"
{
  echo "# bench/run.sh --$mode on $(hostname), $(nproc) cores, $(date -Is); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  status=0
  java -Xmx512m -jar "$LOADGEN_JAR" one2one "${timing[@]}" --rate="$ONE2ONE_RATE" --pairs=50 "$@" || status=1
  java -Xmx512m -jar "$LOADGEN_JAR" group "${timing[@]}" --rate="$GROUP_RATE" --members=100 --senders=5 "$@" || status=1
  # the same scenarios against the baseline (the ceiling of this stack: no database, no bus), at the
  # same rates and at ten times them
  baseline_port=19100
  java -Xmx512m -jar "$LOADGEN_JAR" baseline-server --port=$baseline_port &
  baseline_pid=$!
  sleep 3
  for factor in 1 10; do
    java -Xmx512m -jar "$LOADGEN_JAR" one2one "${timing[@]}" --rate="$((ONE2ONE_RATE * factor))" --pairs=50 \
      --url=ws://127.0.0.1:$baseline_port/ws --note="baseline x$factor" "$@" || status=1
    java -Xmx512m -jar "$LOADGEN_JAR" group "${timing[@]}" --rate="$((GROUP_RATE * factor))" --members=100 --senders=5 \
      --url=ws://127.0.0.1:$baseline_port/ws --note="baseline x$factor" "$@" || status=1
  done
  kill "$baseline_pid"
  exit $status
} 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
echo "results: $(pwd)/bench/results/results.csv"
echo "console: $(pwd)/$log"
echo "server logs: $(pwd)/bench/results/logs/"
exit "$status"
