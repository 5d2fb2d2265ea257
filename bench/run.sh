#!/usr/bin/env bash
# The benchmark suite of issue 6 in one command: every scenario against the baseline (the ceiling of this
# stack), the standalone server and the distributed system, then bench/REPORT.md, with this run's key
# figures next to those of an earlier run (issue 11: "Before and after").
#
#   bench/run.sh                    standard mode, distributed part included (about 29 min on this 2-core
#                                   machine with nothing else running before issue 12; its JVM warm-ups and the
#                                   distributed system's finer and higher rates add an estimated 10 min, not yet
#                                   measured on an idle machine; most of it the sessions and logins scenarios)
#   BENCH_TARGETS=distributed bench/run.sh   the distributed part alone (with BENCH_BUILD=DIR: of another build)
#   bench/run.sh --short            a few minutes: baseline and standalone only, small N, fewer rates
#                                   (add --distributed to include the distributed system)
#   bench/run.sh --long             long mode (hours): more rates, 60 s windows, larger N
#   bench/run.sh --no-distributed   without the distributed system (no Kafka/MariaDB needed)
#   bench/run.sh --short --message-bytes=500   other arguments go to every load generator run
#
# Scenarios (in this order, for each target): one2one (step mode over rising rates), group of 100 and
# of 1,000 members (one run per rate), flush (N queued messages), logins (storm of N reconnects), sessions
# (N idle sessions). The sizes can be changed with environment variables (defaults per mode below):
#   ONE2ONE_RATES=200,500,1000,2000 (baseline, standalone)  PAIRS=50
#   ONE2ONE_RATES_DISTRIBUTED=100,200,300,400,500,750,1000,2000 (finer where issue 12's target lies: 0.3x the
#     standalone's capacity, with p99 < 100 ms)
#   GROUP100_RATES_BASELINE="100 300" GROUP100_RATES_STANDALONE="100 300" GROUP100_RATES_DISTRIBUTED="10 50 100"
#   GROUP1000_RATES_BASELINE="2 10" GROUP1000_RATES_STANDALONE="2 10" GROUP1000_RATES_DISTRIBUTED="2"
#   (GROUP1000_RATES=... sets the standalone and distributed ones at once)  SESSIONS=3000  LOGINS=2000  QUEUED=10000
#   The standalone server gets the baseline's group rates, so that its deliveries/s can show the target
#   of issue 11 (at least 0.5x the baseline's); the distributed system gets modest ones (slow until issue 12).
#   LOADGEN_HEAP=1g  CLUSTER_HEAP=1g  SCENARIO_TIMEOUT=1800 (seconds per load generator run)
#   BENCH_CLUSTER_DIR=/tmp/xuanxuan-bench-cluster (the distributed system's state: wiped at each run)
#   BENCH_PORT_OFFSET=0 (added to every port of the distributed system: cluster.sh's XX_PORT_OFFSET)
#   BENCH_NOTES=FILE (Markdown added to the report's notes)
#   BEFORE_RUN=20261126-161349-short (standard mode's default: the run of the report before issue 11, a
#     standard-mode run called "short" then; its rows are in bench/results/*.csv): the run whose key figures
#     the report's "Before and after" sets next to this run's; BEFORE_RUN= (empty) leaves the section out;
#     no default in the short and long modes (their sizes and windows differ from that run's)
#   BENCH_CHANGES="delivery by sequence numbers and member cursors (issue 11)": what changed since BEFORE_RUN
#   BENCH_RESULTS=bench/results BENCH_REPORT=bench/REPORT.md (where results and the report go)
#   BENCH_TARGETS="baseline standalone distributed" (a subset runs only those targets)
#   BENCH_SCENARIOS="one2one group100 group1000 flush logins sessions" (a subset runs only those scenarios)
#   BENCH_WARMUP=20 (short: 10): seconds of JVM warm-up (one2one and group, standalone and distributed: load at a
#     quarter of the scenario's lowest rate, not counted, then a drain and a wait for quiet) before the steps
#   BENCH_BUILD=DIR: a checkout (built or not) whose servers are measured: its standalone jar and its
#     scripts/cluster.sh with its service jars; the load generator and the report come from this tree. With
#     BENCH_TARGETS=distributed this measures only the distributed system of another build, e.g. the "before"
#     of a change with this bench: BENCH_BUILD=/tmp/old BENCH_TARGETS=distributed BEFORE_RUN= bench/run.sh
#
# Every message scenario records the CPU of every process of the measured system over its window
# (/proc/<pid>/stat; the distributed system: every pid file of the cluster directory and MariaDB's) as cores
# and CPU-ms per message, and the services' per-hop timers (xuanxuan.command.duration,
# xuanxuan.bus.consume.delay where the build has it; histograms switched on for them in both servers).
#
# Writes: bench/results/<scenario>.csv (rows of this run carry its run id), bench/results/run-<run>.log
# (console), bench/results/logs/ (server logs), bench/results/jfr/<run>-*.jfr (profiles of the standalone
# server), bench/results/notes-<run>.md, and bench/REPORT.md. A failing scenario is reported and the rest
# still run; the exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# the build measured (BENCH_BUILD): its servers and cluster script; this tree's load generator and report
BUILD_ROOT=$(cd "${BENCH_BUILD:-$ROOT}" && pwd) || { echo "BENCH_BUILD ${BENCH_BUILD:-} is not a directory"; exit 1; }

