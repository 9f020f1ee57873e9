#!/usr/bin/env bash
# Run the addons natively on http://localhost:8069 (no docker).
#
# Finds Odoo 18 (`import odoo`, or ODOO_PATH = a source tree), makes sure
# PostgreSQL is reachable (scripts/pg.sh: DB_* or a private cluster), creates
# the database ${RUN_DB:-aftersales_demo} with demo data and the addons on
# first start (and installs addons added since), then serves it.
#
# Environment (all optional):
#   ODOO_PATH          Odoo 18 source tree (the dir holding odoo-bin)
#   RUN_DB             database (default aftersales_demo)
#   ADDONS             comma-separated addons to install (default: every
#                      installable addon under addons/)
#   ODOO_CONF          base config (default config/odoo.conf, the docker one;
#                      its db_* / addons_path / data_dir are overridden here)
#   HTTP_INTERFACE     default 127.0.0.1; 0.0.0.0 to expose it
#   HTTP_PORT          default 8069
#   ODOO_DATA_DIR      filestore/sessions (default ~/.local/share/aftersales-odoo)
#   DB_HOST/DB_PORT/DB_USER/DB_PASSWORD, EXTRA_ADDONS_PATH, PYTHON
# Extra arguments are passed to Odoo (e.g. --dev=xml,reload).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
RUN_DB=${RUN_DB:-aftersales_demo}
ODOO_CONF=${ODOO_CONF:-$ROOT/config/odoo.conf}
HTTP_INTERFACE=${HTTP_INTERFACE:-127.0.0.1}
HTTP_PORT=${HTTP_PORT:-8069}
ODOO_DATA_DIR=${ODOO_DATA_DIR:-${HOME:-/tmp}/.local/share/aftersales-odoo}

log() { echo "run.sh: $*" >&2; }

if [ -n "${ODOO_PATH:-}" ]; then
    if [ ! -f "$ODOO_PATH/odoo/__init__.py" ]; then
        log "ERROR: ODOO_PATH=$ODOO_PATH does not contain an odoo/ package"
        exit 2
    fi
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
fi
odoo_probe=$("$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>&1) || true
odoo_major=$(printf '%s\n' "$odoo_probe" | tail -n1)
if [ "$odoo_major" != 18 ]; then
    resolved=$(command -v "$PYTHON" || echo "not on PATH")
    interpreter=$PYTHON
    [ "$resolved" = "$PYTHON" ] || interpreter="$PYTHON ($resolved)"
    if [[ "$odoo_major" =~ ^[0-9]+$ ]]; then
        log "ERROR: $interpreter imports Odoo $odoo_major; this project needs Odoo 18."
    elif [ -n "${ODOO_PATH:-}" ]; then
        # The tree is there (checked above), so the import failed on one of
        # Odoo's own requirements: say which, and for which interpreter.
        log "ERROR: $interpreter cannot import Odoo from ODOO_PATH=$ODOO_PATH:"
        log "       $(printf '%s\n' "$odoo_probe" | grep -E 'Error|error' | tail -n1)"
        log "       Install Odoo's requirements for that interpreter ($PYTHON -m pip install -r $ODOO_PATH/requirements.txt),"
        log "       or choose an interpreter that has them with PYTHON=/path/to/python."
    else
        log "ERROR: Odoo 18 not found: $interpreter cannot import odoo and ODOO_PATH is unset."
        log "       Point ODOO_PATH at an Odoo 18.0 source tree, choose another interpreter with"
        log "       PYTHON=/path/to/python, or use docker compose up."
    fi
    exit 2
fi

# shellcheck source=scripts/pg.sh
. "$ROOT/scripts/pg.sh"
aftersales_pg_ensure

# Third-party addons (OCA report_xlsx), pinned wheels in a cache dir.
# shellcheck source=scripts/pydeps.sh
. "$ROOT/scripts/pydeps.sh"
aftersales_pydeps_ensure

odoo_addons=$("$PYTHON" -c '
import os, odoo
pkg = os.path.dirname(odoo.__file__)
print(",".join(d for d in (os.path.join(pkg, "addons"), os.path.join(pkg, "..", "addons"))
               if os.path.isdir(d)))')
addons_path="$odoo_addons,$AFTERSALES_DEP_ADDONS,$ROOT/addons${EXTRA_ADDONS_PATH:+,$EXTRA_ADDONS_PATH}"

if [ -z "${ADDONS:-}" ]; then
    ADDONS=$("$PYTHON" - "$ROOT/addons" <<'EOF'
import ast, pathlib, sys
print(",".join(
    m.parent.name
    for m in sorted(pathlib.Path(sys.argv[1]).glob("*/__manifest__.py"))
    if ast.literal_eval(m.read_text(encoding="utf-8")).get("installable", True)
))
EOF
)
fi

mkdir -p "$ODOO_DATA_DIR"
odoo_args=(
    -c "$ODOO_CONF"
    --db_host "$DB_HOST" --db_port "$DB_PORT" --db_user "$DB_USER" --db_password "$DB_PASSWORD"
    --addons-path "$addons_path" --data-dir "$ODOO_DATA_DIR"
    -d "$RUN_DB" --db-filter "^$RUN_DB\$"
)

# Addons of $ADDONS not yet installed in $RUN_DB (all of them if the
# database does not exist): installing only those makes re-runs instant.
to_install=$("$PYTHON" - "$RUN_DB" "$ADDONS" <<'EOF'
import os, sys, psycopg2
db, wanted = sys.argv[1], [a for a in sys.argv[2].split(",") if a]
kw = dict(host=os.environ["DB_HOST"], port=os.environ["DB_PORT"],
          user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"])
try:
    conn = psycopg2.connect(dbname=db, **kw)
    cr = conn.cursor()
    cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
    installed = {r[0] for r in cr.fetchall()}
except psycopg2.Error:
    installed = set()  # no database yet, or not initialised
print(",".join(a for a in (wanted or ["base"]) if a not in installed))
EOF
)
if [ -n "$to_install" ]; then
    log "installing $to_install into $RUN_DB (with demo data), this takes a few minutes"
    "$PYTHON" -m odoo "${odoo_args[@]}" -i "$to_install" --stop-after-init
fi

log "serving $RUN_DB on http://$HTTP_INTERFACE:$HTTP_PORT (login admin / admin)"
exec "$PYTHON" -m odoo "${odoo_args[@]}" \
    --http-interface "$HTTP_INTERFACE" --http-port "$HTTP_PORT" "$@"
