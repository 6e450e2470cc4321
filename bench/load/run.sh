#!/usr/bin/env bash
# The load and fault tests (make load): gunicorn nodes on loopback, locust headless, bounded.
#
#   bench/load/run.sh [SCENARIO...]     default: sqlite1 pg1 pg2 kill9 pgrestart redisstop
#
#   sqlite1    one node, SQLite (the embedded default)
#   pg1        one node, PostgreSQL
#   pg2        two nodes (ports 8301, 8302), PostgreSQL and Redis, users spread across both
#   kill9      pg2, and 20 s in, kill -9 every process of node 2 (clients fail over and retry
#              with their idempotency keys)
#   pgrestart  pg2, and 20 s in, restart PostgreSQL (fast shutdown)
#   redisstop  pg2, and 20 s in, stop Redis; start it again 20 s later
#   scale      not a load: 200 lifters x 2 years on PostgreSQL (scale.py; LOAD_SCALE_USERS,
#              LOAD_SCALE_YEARS), one lifter's pages alone and among them, EXPLAIN
#
# After each: check.py (no acknowledged set lost or duplicated, rebuild_rollups --check clean).
# So that no other user of this machine's PostgreSQL or Redis is disturbed, PostgreSQL runs as
# its own cluster (`opsbench`, port 5433, created here with pg_createcluster, version as
# installed) and Redis as its own server on port 6390, both only on 127.0.0.1.
# Knobs: LOAD_USERS (50), LOAD_SECONDS (60), LOAD_SPAWN (10), WEB_CONCURRENCY (workers per
# node; default 2 x cores + 1, the cores split between the nodes of a two-node run),
# LOAD_OUT (bench/load/out).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
USERS=${LOAD_USERS:-50}
SECONDS_=${LOAD_SECONDS:-60}
SPAWN=${LOAD_SPAWN:-10}
# The figures cover the steady state: the log-ins of the ramp-up (PBKDF2, deliberately slow)
# are left out unless LOAD_RESET_STATS=0.
RESET=$([ "${LOAD_RESET_STATS:-1}" = 1 ] && echo --reset-stats || true)
OUT=${LOAD_OUT:-$ROOT/bench/load/out}
PG_PORT=5433
REDIS_PORT=6390
PG_VERSION=$(ls /etc/postgresql | sort -n | tail -1)
mkdir -p "$OUT"

export DJANGO_DEBUG=False
export DJANGO_SECRET_KEY="load-test-only-$(printf 'k%.0s' $(seq 1 60))"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=False
export GUNICORN_ACCESS_LOG=0
unset DATABASE_URL REDIS_URL MONTAGE_TESTING

log() { echo "== $(date -u +%H:%M:%S) $*"; }

start_postgres() {
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx opsbench; then
    log "creating PostgreSQL cluster opsbench on port $PG_PORT"
    pg_createcluster "$PG_VERSION" opsbench -p $PG_PORT -- --auth=trust >/dev/null
    echo "listen_addresses = '127.0.0.1'" >> "/etc/postgresql/$PG_VERSION/opsbench/postgresql.conf"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" opsbench start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p $PG_PORT -q && return; sleep 1; done
  echo "PostgreSQL opsbench did not start"; exit 1
}

start_redis() {
  if ! redis-cli -p $REDIS_PORT ping >/dev/null 2>&1; then
    redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no \
      --daemonize yes --pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log"
    for _ in $(seq 1 20); do redis-cli -p $REDIS_PORT ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  redis-cli -p $REDIS_PORT flushall >/dev/null
}

stop_redis() { redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true; }

log_in() {  # port -> HTTP status of a password log-in (the log-in view counts in the cache)
  local token password
  token=$(curl -s -D - -o /dev/null "http://127.0.0.1:$1/accounts/login/" |
    sed -n 's/^[Ss]et-[Cc]ookie: csrftoken=\([^;]*\).*/\1/p')
  password=$("$PY" -c "import json; print(json.load(open('$OUT/fixture.json'))['password'])")
  curl -s -o /dev/null -w '%{http_code}' -b "csrftoken=$token" \
    -d "csrfmiddlewaretoken=$token&username=lifter001&password=$password" \
    "http://127.0.0.1:$1/accounts/login/"
}

probe_cache() {  # label, fault file: readiness and a log-in on each node, appended to the file
  echo "$1: readyz $(curl -s http://127.0.0.1:8301/readyz), log-in on 8301: $(log_in 8301), \
on 8302: $(log_in 8302)" >>"$2"
}

NODE_PIDS=()
start_node() {  # port, log file, [nodes sharing this machine: 1]
  # gunicorn's rule (2 x cores + 1) for the share of this machine's cores each node has: two
  # nodes here stand for two machines, so each gets half (3 workers each on 2 cores, not 5).
  local share=$(( $(nproc) / ${3:-1} ))
  WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(( (share > 0 ? share : 1) * 2 + 1 ))} \
    setsid "$ROOT/.venv/bin/gunicorn" -c "$ROOT/gunicorn.conf.py" --chdir "$ROOT" \
    -b "127.0.0.1:$1" montage.wsgi >"$2" 2>&1 &
  NODE_PIDS+=($!)
  for _ in $(seq 1 60); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz")" = 200 ] && return
    sleep 0.5
  done
  echo "node on port $1 did not become ready (see $2)"; exit 1
}

