#!/usr/bin/env bash
# The whole distributed system as separate processes on this machine, for demos and load tests:
# a Kafka broker (KRaft, from the Kafka jars on Maven Central), MariaDB (Debian's package), an S3
# server (s3proxy, from Maven Central), and every service in its own JVM.
#
#   scripts/cluster.sh start     build if needed, start everything, wait until healthy
#   scripts/cluster.sh stop      stop everything this script started
#   scripts/cluster.sh status    what runs, and its health
#   scripts/cluster.sh kill NAME  kill -9 one component (presence, chat, offline, file, gateway-0, ...,
#                                kafka, s3proxy, mariadb), as a crash would (for chaos tests)
#   scripts/cluster.sh start NAME start that one component again (with the arguments of `start`) and
#                                wait until it is healthy
#
# Settings (environment): XX_CLUSTER_DIR (state, logs, pids; default /tmp/xuanxuan-cluster),
# XX_DB_PASSWORD (generated and kept in XX_CLUSTER_DIR if unset), XX_GATEWAYS (number of gateways,
# default 2, on ports 8080, 8090, ...), XX_BIND (address the gateways listen on, default 127.0.0.1),
# XX_HEAP (per service JVM, default 256m), XX_PORT_OFFSET (added to every port below, default 0: gateways
# 8080, 8090, ..., services 8181..8184, Kafka 19092/19093, S3 19000, MariaDB 13306), so that two clusters
# can run side by side.
# The 1.0 desktop client's TCP door (xuanxuan.gateway.tcp.*, README "The 1.0 desktop client") is open on
# every gateway: XX_TCP_PORT (gateway 0's, default 11444 plus XX_PORT_OFFSET; gateway N's is 10 * N above,
# like the HTTP ports; "off" keeps the doors closed), on XX_BIND like the WebSocket. The file service's
# getconfig names gateway 0's door (--xuanxuan.files.legacy.port); XX_TCP_PUBLIC_HOST, if set, is the host
# it names (--xuanxuan.files.legacy.ip; unset: the host the client asked getconfig of).
# The 2.x clients (README "The 2.x clients"): presence, the gateways and the file service share one token
# secret, XX_XXC_SECRET (generated and kept in XX_CLUSTER_DIR if unset); /serverInfo (presence) hands out
# gateway 0's encrypted WebSocket (ws://XX_XXC_PUBLIC_HOST:<gateway 0's port>/xxc/ws; default host: XX_BIND,
# or 127.0.0.1 when that is 0.0.0.0). The services keep their own ports here, so a real 2.x client, which
# wants /serverInfo, /upload and /download on one origin, needs a reverse proxy in front (as the ingress is).
# Actuator (health, metrics, prometheus): presence, chat and offline on their own port (8181-8183);
# the gateways and the file service, which face clients, on a management port 1000 above their
# public port, on 127.0.0.1 (gateways 9080, 9090, ...; file service 9184).
# Accounts and limits (for load tests; all optional, passed to the services as Spring arguments):
# XX_IMPORT_FILE (accounts CSV for the presence service: --xuanxuan.presence.import-file),
# XX_DEMO_DATA (true/false: --xuanxuan.presence.demo-data), XX_BCRYPT_STRENGTH
# (--xuanxuan.presence.bcrypt-strength), XX_PRESENCE_ARGS (further presence arguments),
# XX_GATEWAY_ARGS (further gateway arguments, e.g. "--xuanxuan.gateway.requests-per-second=1000000
# --xuanxuan.gateway.burst=1000000"; the admission bound: "--xuanxuan.gateway.max-in-flight=500"),
# XX_START_TIMEOUT (seconds to wait for each service, default 120).
# Kafka and bus settings (README, "Running the distributed mode: broker and bus settings"):
# XX_KAFKA_NETWORK_THREADS (num.network.threads; default: the cores, 2 to 3), XX_KAFKA_IO_THREADS
# (num.io.threads; default: the cores, 2 to 8), XX_KAFKA_COORDINATOR_LINGER_MS
# (group.coordinator.append.linger.ms; default 0, Kafka's is 5), XX_KAFKA_OFFSETS_PARTITIONS
# (offsets.topic.num.partitions, read when the broker first creates the offsets topic; default 4,
# Kafka's is 50); and for every service, passed only when set (else the bus's defaults):
# XX_BUS_COMMIT_INTERVAL (--xuanxuan.bus.kafka.commit-interval, bus default 500ms),
# XX_BUS_MAX_POLL_RECORDS (--xuanxuan.bus.kafka.max-poll-records, bus default 500),
# XX_BUS_CONCURRENCY (--xuanxuan.bus.kafka.concurrency), XX_PRODUCER_LINGER_MS (the producers'
# linger.ms, bus default 0), XX_PARTITIONS (partitions of the topics the bus creates, default 8).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DIR=${XX_CLUSTER_DIR:-/tmp/xuanxuan-cluster}
GATEWAYS=${XX_GATEWAYS:-2}
BIND=${XX_BIND:-127.0.0.1}
HEAP=${XX_HEAP:-256m}
OFFSET=${XX_PORT_OFFSET:-0}
KAFKA_PORT=$((19092 + OFFSET))
KAFKA_CONTROLLER_PORT=$((19093 + OFFSET))
S3_PORT=$((19000 + OFFSET))
DB_PORT=$((13306 + OFFSET))
CORES=$(nproc 2>/dev/null || echo 2)
clamp() { local v=$1 lo=$2 hi=$3; [ "$v" -lt "$lo" ] && v=$lo; [ "$v" -gt "$hi" ] && v=$hi; echo "$v"; }
# One broker on a host it shares with every service: as many request threads as there are cores (Kafka's 3
# network and 8 I/O threads only take turns on two cores); a bigger broker host gets Kafka's defaults.
KAFKA_NETWORK_THREADS=${XX_KAFKA_NETWORK_THREADS:-$(clamp "$CORES" 2 3)}
KAFKA_IO_THREADS=${XX_KAFKA_IO_THREADS:-$(clamp "$CORES" 2 8)}
# Kafka 4 holds each group coordinator write (an offset commit, a join) up to 5 ms to batch it with others.
# The bus commits once per commit-interval per consumer, so there is little to batch and 5 ms is pure
# latency on every commit, and on the commits of a rebalance, which wait in line.
KAFKA_COORDINATOR_LINGER_MS=${XX_KAFKA_COORDINATOR_LINGER_MS:-0}
# Partitions of __consumer_offsets spread the group coordinators over brokers; one broker gains nothing
# from Kafka's 50 but 50 logs to open and load. Takes effect only when the offsets topic is created.
KAFKA_OFFSETS_PARTITIONS=${XX_KAFKA_OFFSETS_PARTITIONS:-4}
GATEWAY_PORT=$((8080 + OFFSET))
TCP_PORT=${XX_TCP_PORT:-$((11444 + OFFSET))}
PRESENCE_PORT=$((8181 + OFFSET))
CHAT_PORT=$((8182 + OFFSET))
OFFLINE_PORT=$((8183 + OFFSET))
FILE_PORT=$((8184 + OFFSET))
START_TIMEOUT=${XX_START_TIMEOUT:-120}
LIBS="$DIR/libs"
mkdir -p "$DIR/logs" "$DIR/pids"

