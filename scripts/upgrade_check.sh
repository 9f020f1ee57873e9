#!/usr/bin/env bash
# Does a database of the previous release upgrade to the working tree and
# keep every record?
#
#   scripts/upgrade_check.sh            (scripts/test.sh runs it)
#
#  1. checks out the addons of BASE_COMMIT (the last commit of the previous
#     release, 18.0.1.x) from this repository's own history with
#     `git worktree` (or `git archive` when .git is read-only);
#  2. installs them with demo data in a fresh database;
#  3. records every row of our models and the core rows we extend, with
#     their key fields (scripts/upgrade_snapshot.py take);
#  4. upgrades the database to the working tree's addons (`-u`);
#  5. compares (scripts/upgrade_snapshot.py compare): fails on a lost row or
#     a changed key field, and on any ERROR in the upgrade log.
#
# Needs Odoo 18 (importable, or ODOO_PATH) and PostgreSQL (scripts/pg.sh).
# Environment: UPGRADE_DB (default aftersales_upgrade), PYTHON, DB_*.
# Exit status: 0 checked and kept, 1 failed, 3 not run (no Odoo 18, or a
# shallow clone without the commit) -- said plainly, never as passed.
set -euo pipefail

# The last commit before the 18.0.2.0.0 re-cut (fields on core models renamed,
# one SLA vocabulary, CAPA as its own model).
BASE_COMMIT=654cadf9ae24cdf29130d40c385ec76528031fa3

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
UPGRADE_DB=${UPGRADE_DB:-aftersales_upgrade}
log() { echo "upgrade_check.sh: $*" >&2; }

if [ -n "${ODOO_PATH:-}" ]; then
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
fi
if ! "$PYTHON" -c 'import odoo.release as r; assert r.version_info[0] == 18' 2>/dev/null; then
    echo "UPGRADE CHECK NOT RUN: Odoo 18 not found (odoo not importable with $PYTHON, ODOO_PATH=${ODOO_PATH:-unset})"
    exit 3
fi
if ! git -C "$ROOT" cat-file -e "$BASE_COMMIT^{commit}" 2>/dev/null; then
    # a shallow clone: try to get the history, else say plainly it did not run
    git -C "$ROOT" fetch -q --unshallow >/dev/null 2>&1 || true
fi
if ! git -C "$ROOT" cat-file -e "$BASE_COMMIT^{commit}" 2>/dev/null; then
    echo "UPGRADE CHECK NOT RUN: commit $BASE_COMMIT is not in this clone's history (shallow clone; 'git fetch --unshallow' gets it)"
    exit 3
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftersales-upgrade.XXXXXX")
OLD="$WORK/old"
cleanup() {
    git -C "$ROOT" worktree remove --force "$OLD" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
if ! git -C "$ROOT" worktree add --detach -q "$OLD" "$BASE_COMMIT" 2>/dev/null; then
    mkdir -p "$OLD"
    git -C "$ROOT" archive "$BASE_COMMIT" addons | tar -x -C "$OLD"
fi

# shellcheck source=scripts/pg.sh
. "$ROOT/scripts/pg.sh"
aftersales_pg_ensure
# shellcheck source=scripts/pydeps.sh
. "$ROOT/scripts/pydeps.sh"
aftersales_pydeps_ensure

odoo_addons=$("$PYTHON" -c '
import os, odoo
pkg = os.path.dirname(odoo.__file__)
print(",".join(d for d in (os.path.join(pkg, "addons"), os.path.join(pkg, "..", "addons"))
               if os.path.isdir(d)))')
write_conf() {  # $1 conf file, $2 our addons dir
    cat >"$1" <<EOF
[options]
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
addons_path = $odoo_addons,$AFTERSALES_DEP_ADDONS,$2
data_dir = $WORK/data
without_demo = False
workers = 0
max_cron_threads = 0
log_level = warn
http_interface = 127.0.0.1
EOF
}
write_conf "$WORK/old.conf" "$OLD/addons"
write_conf "$WORK/new.conf" "$ROOT/addons"

"$PYTHON" - "$UPGRADE_DB" <<'EOF'
import os, sys, psycopg2
conn = psycopg2.connect(host=os.environ["DB_HOST"], port=os.environ["DB_PORT"],
                        user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"],
                        dbname="postgres")
conn.autocommit = True
conn.cursor().execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % sys.argv[1])
EOF

addons=aftersales_service,aftersales_rma,aftersales_survey
judge() {  # $1 step, $2 exit code, $3 log
    cp "$3" "${TMPDIR:-/tmp}/aftersales-upgrade-$1.log"
    if [ "$2" -ne 0 ] || grep -Eq '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$3"; then
        { grep -E -A30 ' (ERROR|CRITICAL) ' "$3" || tail -n 50 "$3"; } | head -n 150 >&2
        log "ERROR: $1 failed (exit $2); full log: ${TMPDIR:-/tmp}/aftersales-upgrade-$1.log"
        exit 1
    fi
}

start=$SECONDS
log "installing $addons of $(git -C "$ROOT" log -1 --format='%h (%cs)' "$BASE_COMMIT") with demo data in $UPGRADE_DB"
set +e
"$PYTHON" -m odoo -c "$WORK/old.conf" -d "$UPGRADE_DB" --db-filter="^$UPGRADE_DB\$" \
    -i "$addons" --stop-after-init >"$WORK/install.log" 2>&1
rc=$?
set -e
judge install $rc "$WORK/install.log"
"$PYTHON" "$ROOT/scripts/upgrade_snapshot.py" take "$UPGRADE_DB" "$WORK/before.json"

log "upgrading $UPGRADE_DB to the working tree"
set +e
"$PYTHON" -m odoo -c "$WORK/new.conf" -d "$UPGRADE_DB" --db-filter="^$UPGRADE_DB\$" \
    -u "$addons" --stop-after-init >"$WORK/upgrade.log" 2>&1
rc=$?
set -e
judge upgrade $rc "$WORK/upgrade.log"
grep -Eo 'aftersales_[a-z]+: [0-9.]+ -> [0-9.]+|module aftersales_[a-z]+: (Running|running) migration.*' \
    "$WORK/upgrade.log" >&2 || true
"$PYTHON" "$ROOT/scripts/upgrade_snapshot.py" compare "$UPGRADE_DB" "$WORK/before.json"
log "upgrade from $BASE_COMMIT kept every record in $((SECONDS - start))s"