mode=standard
distributed=
extra=()
for arg in "$@"; do
  case "$arg" in
    --short) mode=short ;;
    --standard) mode=standard ;;
    --long) mode=long ;;
    --no-distributed) distributed=0 ;;
    --distributed) distributed=1 ;;
    -h|--help) sed -n '2,/^set /{/^set /!p}' "$0"; exit 0 ;;
    *) extra+=("$arg") ;;
  esac
done

started=$(date +%s)
# the code measured: the commit when the run starts (the report is written at the end)
describe() { # a git tree: its commit, clean or dirty, date and subject
  echo "commit $(git -C "$1" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -z "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]] && echo " (clean)" || echo " + uncommitted changes (dirty)"): $(git -C "$1" log -1 --format='%cs %s' 2>/dev/null)"
}
project=$(describe "$ROOT")
[[ "$BUILD_ROOT" != "$ROOT" ]] && project="servers measured: $BUILD_ROOT at $(describe "$BUILD_ROOT"); load generator and report: $project"
run_id="$(date +%Y%m%d-%H%M%S)-$mode"
RESULTS=${BENCH_RESULTS:-bench/results}
REPORT=${BENCH_REPORT:-bench/REPORT.md}
mkdir -p "$RESULTS/jfr" "$RESULTS/logs"
console="$RESULTS/run-$run_id.log"
exec > >(tee -a "$console") 2>&1

SERVER_JAR=$BUILD_ROOT/standalone/target/xuanxuan-standalone.jar
LOADGEN_JAR=loadgen/target/xuanxuan-loadgen.jar
LOADGEN_HEAP=${LOADGEN_HEAP:-1g}
CLUSTER_HEAP=${CLUSTER_HEAP:-1g}
SCENARIO_TIMEOUT=${SCENARIO_TIMEOUT:-1800}
CLUSTER_DIR=${BENCH_CLUSTER_DIR:-/tmp/xuanxuan-bench-cluster}
OFF=${BENCH_PORT_OFFSET:-0}
BCRYPT=4

# the short mode leaves the distributed system out unless asked for (starting it alone takes minutes)
[[ -z "$distributed" ]] && { [[ "$mode" == short ]] && distributed=0 || distributed=1; }

