"""Make the presence or absence of the Odoo test run visible in pytest's summary.

scripts/test.sh runs the addons' own tests (addons/*/tests) only when Odoo 18
is found. When it is not, this test is reported as SKIPPED with the reason, so
a run without Odoo never looks like a full pass.
"""

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

try:
    import odoo.release

    ODOO_MAJOR = odoo.release.version_info[0]
except ImportError:
    ODOO_MAJOR = None

NOT_FOUND = os.environ.get("AFTERSALES_ODOO_ABSENT_REASON") or (
    "ODOO TESTS NOT RUN: Odoo 18 not found (odoo not importable and ODOO_PATH unset)"
)


def _installable_addons():
    names = []
    for manifest in sorted(ROOT.glob("addons/*/__manifest__.py")):
        data = ast.literal_eval(manifest.read_text(encoding="utf-8"))
        if data.get("installable", True):
            names.append(manifest.parent.name)
    return names


def test_odoo_18_present():
    if ODOO_MAJOR is None:
        pytest.skip(NOT_FOUND)
    assert ODOO_MAJOR == 18, f"found Odoo {odoo.release.version}, need 18.0"


def test_addons_installed_in_test_database():
    """Under pytest-odoo, every installable addon must be installed in the DB."""
    if ODOO_MAJOR is None:
        pytest.skip(NOT_FOUND)
    db_name = odoo.tools.config.get("db_name")
    if not db_name:
        pytest.skip("not running under pytest-odoo (no --odoo-database)")
    # scripts/test.sh says what it installed (also covers EXTRA_ADDONS_PATH).
    listed = os.environ.get("AFTERSALES_INSTALLED_ADDONS")
    expected = listed.split(",") if listed else _installable_addons()
    if not expected:
        pytest.skip("no addons under addons/")
    registry = odoo.modules.registry.Registry(db_name)
    with registry.cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module WHERE state = 'installed' "
            "AND name = ANY(%s)",
            [expected],
        )
        installed = {row[0] for row in cr.fetchall()}
    assert installed == set(expected), f"not installed: {set(expected) - installed}"