log() { echo "cluster: $*"; }

password() {
  if [ -n "${XX_DB_PASSWORD:-}" ]; then echo "$XX_DB_PASSWORD"; return; fi
  [ -f "$DIR/db-password" ] || head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/db-password"
  cat "$DIR/db-password"
}

# the 2.x clients' token secret, shared by presence, the gateways and the file service
xxc_secret() {
  if [ -n "${XX_XXC_SECRET:-}" ]; then echo "$XX_XXC_SECRET"; return; fi
  [ -f "$DIR/xxc-secret" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/xxc-secret"
  cat "$DIR/xxc-secret"
}

running() { [ -f "$DIR/pids/$1" ] && kill -0 "$(cat "$DIR/pids/$1")" 2>/dev/null; }

wait_for() { # name, command...
  local name=$1; shift
  for _ in $(seq 1 "$START_TIMEOUT"); do
    if "$@" >/dev/null 2>&1; then log "$name is up"; return 0; fi
    # a process that has exited will not come up: say so now rather than after the timeout
    if [ -f "$DIR/pids/$name" ] && ! running "$name"; then break; fi
    sleep 1
  done
  log "$name did not come up; see $DIR/logs/$name.log"; tail -20 "$DIR/logs/$name.log" || true; return 1
}

port_open() { (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
healthy() { curl -fs "http://127.0.0.1:$1/actuator/health/readiness" | grep -q '"UP"'; } # the actuator port

build() {
  if [ ! -f gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar ] || [ "${XX_REBUILD:-}" = 1 ]; then
    log "building the services"
    ./mvnw -B -q -DskipTests package
  fi
  if [ ! -d "$LIBS/kafka" ]; then
    log "fetching the Kafka broker"
    ./mvnw -B -q -f scripts/cluster/pom.xml -Pkafka dependency:copy-dependencies -DoutputDirectory="$LIBS/kafka"
  fi
  if [ ! -d "$LIBS/s3proxy" ]; then
    log "fetching the S3 server"
    ./mvnw -B -q -f scripts/cluster/pom.xml -Ps3proxy dependency:copy-dependencies -DoutputDirectory="$LIBS/s3proxy"
  fi
}

start_kafka() {
  running kafka && return 0
  local data="$DIR/kafka"
  mkdir -p "$data"
  cat > "$data/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/logs
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=$KAFKA_NETWORK_THREADS
num.io.threads=$KAFKA_IO_THREADS
group.coordinator.append.linger.ms=$KAFKA_COORDINATOR_LINGER_MS
offsets.topic.num.partitions=$KAFKA_OFFSETS_PARTITIONS
# log.flush.* left at Kafka's defaults: the OS writes the page cache back; durability comes from
# replication (acks=all), not from fsync per record
PROPS
  local java_opts=(-Xmx512m "-Dlog4j2.configurationFile=$ROOT/scripts/cluster/log4j2.properties" -cp "$LIBS/kafka/*")
  if [ ! -f "$data/logs/meta.properties" ]; then
    java "${java_opts[@]}" kafka.tools.StorageTool format -c "$data/server.properties" \
      -t "$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid)" > "$DIR/logs/kafka-format.log" 2>&1
  fi
  java "${java_opts[@]}" kafka.Kafka "$data/server.properties" >> "$DIR/logs/kafka.log" 2>&1 &
  echo $! > "$DIR/pids/kafka"
  wait_for kafka port_open "$KAFKA_PORT"
}

start_s3() {
  running s3proxy && return 0
  mkdir -p "$DIR/s3"
  cat > "$DIR/s3proxy.conf" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=xuanxuan
s3proxy.credential=$(password)
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DIR/s3
PROPS
  java -Xmx256m -cp "$LIBS/s3proxy/*" org.gaul.s3proxy.Main --properties "$DIR/s3proxy.conf" \
    >> "$DIR/logs/s3proxy.log" 2>&1 &
  echo $! > "$DIR/pids/s3proxy"
  wait_for s3proxy port_open "$S3_PORT"
}

start_service() { # name, jar, port, extra args...
  local name=$1 jar=$2 port=$3; shift 3
  running "$name" && return 0
  XX_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" XX_DB_PORT="$DB_PORT" XX_DB_PASSWORD="$(password)" \
  XX_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" XX_S3_ACCESS_KEY=xuanxuan XX_S3_SECRET_KEY="$(password)" \
  XUANXUAN_XXC_SECRET="$(xxc_secret)" \
    java "-Xmx$HEAP" -jar "$jar" --server.port="$port" ${bus_extra[@]+"${bus_extra[@]}"} "$@" \
    >> "$DIR/logs/$name.log" 2>&1 &
  echo $! > "$DIR/pids/$name"
}

# the optional arguments from the environment (see the header), as arrays
extra_args() {
  presence_extra=() gateway_extra=() bus_extra=()
  # the bus's consumer and producer settings, for every service; unset: the bus's own defaults
  if [ -n "${XX_BUS_COMMIT_INTERVAL:-}" ]; then bus_extra+=("--xuanxuan.bus.kafka.commit-interval=$XX_BUS_COMMIT_INTERVAL"); fi
  if [ -n "${XX_BUS_MAX_POLL_RECORDS:-}" ]; then bus_extra+=("--xuanxuan.bus.kafka.max-poll-records=$XX_BUS_MAX_POLL_RECORDS"); fi
  if [ -n "${XX_BUS_CONCURRENCY:-}" ]; then bus_extra+=("--xuanxuan.bus.kafka.concurrency=$XX_BUS_CONCURRENCY"); fi
  if [ -n "${XX_PRODUCER_LINGER_MS:-}" ]; then bus_extra+=("--xuanxuan.bus.kafka.properties[linger.ms]=$XX_PRODUCER_LINGER_MS"); fi
  if [ -n "${XX_IMPORT_FILE:-}" ]; then
    [ -f "$XX_IMPORT_FILE" ] || { log "XX_IMPORT_FILE $XX_IMPORT_FILE not found"; return 1; }
    presence_extra+=("--xuanxuan.presence.import-file=$(cd "$(dirname "$XX_IMPORT_FILE")" && pwd)/$(basename "$XX_IMPORT_FILE")")
  fi
  if [ -n "${XX_DEMO_DATA:-}" ]; then presence_extra+=("--xuanxuan.presence.demo-data=$XX_DEMO_DATA"); fi
  # /serverInfo hands out gateway 0's encrypted WebSocket
  local xxc_host=${XX_XXC_PUBLIC_HOST:-$BIND}
  [ "$xxc_host" != 0.0.0.0 ] || xxc_host=127.0.0.1
  presence_extra+=("--xuanxuan.xxc.socket-url=ws://$xxc_host:$GATEWAY_PORT/xxc/ws")
  if [ -n "${XX_BCRYPT_STRENGTH:-}" ]; then presence_extra+=("--xuanxuan.presence.bcrypt-strength=$XX_BCRYPT_STRENGTH"); fi
  # shellcheck disable=SC2206 # word splitting wanted: lists of arguments
  if [ -n "${XX_PRESENCE_ARGS:-}" ]; then presence_extra+=($XX_PRESENCE_ARGS); fi
  # shellcheck disable=SC2206
  if [ -n "${XX_GATEWAY_ARGS:-}" ]; then gateway_extra+=($XX_GATEWAY_ARGS); fi
  # the 1.0 client's TCP door; getconfig (file service) names gateway 0's, not the file service's HTTP port
  file_extra=()
  if [ "$TCP_PORT" != off ]; then
    file_extra+=("--xuanxuan.files.legacy.port=$TCP_PORT")
    if [ -n "${XX_TCP_PUBLIC_HOST:-}" ]; then file_extra+=("--xuanxuan.files.legacy.ip=$XX_TCP_PUBLIC_HOST"); fi
  fi
}

# the TCP door's port of a gateway (gateway-N), empty when the doors are off
tcp_port_of() {
  [ "$TCP_PORT" = off ] || echo $((TCP_PORT + 10 * ${1#gateway-}))
}

# the gateway arguments that open its TCP door
tcp_args() {
  local port; port=$(tcp_port_of "$1")
  [ -z "$port" ] || echo "--xuanxuan.gateway.tcp.enabled=true --xuanxuan.gateway.tcp.port=$port"
}

start_mariadb() {
  XX_MARIADB_DIR="$DIR/mariadb" XX_MARIADB_PORT=$DB_PORT XX_DB_PASSWORD="$(password)" scripts/mariadb.sh start
}

# the HTTP port of a service or gateway (empty for the others)
port_of() {
  case "$1" in
    presence) echo "$PRESENCE_PORT" ;;
    chat) echo "$CHAT_PORT" ;;
    offline) echo "$OFFLINE_PORT" ;;
    file) echo "$FILE_PORT" ;;
    gateway-*) echo $((GATEWAY_PORT + 10 * ${1#gateway-})) ;;
  esac
}

# the actuator port: the gateways and the file service face clients, so theirs is a management port
# 1000 above the public one (on 127.0.0.1); the other services serve actuator on their own port
actuator_port_of() {
  local port; port=$(port_of "$1")
  case "$1" in
    file|gateway-*) echo $((port + 1000)) ;;
    *) echo "$port" ;;
  esac
}

# starts one component without waiting for it (the Java services) or until it listens (the others)
start_one() {
  case "$1" in
    mariadb) start_mariadb ;;
    kafka) start_kafka ;;
    s3proxy) start_s3 ;;
    presence) start_service presence presence-service/target/presence-service-0.1.0-SNAPSHOT-exec.jar "$PRESENCE_PORT" \
                ${presence_extra[@]+"${presence_extra[@]}"} ;;
    chat) start_service chat chat-service/target/chat-service-0.1.0-SNAPSHOT-exec.jar "$CHAT_PORT" ;;
    offline) start_service offline offline-service/target/offline-service-0.1.0-SNAPSHOT-exec.jar "$OFFLINE_PORT" ;;
    file) start_service file file-service/target/file-service-0.1.0-SNAPSHOT-exec.jar "$FILE_PORT" \
            --management.server.port="$(actuator_port_of file)" ${file_extra[@]+"${file_extra[@]}"} ;;
    # shellcheck disable=SC2046 # word splitting wanted: tcp_args is a list of arguments
    gateway-*) start_service "$1" gateway-service/target/gateway-service-0.1.0-SNAPSHOT-exec.jar "$(port_of "$1")" \
                --management.server.port="$(actuator_port_of "$1")" --server.address="$BIND" --xuanxuan.gateway.id="gw${1#gateway-}" \
                $(tcp_args "$1") ${gateway_extra[@]+"${gateway_extra[@]}"} ;;
    *) log "unknown component $1 (presence, chat, offline, file, gateway-N, kafka, s3proxy, mariadb)"; return 2 ;;
  esac
}