if [[ "$mode" == short ]]; then
  TIMING=(--short)
  ONE2ONE_RATES=${ONE2ONE_RATES:-500,2000}
  ONE2ONE_RATES_DISTRIBUTED=${ONE2ONE_RATES_DISTRIBUTED:-100,300,500}
  BENCH_WARMUP=${BENCH_WARMUP:-10}
  GROUP100_RATES_BASELINE=${GROUP100_RATES_BASELINE:-300}
  GROUP100_RATES_STANDALONE=${GROUP100_RATES_STANDALONE:-300}
  GROUP100_RATES_DISTRIBUTED=${GROUP100_RATES_DISTRIBUTED:-10}
  GROUP1000_RATES_BASELINE=${GROUP1000_RATES_BASELINE:-2}
  GROUP1000_RATES_STANDALONE=${GROUP1000_RATES_STANDALONE:-${GROUP1000_RATES:-2}}
  GROUP1000_RATES_DISTRIBUTED=${GROUP1000_RATES_DISTRIBUTED:-${GROUP1000_RATES:-2}}
  SESSIONS=${SESSIONS:-1000}
  LOGINS=${LOGINS:-500}
  QUEUED=${QUEUED:-10000}
elif [[ "$mode" == standard ]]; then
  TIMING=(--short)
  ONE2ONE_RATES=${ONE2ONE_RATES:-200,500,1000,2000}
  ONE2ONE_RATES_DISTRIBUTED=${ONE2ONE_RATES_DISTRIBUTED:-100,200,300,400,500,750,1000,2000}
  GROUP100_RATES_BASELINE=${GROUP100_RATES_BASELINE:-100 300}
  GROUP100_RATES_STANDALONE=${GROUP100_RATES_STANDALONE:-100 300}
  GROUP100_RATES_DISTRIBUTED=${GROUP100_RATES_DISTRIBUTED:-10 50 100}
  GROUP1000_RATES_BASELINE=${GROUP1000_RATES_BASELINE:-2 10}
  GROUP1000_RATES_STANDALONE=${GROUP1000_RATES_STANDALONE:-${GROUP1000_RATES:-2 10}}
  GROUP1000_RATES_DISTRIBUTED=${GROUP1000_RATES_DISTRIBUTED:-${GROUP1000_RATES:-2}}
  BEFORE_RUN=${BEFORE_RUN-20261126-161349-short}
  SESSIONS=${SESSIONS:-3000}
  LOGINS=${LOGINS:-2000}
  QUEUED=${QUEUED:-10000}
else
  TIMING=(--duration=60 --warmup=15)
  ONE2ONE_RATES=${ONE2ONE_RATES:-200,500,1000,2000,3000,4000}
  ONE2ONE_RATES_DISTRIBUTED=${ONE2ONE_RATES_DISTRIBUTED:-100,200,300,400,500,750,1000,2000,3000}
  GROUP100_RATES_BASELINE=${GROUP100_RATES_BASELINE:-50 100 200}
  GROUP100_RATES_STANDALONE=${GROUP100_RATES_STANDALONE:-50 100 200}
  GROUP100_RATES_DISTRIBUTED=${GROUP100_RATES_DISTRIBUTED:-10 50 100 200}
  BENCH_WARMUP=${BENCH_WARMUP:-30}
  GROUP1000_RATES_BASELINE=${GROUP1000_RATES_BASELINE:-2 5 20}
  GROUP1000_RATES_STANDALONE=${GROUP1000_RATES_STANDALONE:-${GROUP1000_RATES:-2 5 20}}
  GROUP1000_RATES_DISTRIBUTED=${GROUP1000_RATES_DISTRIBUTED:-${GROUP1000_RATES:-2 5}}
  SESSIONS=${SESSIONS:-19000}
  LOGINS=${LOGINS:-10000}
  QUEUED=${QUEUED:-10000}
