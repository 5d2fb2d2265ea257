#!/usr/bin/env bash
# Chaos at scale (issue 10): the distributed system of scripts/cluster.sh under steady traffic while a
# gateway, each service, the Kafka broker and the database are killed (kill -9) and restarted in turn.
# The traffic is the load generator's `chaos` scenario (loadgen ChaosLoad): users exchanging one-to-one
# and group messages, reconnecting and logging in again when their gateway dies, re-sending with the
# same gid what got no `success`. At the end it drains, logs everyone in again and prints messages
# accepted, delivered, duplicated and lost; the exit code is non-zero if anything accepted was lost.
#
#   bench/chaos.sh                      one run (about 15-20 minutes on 2 cores)
#
# Settings (environment): CHAOS_MESSAGES (at least this many messages, default 10000), CHAOS_RATE
# (msg/s, default 15), CHAOS_USERS (default 20), CHAOS_GROUP_SHARE (share of group messages, 0.2),
# CHAOS_PAUSE (seconds of traffic before each kill, default 20), CHAOS_DOWN (seconds a killed component
# stays down, default 5), CHAOS_VICTIMS (what is killed, in this order; default "gateway-0 presence chat
# offline file kafka mariadb"), CHAOS_ROUNDS (times the whole list is gone through, default 1),
# CHAOS_CLUSTER_DIR (the cluster's state, wiped at start; default /tmp/xuanxuan-chaos-cluster),
# CHAOS_PORT_OFFSET (XX_PORT_OFFSET of the cluster, default 200: gateways on 8280 and 8290),
# CHAOS_START_TIMEOUT (seconds each service may take to start, default 600), CHAOS_REUSE_CLUSTER=1 (keep the
# cluster an earlier run left in CHAOS_CLUSTER_DIR instead of wiping it: saves its start-up, which takes
# many minutes on a loaded machine).
# Output: bench/results/chaos-<time>.log (the whole console), the services' logs in
# bench/results/logs/chaos-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=${CHAOS_MESSAGES:-10000}
RATE=${CHAOS_RATE:-15}
USERS=${CHAOS_USERS:-20}
GROUP_SHARE=${CHAOS_GROUP_SHARE:-0.2}
PAUSE=${CHAOS_PAUSE:-20}
DOWN=${CHAOS_DOWN:-5}
VICTIMS=${CHAOS_VICTIMS:-"gateway-0 presence chat offline file kafka mariadb"}
ROUNDS=${CHAOS_ROUNDS:-1}
export XX_CLUSTER_DIR=${CHAOS_CLUSTER_DIR:-/tmp/xuanxuan-chaos-cluster}
export XX_PORT_OFFSET=${CHAOS_PORT_OFFSET:-200}
RUN=$(date -u +%Y%m%d-%H%M%S)
RESULTS=bench/results
CONSOLE="$RESULTS/chaos-$RUN.log"
LOADGEN=loadgen/target/xuanxuan-loadgen.jar
mkdir -p "$RESULTS"

exec > >(tee -a "$CONSOLE") 2>&1
say() { echo "$(date -u +%H:%M:%S) chaos.sh: $*"; }

if [ ! -f "$LOADGEN" ] || [ ! -f gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar ]; then
  say "building"
  ./mvnw -B -q -DskipTests package
fi

client_pid=
cleanup() {
  [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null || true
  scripts/cluster.sh stop > /dev/null 2>&1 || true
  mkdir -p "$RESULTS/logs/chaos-$RUN"
  cp "$XX_CLUSTER_DIR"/logs/*.log "$RESULTS/logs/chaos-$RUN/" 2>/dev/null || true
  cp "$XX_CLUSTER_DIR"/mariadb/server.log "$RESULTS/logs/chaos-$RUN/mariadb.log" 2>/dev/null || true
}
trap cleanup EXIT

accounts="$XX_CLUSTER_DIR/chaos-accounts.csv"
if [ "${CHAOS_REUSE_CLUSTER:-0}" = 1 ] && [ -f "$accounts" ]; then
  # the cluster of an earlier run of this script (same directory): its state stays, what is down is started
  say "reusing the distributed system in $XX_CLUSTER_DIR (port offset $XX_PORT_OFFSET)"
else
  scripts/cluster.sh stop > /dev/null 2>&1 || true
  rm -rf "$XX_CLUSTER_DIR/mariadb" "$XX_CLUSTER_DIR/kafka" "$XX_CLUSTER_DIR/s3" "$XX_CLUSTER_DIR/logs" "$XX_CLUSTER_DIR/pids"
  mkdir -p "$XX_CLUSTER_DIR"
  {
    echo "account,realname,password"
    awk -v n="$USERS" 'BEGIN { for (i = 1; i <= n; i++) printf "u%04d,Chaos u%04d,bench-pass\n", i, i }'
  } > "$accounts"
  say "starting the distributed system (state in $XX_CLUSTER_DIR, port offset $XX_PORT_OFFSET)"
fi
export XX_IMPORT_FILE="$accounts" XX_DEMO_DATA=false XX_BCRYPT_STRENGTH=4 XX_START_TIMEOUT=${CHAOS_START_TIMEOUT:-600}
# on a loaded machine a service may give up while the broker is still slow: start what is not up again
for attempt in 1 2 3 4 5 6; do
  if scripts/cluster.sh start; then break; fi
  [ "$attempt" = 6 ] && { say "the distributed system did not start"; exit 3; }
  say "start attempt $attempt failed; starting what is not running again"
done

gw0=$((8080 + XX_PORT_OFFSET))
gw1=$((8090 + XX_PORT_OFFSET))
done_file="$XX_CLUSTER_DIR/chaos-done"
started_file="$XX_CLUSTER_DIR/chaos-started"
rm -f "$done_file" "$started_file"
say "traffic: $USERS users, at least $MESSAGES messages at $RATE msg/s; victims ($ROUNDS round(s)): $VICTIMS"
java -Xmx512m -jar "$LOADGEN" chaos --urls="ws://127.0.0.1:$gw0/ws,ws://127.0.0.1:$gw1/ws" --users="$USERS" \
  --messages="$MESSAGES" --rate="$RATE" --group-share="$GROUP_SHARE" --done-file="$done_file" --started-file="$started_file" &
client_pid=$!
# the faults begin once the users are logged in and their chats exist
while [ ! -f "$started_file" ] && kill -0 "$client_pid" 2>/dev/null; do sleep 1; done

for round in $(seq 1 "$ROUNDS"); do
  for victim in $VICTIMS; do
    sleep "$PAUSE"
    kill -0 "$client_pid" 2>/dev/null || break 2
    say "round $round: kill -9 $victim"
    scripts/cluster.sh kill "$victim"
    sleep "$DOWN"
    say "round $round: starting $victim again"
    t0=$(date +%s)
    for attempt in 1 2 3; do
      if scripts/cluster.sh start "$victim"; then break; fi
      say "round $round: $victim did not come back (attempt $attempt); killing it and starting it again"
      scripts/cluster.sh kill "$victim" || true
    done
    say "round $round: $victim back after $(( $(date +%s) - t0 )) s"
  done
done
say "kill rounds over; the traffic goes on until $MESSAGES messages were sent"
touch "$done_file"
set +e
wait "$client_pid"
status=$?
client_pid=
set -e
say "load generator exit code $status; console in $CONSOLE"
exit "$status"
