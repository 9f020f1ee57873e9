#!/usr/bin/env bash
# Third-party Odoo addons our addons depend on, pinned, installed from PyPI
# as Odoo addon wheels into a cache directory outside the source tree (which
# may be read-only) and reused when already there.
#
#   source scripts/pydeps.sh && aftersales_pydeps_ensure
#   -> exports AFTERSALES_DEP_ADDONS, the addons directory to put on Odoo's
#      addons_path (installed as dependencies, never tested by our scripts).
#
# Environment: AFTERSALES_PYDEPS (default ${XDG_CACHE_HOME:-~/.cache}/aftersales/pydeps),
# PYTHON; pip's own variables (PIP_INDEX_URL, PIP_FIND_LINKS, ...) apply.

AFTERSALES_PYDEPS_WHEELS=(
    "odoo-addon-report_xlsx==18.0.1.1.3"   # OCA reporting-engine: XLSX reports
)

_pydeps_log() { echo "pydeps.sh: $*" >&2; }

# dist-info directory name pip writes for "name==version"
_pydeps_distinfo() {
    local name=${1%%==*} version=${1##*==}
    echo "${name//-/_}-${version}.dist-info"
}

aftersales_pydeps_ensure() {
    local python=${PYTHON:-python3} dir req missing=()
    dir=${AFTERSALES_PYDEPS:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/aftersales/pydeps}
    if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ]; then
        dir=${TMPDIR:-/tmp}/aftersales-pydeps
        mkdir -p "$dir" || return 1
    fi
    for req in "${AFTERSALES_PYDEPS_WHEELS[@]}"; do
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
    export AFTERSALES_DEP_ADDONS="$dir/odoo/addons"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    aftersales_pydeps_ensure
    echo "$AFTERSALES_DEP_ADDONS"
fi
