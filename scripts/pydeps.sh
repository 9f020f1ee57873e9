#!/usr/bin/env bash
# Third-party Odoo addons our addons depend on, pinned, installed from PyPI
# as Odoo addon wheels into a cache directory outside the source tree (which
# may be read-only) and reused when already there.
#
#   source scripts/pydeps.sh && aftersales_pydeps_ensure
#   -> exports AFTERSALES_DEP_ADDONS, the addons directory to put on Odoo's
#      addons_path (installed as dependencies, never tested by our scripts).
#
#   source scripts/pydeps.sh && aftersales_peers_ensure
#   -> exports AFTERSALES_PEER_ADDONS: the OCA addons that do what ours do
#      (rma, rma_sale, helpdesk_mgmt, helpdesk_mgmt_sla), in their OWN cache
#      dir, so that only the co-installation check and bench/bench_vs_oca.py
#      put them on the addons path, never the normal test database.
#
# Environment: AFTERSALES_PYDEPS (default ${XDG_CACHE_HOME:-~/.cache}/aftersales/pydeps),
# AFTERSALES_PEERS (default: the same with /peers instead of /pydeps),
# PYTHON; pip's own variables (PIP_INDEX_URL, PIP_FIND_LINKS, ...) apply.

AFTERSALES_PYDEPS_WHEELS=(
    "odoo-addon-report_xlsx==18.0.1.1.3"   # OCA reporting-engine: XLSX reports
)

# OCA peers of our addons (not dependencies): installed beside ours to prove
# they coexist (scripts/test.sh) and to compare speed (bench/bench_vs_oca.py).
AFTERSALES_PEER_WHEELS=(
    "odoo-addon-rma==18.0.2.8.4.2"              # OCA rma: RMA
    "odoo-addon-rma_sale==18.0.2.6.1.1"         # OCA rma: RMA from sale orders
    "odoo-addon-helpdesk_mgmt==18.0.1.19.5"     # OCA helpdesk: tickets
    "odoo-addon-helpdesk_mgmt_sla==18.0.2.1.1"  # OCA helpdesk: ticket SLA
)

_pydeps_log() { echo "pydeps.sh: $*" >&2; }

# dist-info directory name pip writes for "name==version"
_pydeps_distinfo() {
    local name=${1%%==*} version=${1##*==}
    echo "${name//-/_}-${version}.dist-info"
}

# _pydeps_install DIR FALLBACK WHEEL... : pip-installs the wheels missing
# from DIR (or from FALLBACK when DIR is not writable) and prints the
# addons directory.
_pydeps_install() {
    local python=${PYTHON:-python3} dir=$1 fallback=$2 req missing=()
    shift 2
    if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ]; then
        dir=$fallback
        mkdir -p "$dir" || return 1
    fi
    for req in "$@"; do
        [ -d "$dir/$(_pydeps_distinfo "$req")" ] || missing+=("$req")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        _pydeps_log "installing ${missing[*]} into $dir"
        # --no-deps: the wheels depend on the `odoo` distribution, which is
        # the Odoo in use, not something for pip to fetch.
        PIP_BREAK_SYSTEM_PACKAGES=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
            "$python" -m pip install -q --no-deps --upgrade --target "$dir" "${missing[@]}" \
            2> >(grep -v '^WARNING: Location' >&2) || return 1
    fi
    echo "$dir/odoo/addons"
}

_pydeps_cache() { echo "${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/aftersales/$1"; }

aftersales_pydeps_ensure() {
    local addons
    addons=$(_pydeps_install "${AFTERSALES_PYDEPS:-$(_pydeps_cache pydeps)}" \
        "${TMPDIR:-/tmp}/aftersales-pydeps" "${AFTERSALES_PYDEPS_WHEELS[@]}") || return 1
    export AFTERSALES_DEP_ADDONS=$addons
}

aftersales_peers_ensure() {
    local addons
    addons=$(_pydeps_install "${AFTERSALES_PEERS:-$(_pydeps_cache peers)}" \
        "${TMPDIR:-/tmp}/aftersales-peers" "${AFTERSALES_PEER_WHEELS[@]}") || return 1
    export AFTERSALES_PEER_ADDONS=$addons
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    if [ "${1:-}" = peers ]; then
        aftersales_peers_ensure
        echo "$AFTERSALES_PEER_ADDONS"
    else
        aftersales_pydeps_ensure
        echo "$AFTERSALES_DEP_ADDONS"
    fi
fi