start() {
  build
  extra_args
  start_mariadb
  start_kafka
  start_s3
  for svc in presence chat offline file; do start_one "$svc"; done
  for i in $(seq 0 $((GATEWAYS - 1))); do start_one "gateway-$i"; done
  for svc in presence chat offline file; do wait_for "$svc" healthy "$(actuator_port_of "$svc")"; done
  for i in $(seq 0 $((GATEWAYS - 1))); do wait_for "gateway-$i" healthy "$(actuator_port_of "gateway-$i")"; done
  if [ "$TCP_PORT" != off ]; then
    log "1.0 clients: TCP $BIND:$TCP_PORT$( [ "$GATEWAYS" -gt 1 ] && echo " (and $BIND:$((TCP_PORT + 10)) ...)"), named by http://127.0.0.1:$FILE_PORT/index.php?mode=getconfig"
  fi
  log "ready: WebSocket ws://$BIND:$GATEWAY_PORT/ws$( [ "$GATEWAYS" -gt 1 ] && echo " (and ws://$BIND:$((GATEWAY_PORT + 10))/ws ...)"), files on the file service http://127.0.0.1:$FILE_PORT; metrics at http://127.0.0.1:$(actuator_port_of gateway-0)/actuator/prometheus (gateway 0)"
}

# kill -9 of one component: a crash, no shutdown hooks, nothing flushed
kill_one() {
  local pidfile="$DIR/pids/$1"
  [ "$1" = mariadb ] && pidfile="$DIR/mariadb/mysqld.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    local pid; pid=$(cat "$pidfile")
    kill -9 "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "killed $1 (pid $pid)"
  else
    log "$1 is not running"
  fi
}

# starts one component again and waits until it is healthy (or listens)
restart_one() {
  extra_args
  start_one "$1"
  local port; port=$(port_of "$1")
  if [ -n "$port" ]; then wait_for "$1" healthy "$(actuator_port_of "$1")"; fi
}

stop() {
  for pidfile in "$DIR"/pids/*; do
    [ -f "$pidfile" ] || continue
    local name; name=$(basename "$pidfile")
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "stopped $name"
    fi
    rm -f "$pidfile"
  done
  XX_MARIADB_DIR="$DIR/mariadb" scripts/mariadb.sh stop || true
}

status() {
  for pidfile in "$DIR"/pids/*; do
    [ -f "$pidfile" ] || continue
    local name; name=$(basename "$pidfile")
    if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  start) if [ -n "${2:-}" ]; then restart_one "$2"; else start; fi ;;
  kill) [ -n "${2:-}" ] || { echo "usage: $0 kill NAME" >&2; exit 2; }; kill_one "$2" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [NAME]|stop|status|kill NAME" >&2; exit 2 ;;
esac
