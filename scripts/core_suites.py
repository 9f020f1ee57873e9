#!/usr/bin/env python3
# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run Odoo's own tests of the core modules our addons extend, in a database
where our addons are installed, with the full registry of that database.

    scripts/core_suites.py -c odoo.conf -d aftersales_test
    scripts/core_suites.py -c odoo.conf -d aftersales_test --modules survey

Both positions of each module run (`at_install`, then `post_install`), the way
`odoo-bin --test-enable` builds them (`odoo.tests.loader.make_suite` and
`run_suite`), standard tags only; HttpCase classes (browser tours, HTTP
controllers) are left out. Prints per-module counts and every failing test id;
exits 1 when a test fails that is not listed in KNOWN with its reason.

The tests run in the given database itself: Odoo's TransactionCase runs each
class in one cursor that is closed without commit (commit/rollback are patched
to raise), which is how Odoo runs at_install tests in the middle of an install
and then keeps installing into the same database. This script commits nothing.
"""

import argparse
import re
import sys
import threading
import time

MODULES = ("sale_stock", "purchase_stock", "repair", "stock_account", "survey")

# Test id -> why it may fail. Only two kinds belong here:
#  (a) it fails in this full-registry mode without our addons too (measured by
#      installing the five modules alone and running this script there);
#  (b) a deliberate, safe difference of ours.
KNOWN = {
    # (a) Measured in a database with only the five core modules: the test
    # hands a res.partner record, not an id, as procurement value
    # 'partner_id'; sale_stock (loaded in the full registry, not yet when
    # purchase_stock's at_install tests run on install) copies that value into
    # the stock.move values (StockRule._get_custom_move_fields), and the
    # INSERT fails with "can't adapt type 'res.partner'".
    "odoo.addons.purchase_stock.tests.test_create_picking.TestCreatePicking."
    "test_08_check_update_qty_mto_chain": "fails without our addons too: "
    "res.partner record as procurement partner_id, copied to stock.move by "
    "sale_stock",
}

_CLASS_LEVEL = re.compile(r"^(?P<hook>\w+) \((?P<cls>[\w.]+)\)$")


def _test_id(test):
    """Stable id of a test, a subtest (its test) or a class-level error
    (``<class path>.setUpClass``)."""
    test_case = getattr(test, "test_case", None)
    if test_case is not None:
        return test_case.id()
    test_id = test.id()
    match = _CLASS_LEVEL.match(test_id)
    if match:
        return f"{match['cls']}.{match['hook']}"
    return test_id


def _parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True, help="installed database")
    parser.add_argument(
        "--modules",
        default=",".join(MODULES),
        help="comma-separated core modules whose tests run (default: %(default)s)",
    )
    parser.add_argument(
        "--log-level",
        default="warn",
        help="Odoo log level (default: %(default)s; failing tests log at ERROR)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = _parse_args(argv)
    modules = [m.strip() for m in args.modules.split(",") if m.strip()]

    import odoo  # noqa: PLC0415  (the script must print its usage without Odoo)
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        [
            "-c",
            args.config,
            "-d",
            args.database,
            "--db-filter",
            f"^{re.escape(args.database)}$",
            "--log-level",
            args.log_level,
            "--workers",
            "0",
            "--max-cron-threads",
            "0",
        ]
    )

    odoo.service.server.load_server_wide_modules()
    threading.current_thread().dbname = args.database
    start = time.time()
    registry = odoo.modules.registry.Registry.new(args.database)
    # Only now: with test_enable set while loading, Odoo would run the
    # at_install tests of every module, each with the registry loaded so far.
    config["test_enable"] = True
    config["test_tags"] = "standard"
    # odoo.tests complains when imported outside test mode
    from odoo.tests import loader  # noqa: PLC0415
    from odoo.tests.common import HttpCase  # noqa: PLC0415
    from odoo.tests.result import OdooTestResult  # noqa: PLC0415
    from odoo.tests.suite import OdooSuite  # noqa: PLC0415

    failed = []

    class RecordingResult(OdooTestResult):
        """Odoo's result, which logs each failure, remembering its test id."""

        def addError(self, test, err):
            if not self._soft_fail:
                failed.append(_test_id(test))
            super().addError(test, err)

        def addFailure(self, test, err):
            if not self._soft_fail:
                failed.append(_test_id(test))
            super().addFailure(test, err)

    # run_suite builds its result from this name
    loader.OdooTestResult = RecordingResult

    missing = sorted(set(modules) - set(registry._init_modules))
    if missing:
        print(f"core_suites: not installed in {args.database}: {', '.join(missing)}")
        return 2
    print(
        f"core_suites: {args.database}, {len(registry._init_modules)} modules loaded "
        f"in {time.time() - start:.0f}s; running {', '.join(modules)}",
        flush=True,
    )

    totals = {"run": 0, "failed": 0, "errors": 0, "skipped": 0, "http": 0}
    for module in modules:
        counts = dict.fromkeys(totals, 0)
        before = len(failed)
        start = time.time()
        for position in ("at_install", "post_install"):
            tests = list(loader.make_suite([module], position))
            kept = [t for t in tests if not isinstance(t, HttpCase)]
            counts["http"] += len(tests) - len(kept)
            result = loader.run_suite(OdooSuite(kept))
            counts["run"] += result.testsRun
            counts["failed"] += result.failures_count
            counts["errors"] += result.errors_count
            counts["skipped"] += result.skipped
        for key, value in counts.items():
            totals[key] += value
        print(
            f"core_suites: {module}: {counts['failed']} failed, {counts['errors']} "
            f"error(s) of {counts['run']} tests ({counts['skipped']} skipped, "
            f"{counts['http']} HttpCase left out) in {time.time() - start:.0f}s",
            flush=True,
        )
        for test_id in dict.fromkeys(failed[before:]):
            kind = "KNOWN" if test_id in KNOWN else "FAIL "
            print(f"core_suites:   {kind} {test_id}")

    failing = list(dict.fromkeys(failed))
    unexpected = [t for t in failing if t not in KNOWN]
    print(
        f"core_suites: total {totals['failed']} failed, {totals['errors']} error(s) "
        f"of {totals['run']} tests ({totals['skipped']} skipped, {totals['http']} "
        f"HttpCase left out); {len(failing) - len(unexpected)} known, "
        f"{len(unexpected)} unexpected"
    )
    for test_id, reason in KNOWN.items():
        if test_id in failing:
            print(f"core_suites: known failure {test_id}: {reason}")
        elif test_id.split(".")[2] in modules:
            print(f"core_suites: note: {test_id} is listed in KNOWN but passed")
    if unexpected:
        print("core_suites: FAILED, not in KNOWN:")
        for test_id in unexpected:
            print(f"core_suites:   {test_id}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
