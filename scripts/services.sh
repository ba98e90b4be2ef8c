# How each local service starts: PostgreSQL, Redis and one OpenSearch node, and the Debian
# packages they need. The one place that knows it: scripts/start-services (benchmarks, local
# runs) and .ci/run source this file; the tests only look for the services and say to run
# scripts/start-services when one is missing.
#
# Needs `log`; reads PG_PORT (5432) and REDIS_PORT (6379). Each start is idempotent and quick
# when the service is already up.

PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

postgres_ready() {
    # Up, with the role and database "larder" in place: nothing to start, no root needed.
    command -v psql >/dev/null && PGPASSWORD=larder PGCONNECT_TIMEOUT=3 \
        psql -qtAX -h 127.0.0.1 -p "$PG_PORT" -U larder -d larder -c 'SELECT 1' >/dev/null 2>&1
}

redis_ready() {
    [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

opensearch_ready() {
    curl -fsS --max-time 2 "http://127.0.0.1:${OPENSEARCH_PORT:-9250}/_cluster/health" >/dev/null 2>&1
}

missing_packages() {
    # The Debian packages the named services (postgres, redis, opensearch) need and lack;
    # a service already answering needs none.
    local service missing=()
    for service in "$@"; do
        case "$service" in
            postgres)
                postgres_ready \
                    || { ls /usr/lib/postgresql/*/bin/postgres && command -v pg_ctlcluster; } >/dev/null 2>&1 \
                    || missing+=(postgresql postgresql-contrib) ;;
            redis)
                redis_ready || { command -v redis-server && command -v redis-cli; } >/dev/null \
                    || missing+=(redis-server) ;;
            opensearch)  # scripts/opensearch/start: curl, and to start a node Java 17+, Maven, flock
                command -v curl >/dev/null || missing+=(curl)
                opensearch_ready && continue
                command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
                command -v mvn >/dev/null || missing+=(maven)
                command -v flock >/dev/null || missing+=(util-linux) ;;
        esac
    done
    echo "${missing[@]}"
}

install_packages() {
    # Install the given Debian packages with apt-get when running as root; otherwise name
    # them and stop (exit 3), so a caller never fails later on a command that isn't there.
    (($#)) || return 0
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        log "Installing Debian packages: $*"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    else
        echo "Missing Debian packages: $*. Install them (sudo apt-get install $*) or run this as root." >&2
        exit 3
    fi
}

as_postgres() {
    # cd /tmp: postgres can't read root's working directory and psql complains.
    if [[ "$(id -u)" == 0 ]]; then
        (cd /tmp && runuser -u postgres -- "$@")
    else
        (cd /tmp && sudo -n -u postgres "$@")
    fi
}

start_postgres() {
    if postgres_ready; then
        log "PostgreSQL already accepting the role larder on $PG_PORT"
        return
    fi
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
    if redis_ready; then
        log "Redis already answering on $REDIS_PORT"
        return
    fi
    log "Starting Redis on $REDIS_PORT"
    redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --logfile "/tmp/larder-redis-$REDIS_PORT.log"
    for _ in $(seq 1 40); do
        redis_ready && return
        sleep 0.25
    done
    echo "Redis did not start; its log:" >&2
    tail -n 40 "/tmp/larder-redis-$REDIS_PORT.log" >&2 || true
    exit 1
}

start_opensearch() {
    # Prints the node's URL (OPENSEARCH_PORT, 9250); scripts/opensearch/start says how it runs.
    "$SCRIPTS_DIR/opensearch/start" | tail -n 1
}