fi
PAIRS=${PAIRS:-50}
BENCH_WARMUP=${BENCH_WARMUP:-20}
ONE2ONE_RATES_DISTRIBUTED=${ONE2ONE_RATES_DISTRIBUTED:-$ONE2ONE_RATES}
BENCH_SCENARIOS=${BENCH_SCENARIOS:-one2one group100 group1000 flush logins sessions}
runs() { [[ " $BENCH_SCENARIOS " == *" $1 "* ]]; }
# histograms of the per-hop timers (for their p99 over a window), in both servers alike: Micrometer records
# one more bucket counter per observation, nothing on the request path changes
HISTOGRAMS=(management.metrics.distribution.percentiles-histogram.xuanxuan.command.duration
            management.metrics.distribution.percentiles-histogram.xuanxuan.bus.consume.delay)
BEFORE_RUN=${BEFORE_RUN:-}
BENCH_CHANGES=${BENCH_CHANGES:-delivery by sequence numbers and member cursors (issue 11)}
BENCH_TARGETS=${BENCH_TARGETS:-baseline standalone distributed}
wants() { [[ " $BENCH_TARGETS " == *" $1 "* ]]; }

build() {
  # offline first (everything is usually in ~/.m2 already), then with downloads
  ./mvnw -B -q -o -DskipTests "$@" || ./mvnw -B -q -DskipTests "$@"
}
# Always a clean build of the servers and the load generator (BENCH_NO_BUILD=1 skips it): an incremental
# package can keep a repackaged jar whose bundled module jars are older than their sources.
if [[ "${BENCH_NO_BUILD:-}" != 1 ]]; then
  if [[ "$BUILD_ROOT" == "$ROOT" ]]; then
    echo "building the servers and the load generator (clean package) ..."
    build clean package -pl standalone,loadgen,gateway-service,presence-service,chat-service,offline-service,file-service -am || exit 1
  else
    echo "building the load generator here and the servers in $BUILD_ROOT (clean package) ..."
    build clean package -pl loadgen -am || exit 1
    (cd "$BUILD_ROOT" && build clean package -pl standalone,gateway-service,presence-service,chat-service,offline-service,file-service -am) || exit 1
  fi
fi
if [[ ! -f "$SERVER_JAR" || ! -f "$LOADGEN_JAR" ]]; then
  echo "missing $SERVER_JAR or $LOADGEN_JAR: build them (./mvnw -B -q -DskipTests package)"
  exit 1
fi

# private copies of both jars for the whole run: a build during the run (other work on this machine) must
# not change or break the programs half-way (a replaced jar breaks a running JVM's class loading)
jars=$(mktemp -d /tmp/xx-bench-jars.XXXXXX)
cp "$SERVER_JAR" "$jars/xuanxuan-standalone.jar" && cp "$LOADGEN_JAR" "$jars/xuanxuan-loadgen.jar" || exit 1
SERVER_JAR="$jars/xuanxuan-standalone.jar"
LOADGEN_JAR="$jars/xuanxuan-loadgen.jar"

# every connection is a file descriptor: use the whole hard limit (it caps the sessions per process)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
load_before=$(cat /proc/loadavg)
echo "# bench/run.sh --$mode: run $run_id on $(hostname), $(nproc) cores, $(date -Is)"
echo "# load average before: $load_before; open files: $(ulimit -n) (hard $(ulimit -Hn))"

failed=()
timings=()
jfr_args=()
baseline_pid=
cluster_up=0

