#!/usr/bin/env bash
# The project's test command (README and .ci/run call exactly this).
#
#  * Always: repo-level checks in tests/ (manifests, XML, access CSVs, ruff,
#    pylint-odoo mandatory checks), which need no Odoo.
#  * When Odoo 18 is found (`import odoo` works, or ODOO_PATH points at a
#    source tree): a fresh database with every addon installed (demo data
#    included), then the addons' own tests through pytest-odoo, in the same
#    pytest run as the repo-level checks, HttpCase/browser tours included.
#  * When it is not found: says so in one line and the Odoo tests show up as
#    SKIPPED in pytest's summary, never as passed.
#
# Environment (all optional):
#   ODOO_PATH          Odoo 18 source tree (the dir holding odoo-bin)
#   DB_HOST/DB_PORT/DB_USER/DB_PASSWORD  use this PostgreSQL instead of the
#                      private cluster started by scripts/pg.sh
#   TEST_DB            database name (default aftersales_test), dropped first
#   EXTRA_ADDONS_PATH  comma-separated extra addons dirs; their installable
#                      addons are installed and tested too
#   PYTHON             interpreter (default python3)
#   AFTERSALES_REQUIRE_BROWSER  1/0/auto (see conftest.py)
#   AFTERSALES_CORE_SUITES  0 skips Odoo's own tests of the core modules we
#                      extend (scripts/core_suites.py)
#   AFTERSALES_UPGRADE_CHECK  0 skips the upgrade from the previous release
#                      (scripts/upgrade_check.sh)
#   AFTERSALES_OCA_CHECK  0 skips the co-installation check: OCA rma,
#                      rma_sale, helpdesk_mgmt and helpdesk_mgmt_sla (pinned in
#                      scripts/pydeps.sh) installed with our addons in
#                      ${TEST_DB}_oca, then its smoke test
#                      (aftersales_rma/tests/test_oca_coexistence.py)
# Extra arguments are passed to pytest (e.g. -k sla, -x).
#
# The source tree may be read-only (docker `tests` service): everything we
# write goes to a temp dir.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
TEST_DB=${TEST_DB:-aftersales_test}

# pip as root inside distro images (PEP 668) and without noise.
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
# No caches inside a possibly read-only tree.
export RUFF_CACHE_DIR=${TMPDIR:-/tmp}/aftersales-ruff-cache
export PYLINTHOME=${TMPDIR:-/tmp}/aftersales-pylint-cache

log() { echo "test.sh: $*" >&2; }

# --- test tools ---------------------------------------------------------------
# Pinned to what OCA's 18.0 pre-commit uses (pylint-odoo 9.1.3, ruff 0.6.8)
# and to the pytest-odoo release verified against Odoo 18.0.
# openpyxl: the addons' tests read back the XLSX reports they generate.
# websocket-client: Odoo's HttpCase needs it to drive Chrome but Odoo's
# requirements.txt does not list it (without it every tour is skipped).
TOOLS=(
    "pytest>=8,<10"
    "pytest-odoo==2.3.0"
    "ruff==0.6.8"
    "pylint-odoo==9.1.3"
    "websocket-client>=1.0"
    "lxml"
    "openpyxl>=3.0"
)
missing=$("$PYTHON" - "${TOOLS[@]}" <<'EOF'
# Print the requirements not satisfied; avoids a slow `pip install` when all are.
import re, sys
from importlib.metadata import version, PackageNotFoundError
for req in sys.argv[1:]:
    name, op, want = re.match(r"([A-Za-z0-9_.-]+)(==|>=)?([^,]*)", req).groups()
    try:
        have = version(name)
    except PackageNotFoundError:
        print(req); continue
    if op == "==" and have != want:
        print(req)
    elif req.startswith("pytest>") and not have.split(".")[0] in ("8", "9"):
        print(req)
EOF
)
if [ -n "$missing" ]; then
    log "installing test tools: $(echo "$missing" | tr '\n' ' ')"
    # shellcheck disable=SC2086  # one requirement per line, none has spaces
    # (the grep only drops this machine's "find-links location ignored" noise)
    "$PYTHON" -m pip install -q $missing 2> >(grep -v '^WARNING: Location' >&2)
