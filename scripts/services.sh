# Start the local PostgreSQL cluster and Redis server the tests and benchmarks use.
# Sourced by .ci/run and scripts/start-services. Needs `log`, PG_PORT and REDIS_PORT.
# Each start is idempotent and quick when the service is already up.

as_postgres() {
    # cd /tmp: postgres can't read root's working directory and psql complains.
    if [[ "$(id -u)" == 0 ]]; then
        (cd /tmp && runuser -u postgres -- "$@")
    else
        (cd /tmp && sudo -n -u postgres "$@")
    fi
}

start_postgres() {
    local version
    version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
        log "Creating PostgreSQL $version cluster 'main'"
        pg_createcluster "$version" main --port "$PG_PORT" >/dev/null
    fi
    if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
        log "PostgreSQL $version already accepting connections on $PG_PORT"
    else
        log "Starting PostgreSQL $version"
        pg_ctlcluster "$version" main start || true  # "already running" on a half-up cluster
        for _ in $(seq 1 60); do
            pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
            sleep 0.5
        done
        pg_isready -h 127.0.0.1 -p "$PG_PORT" || {
            echo "PostgreSQL did not start; its log:" >&2
            tail -n 40 "/var/log/postgresql/postgresql-$version-main.log" >&2 || true
            exit 1
        }
    fi
    # CREATEDB lets pytest-django create (and drop) test_larder.
    as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'larder') THEN
        CREATE ROLE larder LOGIN PASSWORD 'larder' CREATEDB;
    ELSE
        ALTER ROLE larder LOGIN PASSWORD 'larder' CREATEDB;
    END IF;
END
$$;
SQL
    if ! as_postgres psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = 'larder'" | grep -q 1; then
        as_postgres createdb -p "$PG_PORT" -O larder larder
    fi
}

start_redis() {
    if [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; then
        log "Redis already answering on $REDIS_PORT"
        return
    fi
    log "Starting Redis on $REDIS_PORT"
    redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --logfile /tmp/larder-ci-redis.log
    for _ in $(seq 1 40); do
        [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]] && return
        sleep 0.25
    done
    echo "Redis did not start; its log:" >&2
    tail -n 40 /tmp/larder-ci-redis.log >&2 || true
    exit 1
}
