#!/usr/bin/env bash
# Make sure a PostgreSQL server is reachable for Odoo and export its
# coordinates as DB_HOST / DB_PORT / DB_USER / DB_PASSWORD.
#
# Two modes:
#   * DB_HOST set (docker compose, CI services, a developer's own server):
#     use DB_HOST/DB_PORT/DB_USER/DB_PASSWORD as given, only wait for it.
#   * DB_HOST unset: run a project-private cluster in
#     ${AFTERSALES_PGDATA:-/tmp/aftersales-pgdata} on port ${DB_PORT:-5433},
#     created and started on first use, with a login role odoo/odoo.
#
# Use it either way:
#   source scripts/pg.sh && aftersales_pg_ensure   # from another script
#   bash scripts/pg.sh                             # prints the coordinates
#   bash scripts/pg.sh stop                        # stops the private cluster

# Not `set -e` here: this file is sourced into other scripts, which choose
# their own shell options; functions return non-zero on failure instead.

_pg_log() { echo "pg.sh: $*" >&2; }

# Locate initdb/pg_ctl/postgres. Debian puts them outside PATH
# (/usr/lib/postgresql/N/bin), so PATH alone is not enough.
_pg_find_bindir() {
    local d
    if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then
        echo "$PG_BINDIR"; return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null)
        if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    fi
    # Newest Debian/Ubuntu-style install first (version-sort the dirs).
    d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -V -r | head -n1)
    if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    if command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"; return 0
    fi
    return 1
}

# Wait until a server answers on host:port, without requiring client
# binaries (the odoo image has psycopg2 but the caller may lack pg_isready).
_pg_wait() {
    local host=$1 port=$2 tries=${3:-60} i
    for ((i = 0; i < tries; i++)); do
        if command -v pg_isready >/dev/null 2>&1; then
            pg_isready -q -h "$host" -p "$port" && return 0
        elif [ -n "${_PG_BIN:-}" ] && [ -x "$_PG_BIN/pg_isready" ]; then
            "$_PG_BIN/pg_isready" -q -h "$host" -p "$port" && return 0
        else
            "${PYTHON:-python3}" - "$host" "$port" <<'EOF' >/dev/null 2>&1 && return 0
import socket, sys
socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
EOF
        fi
        sleep 1
    done
    return 1
}

# Run a command as the owner of the private cluster. PostgreSQL refuses to
# run as root, so root delegates to the `postgres` system user.
_pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

aftersales_pg_ensure() {
    if [ -n "${DB_HOST:-}" ]; then
        export DB_HOST DB_PORT="${DB_PORT:-5432}" \
            DB_USER="${DB_USER:-odoo}" DB_PASSWORD="${DB_PASSWORD:-odoo}"
        if ! _pg_wait "$DB_HOST" "$DB_PORT" 60; then
            _pg_log "ERROR: PostgreSQL at $DB_HOST:$DB_PORT did not answer within 60s"
            return 1
        fi
        return 0
    fi

    local pgdata=${AFTERSALES_PGDATA:-/tmp/aftersales-pgdata}
    local port=${DB_PORT:-5433}
    local sockdir=/tmp
    export DB_HOST=127.0.0.1 DB_PORT=$port DB_USER=${DB_USER:-odoo} \
        DB_PASSWORD=${DB_PASSWORD:-odoo}

    _PG_BIN=$(_pg_find_bindir) || {
        _pg_log "ERROR: no PostgreSQL server binaries found (pg_config, /usr/lib/postgresql/*/bin, PATH)."
        _pg_log "       Install PostgreSQL (e.g. apt-get install postgresql) or set DB_HOST to an existing server."
        return 1
    }

    # Fast path: our cluster is already up.
    if [ -f "$pgdata/PG_VERSION" ] && _pg_as_owner "$_PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1 \
        && "$_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        return 0
    fi

    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        _pg_log "ERROR: running as root but there is no 'postgres' system user to own the cluster"
        return 1
    fi

    if [ ! -f "$pgdata/PG_VERSION" ]; then
        _pg_log "creating private cluster in $pgdata (port $port)"
        mkdir -p "$pgdata" || return 1
        [ "$(id -u)" = 0 ] && chown postgres: "$pgdata"
        chmod 700 "$pgdata"
        _pg_as_owner "$_PG_BIN/initdb" -D "$pgdata" -U postgres -E UTF8 \
            --locale=C --auth-local=trust --auth-host=trust >"${TMPDIR:-/tmp}/aftersales-initdb.log" 2>&1 || {
            _pg_log "ERROR: initdb failed, see ${TMPDIR:-/tmp}/aftersales-initdb.log"
            return 1
        }
    fi

    # -w waits for readiness; the log lives in the data dir so it is owned
    # by the cluster owner. Listen on loopback only: trust auth.
    if ! _pg_as_owner "$_PG_BIN/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
        -o "-p $port -k $sockdir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
        start >/dev/null; then
        _pg_log "ERROR: PostgreSQL failed to start; last log lines:"
        tail -n 20 "$pgdata/server.log" >&2
        return 1
    fi
    _pg_wait 127.0.0.1 "$port" 30 || { _pg_log "ERROR: PostgreSQL not ready on port $port"; return 1; }

    # Odoo refuses the `postgres` superuser, so give it its own role.
    "$_PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL || return 1
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE "$DB_USER" LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SQL
    return 0
}

aftersales_pg_stop() {
    local pgdata=${AFTERSALES_PGDATA:-/tmp/aftersales-pgdata}
    _PG_BIN=$(_pg_find_bindir) || return 1
    [ -f "$pgdata/PG_VERSION" ] || return 0
    _pg_as_owner "$_PG_BIN/pg_ctl" -D "$pgdata" -m fast stop
}

# Executed rather than sourced: act on the command line.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-start}" in
        start) aftersales_pg_ensure
               echo "DB_HOST=$DB_HOST DB_PORT=$DB_PORT DB_USER=$DB_USER" ;;
        stop) aftersales_pg_stop ;;
        *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
    esac
fi