fi

# --- find Odoo ----------------------------------------------------------------
if [ -n "${ODOO_PATH:-}" ]; then
    if [ ! -f "$ODOO_PATH/odoo/__init__.py" ]; then
        log "ERROR: ODOO_PATH=$ODOO_PATH does not contain an odoo/ package"
        exit 2
    fi
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
fi
odoo_major=$("$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null || true)

if [ -z "$odoo_major" ]; then
    if [ -n "${ODOO_PATH:-}" ]; then
        reason="ODOO TESTS NOT RUN: Odoo 18 not found (ODOO_PATH=$ODOO_PATH is not importable)"
    else
        reason="ODOO TESTS NOT RUN: Odoo 18 not found (odoo not importable and ODOO_PATH unset)"
    fi
    echo "$reason"
    export AFTERSALES_ODOO_ABSENT_REASON=$reason
    # pytest-odoo imports odoo at load time: keep the plugin out.
    exec "$PYTHON" -m pytest -p no:odoo -p no:cacheprovider -rfEs --rootdir="$ROOT" tests/ "$@"
fi
if [ "$odoo_major" != 18 ]; then
    log "ERROR: found Odoo $odoo_major, this project needs Odoo 18"
    exit 2
fi

# Config, filestore and logs of this run; removed at the end.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftersales-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- database -------------------------------------------------------------------
# shellcheck source=scripts/pg.sh
. "$ROOT/scripts/pg.sh"
aftersales_pg_ensure

# Third-party addons our addons depend on (OCA report_xlsx), pinned wheels
# in a cache dir: on the addons path, installed as dependencies, not tested.
# shellcheck source=scripts/pydeps.sh
. "$ROOT/scripts/pydeps.sh"
aftersales_pydeps_ensure

# Addons dirs: Odoo's own (odoo/addons, plus <root>/addons in a git
# checkout), ours, and any extra ones (used to probe this script itself).
odoo_addons=$("$PYTHON" -c '
import os, odoo
pkg = os.path.dirname(odoo.__file__)
print(",".join(d for d in (os.path.join(pkg, "addons"), os.path.join(pkg, "..", "addons"))
               if os.path.isdir(d)))')
addon_dirs=("$ROOT/addons")
if [ -n "${EXTRA_ADDONS_PATH:-}" ]; then
    IFS=, read -r -a extra <<<"$EXTRA_ADDONS_PATH"
    addon_dirs+=("${extra[@]}")
fi

# Installable addons (manifest `installable` not False) and their test dirs.
mapfile -t our_addons < <("$PYTHON" - "${addon_dirs[@]}" <<'EOF'
import ast, pathlib, sys
for d in sys.argv[1:]:
    for m in sorted(pathlib.Path(d).glob("*/__manifest__.py")):
        if ast.literal_eval(m.read_text(encoding="utf-8")).get("installable", True):
            print(m.parent)
EOF
)
names=()
test_dirs=()
for a in "${our_addons[@]}"; do
    names+=("$(basename "$a")")
    [ -d "$a/tests" ] && test_dirs+=("$a/tests")
done

addons_path="$odoo_addons,$AFTERSALES_DEP_ADDONS"
for d in "${addon_dirs[@]}"; do addons_path+=",$(cd "$d" && pwd)"; done

conf="$WORK/odoo.conf"
cat >"$conf" <<EOF
[options]
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
db_name = $TEST_DB
dbfilter = ^$TEST_DB\$
list_db = False
addons_path = $addons_path
data_dir = $WORK/data
without_demo = False
workers = 0
max_cron_threads = 0
log_level = warn
http_interface = 127.0.0.1
EOF

log "Odoo $("$PYTHON" -c 'import odoo.release as r; print(r.version)'), database $TEST_DB on $DB_HOST:$DB_PORT"
drop_db() {
    "$PYTHON" - "$1" <<'EOF'
# Drop a previous test database (FORCE: PostgreSQL >= 13 closes leftovers).
# An autovacuum worker busy on a database just used cannot be terminated by
# a non-superuser role ("must be a member of the role whose process is being
# terminated"): it ends within seconds, so try again for a while.
import os, sys, time, psycopg2
conn = psycopg2.connect(host=os.environ["DB_HOST"], port=os.environ["DB_PORT"],
                        user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"],
                        dbname="postgres")
conn.autocommit = True
for attempt in range(30):
    try:
        conn.cursor().execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % sys.argv[1])
        break
    except (psycopg2.errors.InsufficientPrivilege, psycopg2.errors.ObjectInUse) as error:
        if attempt == 29:
            raise
        print(f"test.sh: {sys.argv[1]} still in use ({error.pgerror.strip()}), retrying",
              file=sys.stderr)
        time.sleep(2)
EOF
}
drop_db "$TEST_DB"

# --- install ----------------------------------------------------------------------
if [ ${#names[@]} -gt 0 ]; then
    to_install=$(IFS=,; echo "${names[*]}")
    export AFTERSALES_INSTALLED_ADDONS=$to_install  # checked by tests/test_odoo_present.py
    log "installing $to_install (with demo data)"
    start=$SECONDS
    set +e
    "$PYTHON" -m odoo -c "$conf" -d "$TEST_DB" -i "$to_install" --stop-after-init \
        >"$WORK/install.log" 2>&1
    rc=$?
    set -e
    # Kept outside $WORK for a post-mortem; the grep below reports the gist.
    cp "$WORK/install.log" "${TMPDIR:-/tmp}/aftersales-install-$TEST_DB.log"
    # Odoo logs failed data files, missing views etc. as ERROR but may still
    # exit 0, so the log is judged too.
    if [ $rc -ne 0 ] || grep -Eq '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$WORK/install.log"; then
        { grep -E -A30 ' (ERROR|CRITICAL) ' "$WORK/install.log" || tail -n 50 "$WORK/install.log"; } | head -n 200 >&2
        log "ERROR: installing $to_install failed (exit $rc); full log: ${TMPDIR:-/tmp}/aftersales-install-$TEST_DB.log"
        exit 1
    fi
    # Views whose elements depend on fields some of their users cannot read
    # ("Access Rights Inconsistency"), unknown field parameters and
    # duplicate field labels are warnings to Odoo; here they fail the run.
    if grep -E ' WARNING [^ ]+ odoo\.(fields|addons\.base\.models\.(ir_ui_view|ir_model)): ' "$WORK/install.log" >&2; then
        log "ERROR: installing $to_install logged view or field warnings (above); full log: ${TMPDIR:-/tmp}/aftersales-install-$TEST_DB.log"
        exit 1
    fi
    log "installed in $((SECONDS - start))s"
else
    log "no addons to install; creating an empty database"
    "$PYTHON" -m odoo -c "$conf" -d "$TEST_DB" -i base --stop-after-init >"$WORK/install.log" 2>&1 \
        || { tail -50 "$WORK/install.log" >&2; exit 1; }
fi

# --- Odoo's own suites ------------------------------------------------------------------
# Odoo's own tests of the core modules our addons extend run in the database
# where our addons are installed (full registry, HttpCase left out); a test
# that fails and is not listed with its reason in KNOWN of
# scripts/core_suites.py fails this command. They run in $TEST_DB itself:
# each test class works in one cursor that is never committed, so the
# database pytest gets afterwards is the installed one. Skip with
# AFTERSALES_CORE_SUITES=0.
if [ "${AFTERSALES_CORE_SUITES:-1}" != 0 ] && [ ${#names[@]} -gt 0 ]; then
    log "Odoo's own tests of sale_stock, purchase_stock, repair, stock_account, survey in $TEST_DB"
    start=$SECONDS
    set +e
    "$PYTHON" "$ROOT/scripts/core_suites.py" -c "$conf" -d "$TEST_DB" >"$WORK/core.log" 2>&1
    rc=$?
    set -e
    cp "$WORK/core.log" "${TMPDIR:-/tmp}/aftersales-core-$TEST_DB.log"
    grep '^core_suites: ' "$WORK/core.log" >&2 || tail -n 50 "$WORK/core.log" >&2
    if [ $rc -ne 0 ]; then
        log "ERROR: Odoo's own tests failed with our addons (exit $rc); full log: ${TMPDIR:-/tmp}/aftersales-core-$TEST_DB.log"
        exit 1
    fi
    log "Odoo's own tests passed in $((SECONDS - start))s"
fi

# --- addon subsets ----------------------------------------------------------------------
# The finance workbook must work with any subset of our addons: each subset
# below is installed alone in a second database and its finance-report tests
# run with Odoo's own runner (a failure fails this command); the full set is
# the main database. Skip with AFTERSALES_SUBSET_TESTS=0.
subsets=(
    "aftersales_service|/aftersales_service:TestFinanceReport"
    "aftersales_service,aftersales_survey|/aftersales_service:TestFinanceReport,/aftersales_survey:TestSatisfactionSheet"
    "aftersales_service,aftersales_rma|/aftersales_service:TestFinanceReport,/aftersales_rma:TestRmaFinanceReport,/aftersales_rma:TestFinanceClaims"
)
if [ "${AFTERSALES_SUBSET_TESTS:-1}" != 0 ]; then
    for subset in "${subsets[@]}"; do
        modules=${subset%%|*}
        tags=${subset#*|}
        missing=0
        IFS=, read -r -a wanted <<<"$modules"
        for m in "${wanted[@]}"; do
            [[ " ${names[*]} " == *" $m "* ]] || missing=1
        done
        [ $missing = 0 ] || continue
        subset_db="${TEST_DB}_subset"
        drop_db "$subset_db"
        log "addon subset: $modules alone in $subset_db (finance report tests, Odoo's runner)"
        start=$SECONDS
        set +e
        "$PYTHON" -m odoo -c "$conf" -d "$subset_db" --db-filter="^$subset_db\$" \
            -i "$modules" --test-enable --log-level=test --test-tags "$tags" \
            --stop-after-init >"$WORK/subset.log" 2>&1
        rc=$?
        set -e
        cp "$WORK/subset.log" "${TMPDIR:-/tmp}/aftersales-subset-$TEST_DB.log"
        ran=$(grep -Eo '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$WORK/subset.log" | tail -n1)
        if [ $rc -ne 0 ] || [ -z "$ran" ] || [[ "$ran" != "0 failed, 0 error(s)"* ]] \
            || grep -Eq '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$WORK/subset.log"; then
            { grep -E -A30 ' (ERROR|CRITICAL) ' "$WORK/subset.log" || tail -n 50 "$WORK/subset.log"; } | head -n 200 >&2
            log "ERROR: addon subset $modules failed (exit $rc, ${ran:-no test result}); full log: ${TMPDIR:-/tmp}/aftersales-subset-$TEST_DB.log"
            exit 1
        fi
        log "addon subset $modules: $ran in $((SECONDS - start))s"
        drop_db "$subset_db"
    done
fi

# --- upgrade from the previous release ------------------------------------------------
# A database installed with demo data from the previous release upgrades to
# this tree with `-u` and keeps every record (scripts/upgrade_check.sh).
# Skip with AFTERSALES_UPGRADE_CHECK=0.
if [ "${AFTERSALES_UPGRADE_CHECK:-1}" != 0 ] && [ ${#names[@]} -gt 0 ]; then
    start=$SECONDS
    rc=0
    UPGRADE_DB="${TEST_DB}_upgrade" bash "$ROOT/scripts/upgrade_check.sh" || rc=$?
    drop_db "${TEST_DB}_upgrade"
    case $rc in
        0) log "upgrade check passed in $((SECONDS - start))s" ;;
        3) log "upgrade check NOT RUN (see the line above)" ;;
        *) log "ERROR: upgrade check failed (exit $rc)"; exit 1 ;;
    esac
fi

# --- OCA peers installed beside ours ------------------------------------------------
# OCA's rma, rma_sale, helpdesk_mgmt and helpdesk_mgmt_sla (pinned wheels in
# their own cache dir, see scripts/pydeps.sh: never on the main database's
# path) are installed with our addons, demo data included, in ${TEST_DB}_oca;
# the install log is judged like the main one, then the smoke test (tagged
# aftersales_oca, out of the standard run; it skips itself wherever the OCA
# modules are absent) walks an RMA and a ticket of each side and the
# standard return wizard with Odoo's runner. A failure fails this command.
# Skip with AFTERSALES_OCA_CHECK=0.
if [ "${AFTERSALES_OCA_CHECK:-1}" != 0 ] && [[ " ${names[*]} " == *" aftersales_rma "* ]] \
    && [[ " ${names[*]} " == *" aftersales_service "* ]]; then
    aftersales_peers_ensure
    oca_db="${TEST_DB}_oca"
    oca_modules="$(IFS=,; echo "${names[*]}"),rma,rma_sale,helpdesk_mgmt,helpdesk_mgmt_sla"
    oca_path="$addons_path,$AFTERSALES_PEER_ADDONS"
    drop_db "$oca_db"
    log "OCA peers: installing $oca_modules in $oca_db (with demo data)"
    start=$SECONDS
    set +e
    "$PYTHON" -m odoo -c "$conf" -d "$oca_db" --db-filter="^$oca_db\$" \
        --addons-path="$oca_path" -i "$oca_modules" --stop-after-init \
        >"$WORK/oca-install.log" 2>&1
    rc=$?
    set -e
    cp "$WORK/oca-install.log" "${TMPDIR:-/tmp}/aftersales-oca-install-$TEST_DB.log"
    if [ $rc -ne 0 ] || grep -Eq '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$WORK/oca-install.log"; then
        { grep -E -A30 ' (ERROR|CRITICAL) ' "$WORK/oca-install.log" || tail -n 50 "$WORK/oca-install.log"; } | head -n 200 >&2
        log "ERROR: installing our addons with the OCA peers failed (exit $rc); full log: ${TMPDIR:-/tmp}/aftersales-oca-install-$TEST_DB.log"
        exit 1
    fi
    log "OCA peers: installed in $((SECONDS - start))s; smoke test (Odoo's runner)"
    set +e
    "$PYTHON" -m odoo -c "$conf" -d "$oca_db" --db-filter="^$oca_db\$" \
        --addons-path="$oca_path" --test-enable --log-level=test \
        --test-tags "aftersales_oca/aftersales_rma:TestOcaCoexistence" \
        --stop-after-init >"$WORK/oca-test.log" 2>&1
    rc=$?
    set -e
    cp "$WORK/oca-test.log" "${TMPDIR:-/tmp}/aftersales-oca-test-$TEST_DB.log"
    ran=$(grep -Eo '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$WORK/oca-test.log" | tail -n1)
    # "of 0 tests" would mean the smoke test was not selected or skipped
    if [ $rc -ne 0 ] || [ -z "$ran" ] || [[ "$ran" != "0 failed, 0 error(s)"* ]] \
        || [[ "$ran" == *" of 0 tests" ]] || grep -q ' INFO [^ ]* odoo.addons.aftersales_rma[^:]*: skipped ' "$WORK/oca-test.log" \
        || grep -Eq '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$WORK/oca-test.log"; then
        { grep -E -A30 ' (ERROR|CRITICAL) ' "$WORK/oca-test.log" || tail -n 50 "$WORK/oca-test.log"; } | head -n 200 >&2
        log "ERROR: OCA co-installation smoke test failed (exit $rc, ${ran:-no test result}); full log: ${TMPDIR:-/tmp}/aftersales-oca-test-$TEST_DB.log"
        exit 1
    fi
    log "OCA peers: $ran in $((SECONDS - start))s"
    drop_db "$oca_db"
fi

# --- tests --------------------------------------------------------------------------
# One pytest run: repo checks + every addon's tests. --odoo-http starts
# Odoo's HTTP server in-process so HttpCase and browser tours can run.
# Not exec'd, so the EXIT trap still cleans up; it prints nothing, so
# pytest's summary stays the last line.
set +e
"$PYTHON" -m pytest -p no:cacheprovider -rfEs --rootdir="$ROOT" \
    --odoo-config="$conf" --odoo-database="$TEST_DB" --odoo-http --odoo-log-level=warn \
    "${test_dirs[@]}" tests/ "$@"
exit $?