stop_nodes() {
  for pid in "${NODE_PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${NODE_PIDS[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  done
  NODE_PIDS=()
}
trap stop_nodes EXIT

if [ ! -f "$ROOT/staticfiles/staticfiles.json" ]; then
  log "collectstatic (hashed, compressed; once)"
  "$PY" manage.py collectstatic --noinput >/dev/null
fi

configure() {  # sqlite | pg | pg+redis
  unset DATABASE_URL REDIS_URL
  export MONTAGE_DATA_DIR="$OUT/sqlite-data"
  case $1 in
    sqlite) ;;
    pg) export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/montage_load" ;;
    pg+redis)
      export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/montage_load"
      export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" ;;
  esac
  if [ -n "${DATABASE_URL:-}" ]; then
    start_postgres
    psql -h 127.0.0.1 -p $PG_PORT -U postgres -qc "CREATE DATABASE montage_load" 2>/dev/null || true
  fi
  if [ -n "${REDIS_URL:-}" ]; then start_redis; fi
  "$PY" bench/load/prepare.py --users "$USERS" --out "$OUT" >/dev/null
}

run_locust() {  # name, hosts, [fault command after 20 s]
  local name=$1 hosts=$2 fault=${3:-}
  export LOAD_HOSTS=$hosts LOAD_FIXTURE=$OUT/fixture.json LOAD_ACKS=$OUT/$name-acks.json
  log "$name: $USERS users, ${SECONDS_}s, hosts $hosts"
  "$ROOT/.venv/bin/locust" -f bench/load/locustfile.py --headless -u "$USERS" -r "$SPAWN" \
    -t "${SECONDS_}s" --host "${hosts%%,*}" --csv "$OUT/$name" --only-summary $RESET \
    --stop-timeout 0 >"$OUT/$name-locust.log" 2>&1 &
  local locust=$!
  if [ -n "$fault" ]; then
    sleep 20
    log "$name: fault: $fault"
    echo "fault at +20 s: $fault" >"$OUT/$name-fault.txt"
    eval "$fault"
  fi
  wait $locust || true
  # The nodes stop first (gracefully: requests in flight finish), so the check reads a history
  # nothing writes to any more. Checked while they still drained an overload, the keys and the
  # sets, read one after the other, could differ by the sets committed in between.
  stop_nodes
  log "$name: checking"
  "$PY" bench/load/check.py "$OUT/$name-acks.json" | tee "$OUT/$name-check.txt"
}

scenario() {
  case $1 in
    sqlite1)
      configure sqlite
      start_node 8301 "$OUT/sqlite1-node1.log"
      run_locust sqlite1 http://127.0.0.1:8301 ;;
    pg1)
      configure pg
      start_node 8301 "$OUT/pg1-node1.log"
      run_locust pg1 http://127.0.0.1:8301 ;;
    pg2|kill9|pgrestart|redisstop)
      configure pg+redis
      start_node 8301 "$OUT/$1-node1.log" 2
      start_node 8302 "$OUT/$1-node2.log" 2
      case $1 in
        pg2) run_locust pg2 http://127.0.0.1:8301,http://127.0.0.1:8302 ;;
        kill9) run_locust kill9 http://127.0.0.1:8301,http://127.0.0.1:8302 \
                 'kill -KILL -- "-${NODE_PIDS[1]}"' ;;
        pgrestart) run_locust pgrestart http://127.0.0.1:8301,http://127.0.0.1:8302 \
                 'pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" opsbench restart -m fast' ;;
        redisstop) run_locust redisstop http://127.0.0.1:8301,http://127.0.0.1:8302 \
                 'stop_redis; sleep 2; probe_cache "Redis down" "$OUT/$name-fault.txt"; sleep 18;
                  start_redis; sleep 6; probe_cache "Redis back" "$OUT/$name-fault.txt"' ;;
      esac ;;
    scale)
      start_postgres
      psql -h 127.0.0.1 -p $PG_PORT -U postgres -qc "DROP DATABASE IF EXISTS montage_scale"
      psql -h 127.0.0.1 -p $PG_PORT -U postgres -qc "CREATE DATABASE montage_scale"
      log "scale: ${LOAD_SCALE_USERS:-200} lifters x ${LOAD_SCALE_YEARS:-2} years"
      DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/montage_scale" "$PY" bench/load/scale.py \
        --users "${LOAD_SCALE_USERS:-200}" --years "${LOAD_SCALE_YEARS:-2}" \
        --explain "$OUT/scale-explain.txt" | tee "$OUT/scale.txt"
      return ;;
    *) echo "unknown scenario $1"; exit 2 ;;
  esac
  stop_nodes
}

for name in "${@:-sqlite1 pg1 pg2 kill9 pgrestart redisstop}"; do
  for one in $name; do scenario "$one"; done
done
"$PY" bench/load/report.py "$OUT"