cleanup() {
  if [[ -n "$baseline_pid" ]] && kill -0 "$baseline_pid" 2>/dev/null; then
    kill "$baseline_pid"
    for _ in $(seq 1 40); do kill -0 "$baseline_pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$baseline_pid" 2>/dev/null && kill -9 "$baseline_pid"
    baseline_pid=
  fi
  if [[ "$cluster_up" == 1 ]]; then
    echo "stopping the distributed system ..."
    XX_CLUSTER_DIR="$CLUSTER_DIR" "$BUILD_ROOT/scripts/cluster.sh" stop || true
    mkdir -p "$RESULTS/logs/$run_id-cluster"
    cp "$CLUSTER_DIR"/logs/*.log "$RESULTS/logs/$run_id-cluster/" 2>/dev/null || true
    cluster_up=0
  fi
}
finish() {
  cleanup
  rm -rf "$jars"
}
trap finish EXIT
trap 'echo "interrupted"; exit 130' INT TERM

# One load generator run: label, arguments. Records time and outcome; never stops the suite.
loadgen() {
  local label=$1; shift
  local t0 rc
  t0=$(date +%s)
  echo
  echo "### [$label] java -Xmx$LOADGEN_HEAP -jar $LOADGEN_JAR $* --run=$run_id --results=$RESULTS ${extra[*]}"
  timeout --kill-after=60 "$SCENARIO_TIMEOUT" java "-Xmx$LOADGEN_HEAP" -jar "$LOADGEN_JAR" "$@" --run="$run_id" \
    --results="$RESULTS" ${extra[@]+"${extra[@]}"}
  rc=$?
  local took=$(( $(date +%s) - t0 ))
  if [[ $rc -eq 0 ]]; then
    echo "### [$label] done in ${took} s"
    timings+=("| $label | $took s | ok |")
  else
    echo "### [$label] FAILED with exit status $rc after ${took} s"
    failed+=("$label")
    timings+=("| $label | $took s | **failed** (exit status $rc$([[ $rc -eq 124 ]] && echo ": timed out after ${SCENARIO_TIMEOUT} s")) |")
  fi
}

# The scenarios against one target: kind, arguments that select the target.
suite() {
  local kind=$1; shift
  local target=("$@")
  local jfr=() sessions_heap=() strength=() warm=() one2one_rates=$ONE2ONE_RATES
  if [[ "$kind" == standalone ]]; then
    sessions_heap=(--heap=1g)
  fi
  if [[ "$kind" != baseline && "$BENCH_WARMUP" -gt 0 ]]; then
    warm=(--jvm-warmup="$BENCH_WARMUP")
  fi
  [[ "$kind" == distributed ]] && one2one_rates=$ONE2ONE_RATES_DISTRIBUTED
  if [[ "$kind" == distributed ]]; then
    strength=(--bcrypt-strength=$BCRYPT)
  fi
  profile() { # scenario label → the JVM option for the spawned standalone server (nothing for the others)
    jfr=()
    if [[ "$kind" == standalone ]]; then
      local file
      file="$(cd "$RESULTS" && pwd)/jfr/$run_id-standalone-$1.jfr"
      jfr=("--server-jvm-arg=-XX:StartFlightRecording=filename=$file,settings=profile,dumponexit=true")
      jfr_args+=("--jfr=standalone $1=$RESULTS/jfr/$run_id-standalone-$1.jfr")
    fi
  }
  if runs one2one; then
    profile one2one
    loadgen "$kind one2one" one2one "${target[@]}" "${TIMING[@]}" --rates="$one2one_rates" --pairs="$PAIRS" \
      ${warm[@]+"${warm[@]}"} ${jfr[@]+"${jfr[@]}"}
  fi
  local rates rate last
  case "$kind" in
    baseline) rates=$GROUP100_RATES_BASELINE ;;
    standalone) rates=$GROUP100_RATES_STANDALONE ;;
    *) rates=$GROUP100_RATES_DISTRIBUTED ;;
  esac
  last=${rates##* }
  runs group100 || rates=
  for rate in $rates; do
    jfr=()
    [[ "$rate" == "$last" ]] && profile group100
    loadgen "$kind group 100 @$rate" group "${target[@]}" "${TIMING[@]}" --members=100 --senders=5 --rate="$rate" \
      ${warm[@]+"${warm[@]}"} ${jfr[@]+"${jfr[@]}"}
  done
  case "$kind" in
    baseline) rates=$GROUP1000_RATES_BASELINE ;;
    standalone) rates=$GROUP1000_RATES_STANDALONE ;;
    *) rates=$GROUP1000_RATES_DISTRIBUTED ;;
  esac
  last=${rates##* }
  runs group1000 || rates=
  for rate in $rates; do
    jfr=()
    [[ "$rate" == "$last" ]] && profile group1000
    loadgen "$kind group 1000 @$rate" group "${target[@]}" "${TIMING[@]}" --members=1000 --senders=5 --rate="$rate" \
      ${warm[@]+"${warm[@]}"} ${jfr[@]+"${jfr[@]}"}
  done
  runs flush && loadgen "$kind flush $QUEUED" flush "${target[@]}" --queued="$QUEUED"
  runs logins && loadgen "$kind logins $LOGINS" logins "${target[@]}" --sessions="$LOGINS" ${strength[@]+"${strength[@]}"}
  runs sessions && loadgen "$kind sessions $SESSIONS" sessions "${target[@]}" --sessions="$SESSIONS" \
    ${sessions_heap[@]+"${sessions_heap[@]}"} ${strength[@]+"${strength[@]}"}
  return 0
}

free_port() {
  local p
  for p in $(seq 19100 19199); do
    (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

# --- the baseline: one process for all its scenarios (accounts are created at their first login, so the
# scenarios run in the order of their account counts)
if wants baseline; then
  echo
  echo "## baseline"
  port=$(free_port)
  java -Xmx1g -jar "$LOADGEN_JAR" baseline-server --port="$port" > "$RESULTS/logs/$run_id-baseline-server.log" 2>&1 &
  baseline_pid=$!
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
    kill -0 "$baseline_pid" 2>/dev/null || break
    sleep 0.5
  done
  if curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1; then
    echo "baseline server on 127.0.0.1:$port, pid $baseline_pid"
    suite baseline --url="ws://127.0.0.1:$port/ws" --target-kind=baseline --server-pid="$baseline_pid"
  else
    echo "the baseline server did not start; see $RESULTS/logs/$run_id-baseline-server.log"
    failed+=("baseline server start")
    timings+=("| baseline server start | – | **failed** |")
  fi
  cleanup
fi

# --- the standalone server: the load generator starts a fresh one for every run
if wants standalone; then
  echo
  echo "## standalone"
  histogram_args=()
  for h in "${HISTOGRAMS[@]}"; do histogram_args+=("--server-arg=--$h=true"); done
  suite standalone --target-kind=standalone --jar="$SERVER_JAR" "${histogram_args[@]}"
fi

# --- the distributed system
accounts_note=
if [[ "$distributed" == 1 ]] && wants distributed; then
  echo
  echo "## distributed"
  # The load generator names its accounts u0001..uN, 4 digits wide, wider when N has more digits
  # (Accounts.name(i, n)): import both widths that the scenarios use.
  narrow=$(( PAIRS * 2 ))
  wide=0
  for n in 1000 2 "$LOGINS" "$SESSIONS"; do
    if (( n >= 10000 )); then (( n > wide )) && wide=$n; else (( n > narrow )) && narrow=$n; fi
  done
  XX_CLUSTER_DIR="$CLUSTER_DIR" "$BUILD_ROOT/scripts/cluster.sh" stop > /dev/null 2>&1 || true
  rm -rf "$CLUSTER_DIR/mariadb" "$CLUSTER_DIR/kafka" "$CLUSTER_DIR/s3" "$CLUSTER_DIR/logs" "$CLUSTER_DIR/pids"
  mkdir -p "$CLUSTER_DIR"
  accounts_file="$CLUSTER_DIR/bench-accounts.csv"
  {
    echo "account,realname,password"
    awk -v n="$narrow" 'BEGIN { for (i = 1; i <= n; i++) printf "u%04d,Bench u%04d,bench-pass\n", i, i }'
    if (( wide > 0 )); then
      awk -v n="$wide" -v w="${#wide}" 'BEGIN { f = "u%0" w "d"; for (i = 1; i <= n; i++) { a = sprintf(f, i); printf "%s,Bench %s,bench-pass\n", a, a } }'
    fi
  } > "$accounts_file"
  total_accounts=$(( $(wc -l < "$accounts_file") - 1 ))
  accounts_note="The distributed system had all $total_accounts bench accounts of the run imported at once (u0001..u$(printf %04d "$narrow")$( (( wide > 0 )) && echo " and u$(printf "%0${#wide}d" 1)..u$wide")), the standalone server only the N of each scenario: the user list pushed at every login is longer there."
  echo "starting the distributed system ($total_accounts accounts, bcrypt strength $BCRYPT, state in $CLUSTER_DIR) ..."
  cluster_up=1
  t0=$(date +%s)
  histogram_json=$(printf '"%s":true,' "${HISTOGRAMS[@]}")
  if SPRING_APPLICATION_JSON="{${histogram_json%,}}" \
     XX_CLUSTER_DIR="$CLUSTER_DIR" XX_IMPORT_FILE="$accounts_file" XX_DEMO_DATA=false XX_BCRYPT_STRENGTH=$BCRYPT \
     XX_HEAP="$CLUSTER_HEAP" XX_START_TIMEOUT=600 XX_PORT_OFFSET="$OFF" \
     XX_GATEWAY_ARGS="--xuanxuan.gateway.requests-per-second=1000000 --xuanxuan.gateway.burst=1000000 --xuanxuan.gateway.max-connections-per-address=0 --xuanxuan.gateway.max-unauthenticated-connections=0 --xuanxuan.gateway.login-timeout=1h" \
     "$BUILD_ROOT/scripts/cluster.sh" start; then
    timings+=("| distributed system start ($total_accounts accounts) | $(( $(date +%s) - t0 )) s | ok |")
    gateway_pid=$(cat "$CLUSTER_DIR/pids/gateway-0")
    # every process of the system (cluster.sh's pid files and MariaDB's own) and every actuator (cluster.sh's
    # ports plus BENCH_PORT_OFFSET: gateways' management ports 9080, 9090, ...; presence, chat, offline 8181-8183;
    # file 9184)
    system=()
    for pidfile in "$CLUSTER_DIR"/pids/*; do
      [[ -f "$pidfile" ]] && system+=("--process=$(basename "$pidfile")=$(cat "$pidfile")")
    done
    [[ -f "$CLUSTER_DIR/mariadb/mysqld.pid" ]] && system+=("--process=mariadb=$(cat "$CLUSTER_DIR/mariadb/mysqld.pid")")
    for pidfile in "$CLUSTER_DIR"/pids/gateway-*; do
      n=$(basename "$pidfile"); n=${n#gateway-}
      system+=("--hop-metrics=gateway-$n=http://127.0.0.1:$((9080 + OFF + 10 * n))")
    done
    system+=("--hop-metrics=presence=http://127.0.0.1:$((8181 + OFF))" "--hop-metrics=chat=http://127.0.0.1:$((8182 + OFF))"
             "--hop-metrics=offline=http://127.0.0.1:$((8183 + OFF))" "--hop-metrics=file=http://127.0.0.1:$((9184 + OFF))")
    echo "measured processes: ${system[*]}"
    suite distributed --url="ws://127.0.0.1:$((8080 + OFF))/ws" --metrics-url="http://127.0.0.1:$((9080 + OFF))" --target-kind=distributed \
      --server-pid="$gateway_pid" "${system[@]}"
  else
    echo "the distributed system did not start; see $CLUSTER_DIR/logs/"
    failed+=("distributed system start")
    timings+=("| distributed system start ($total_accounts accounts) | $(( $(date +%s) - t0 )) s | **failed** |")
  fi
  cleanup
fi

# --- the report
load_after=$(cat /proc/loadavg)
total=$(( $(date +%s) - started ))
notes="$RESULTS/notes-$run_id.md"
{
  echo "Scenario runs of this suite (bench/run.sh --$mode$([[ "$distributed" == 0 ]] && echo " --no-distributed"); total $((total / 60)) min $((total % 60)) s before this report):"
  echo
  echo "| run | time | outcome |"
  echo "|---|---:|---|"
  printf '%s\n' "${timings[@]}"
  echo
  echo "- The baseline is one process for all its scenarios; it creates an account at its first login (the scenarios run in the order of their account counts). The standalone server is started afresh by the load generator for every run (cold JIT; JFR profile settings on the runs named under \"Where the time goes\")."
  [[ -n "$accounts_note" ]] && echo "- $accounts_note Server heap/RSS figures and \"server CPU\" of the distributed system are those of gateway 0 (the one the load generator connects to); \"CPU, all server processes\" and the per-process tables count every process of it (gateways, services, Kafka broker, MariaDB, S3 server); the services run in their own JVMs (-Xmx$CLUSTER_HEAP each)."
  [[ "$BENCH_WARMUP" -gt 0 ]] && echo "- One2one and group runs of the standalone server and the distributed system began with a JVM warm-up of $BENCH_WARMUP s at a quarter of the scenario's lowest rate (not counted), then a drain and a wait for quiet, before the first step's own warm-up and window."
  [[ "$BUILD_ROOT" != "$ROOT" ]] && echo "- The servers measured are those of \`$BUILD_ROOT\` ($(describe "$BUILD_ROOT")); the load generator and this report come from $(describe "$ROOT")."
  [[ ${#failed[@]} -gt 0 ]] && echo "- **Failed:** ${failed[*]} (see \`$console\`)."
  [[ -n "${BENCH_NOTES:-}" && -f "${BENCH_NOTES:-}" ]] && { echo; cat "$BENCH_NOTES"; }
} > "$notes"

before_args=()
if [[ -n "$BEFORE_RUN" ]]; then
  changes=$BENCH_CHANGES
  [[ -n "${BENCH_NOTES:-}" && -f "${BENCH_NOTES:-}" ]] && changes+=" (more under [Notes](#notes))"
  before_args=(--before-run="$BEFORE_RUN" --changes="$changes")
fi

versions=()
mariadb_version=$(mariadbd --version 2>/dev/null || /usr/sbin/mariadbd --version 2>/dev/null || true)
[[ -n "$mariadb_version" ]] && versions+=("--version-info=MariaDB (distributed)=$mariadb_version")
kafka_jar=$(ls "$CLUSTER_DIR"/libs/kafka/kafka_2.13-*.jar 2>/dev/null | head -1)
[[ -n "$kafka_jar" ]] && versions+=("--version-info=Kafka broker (distributed)=$(basename "$kafka_jar" .jar)")

echo
echo "## report"
java -Dloader.main=io.xuanxuan.loadgen.report.ReportMain -cp "$LOADGEN_JAR" \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --run="$run_id" --results="$RESULTS" --out="$REPORT" --mode="$mode" \
  --command="bench/run.sh $*" --loadavg-before="$load_before" --loadavg-after="$load_after" \
  --open-file-limit="$(ulimit -Hn)" --notes="$notes" --standalone-jar="$SERVER_JAR" --loadgen-jar="$LOADGEN_JAR" \
  --project="$project" \
  ${before_args[@]+"${before_args[@]}"} ${jfr_args[@]+"${jfr_args[@]}"} ${versions[@]+"${versions[@]}"} \
  || failed+=("report")

total=$(( $(date +%s) - started ))
echo
echo "run $run_id: $((total / 60)) min $((total % 60)) s in total"
echo "report:  $REPORT"
echo "results: $RESULTS/<scenario>.csv (run $run_id), console: $console"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
exit 0
