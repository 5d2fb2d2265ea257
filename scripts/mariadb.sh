#!/usr/bin/env bash
# A MariaDB server for tests and demos on this machine, from Debian's package, without systemd.
#
#   scripts/mariadb.sh start   install if missing, initialise, start on 127.0.0.1, create the database
#   scripts/mariadb.sh stop    stop the server this script started
#
# Settings (environment): XX_MARIADB_DIR (data and pid, default /tmp/xuanxuan-mariadb),
# XX_MARIADB_PORT (3306), XX_DB_NAME (xuanxuan), XX_DB_USER (xuanxuan), XX_DB_PASSWORD (required
# for start; tests use a throwaway value).
set -euo pipefail

DIR=${XX_MARIADB_DIR:-/tmp/xuanxuan-mariadb}
PORT=${XX_MARIADB_PORT:-3306}
DB=${XX_DB_NAME:-xuanxuan}
USER_NAME=${XX_DB_USER:-xuanxuan}
SOCKET="$DIR/mysqld.sock"
PIDFILE="$DIR/mysqld.pid"

install_if_missing() {
  if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
    echo "mariadb.sh: installing mariadb-server from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null
  fi
}

start() {
  : "${XX_DB_PASSWORD:?set XX_DB_PASSWORD for the database user}"
  install_if_missing
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    echo "mariadb.sh: already running (pid $(cat "$PIDFILE"))"
  else
    mkdir -p "$DIR/data"
    chown -R mysql:mysql "$DIR" 2>/dev/null || true
    if [ ! -d "$DIR/data/mysql" ]; then
      mariadb-install-db --user=mysql --datadir="$DIR/data" --auth-root-authentication-method=socket \
        --skip-test-db >"$DIR/install.log" 2>&1
    fi
    /usr/sbin/mariadbd --user=mysql --datadir="$DIR/data" --bind-address=127.0.0.1 --port="$PORT" \
      --socket="$SOCKET" --pid-file="$PIDFILE" --skip-log-bin \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      >"$DIR/server.log" 2>&1 &
    for _ in $(seq 1 60); do
      mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null 2>&1 && break
      sleep 0.5
    done
    mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null || { cat "$DIR/server.log"; exit 1; }
  fi
  mariadb --socket="$SOCKET" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$XX_DB_PASSWORD';
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$XX_DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'localhost';
FLUSH PRIVILEGES;
SQL
  echo "mariadb.sh: MariaDB on 127.0.0.1:$PORT, database $DB, user $USER_NAME (pid $(cat "$PIDFILE"))"
}

stop() {
  [ -f "$PIDFILE" ] || return 0
  local pid; pid=$(cat "$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    # the server removes its pid file as it goes: wait on the process, not the file
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    echo "mariadb.sh: stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
