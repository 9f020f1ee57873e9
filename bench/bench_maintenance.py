#!/usr/bin/env python3
"""Benchmark: the preventive maintenance scheduled action over N units.

Prints figures; asserts nothing (speed goals live here, not in tests).
Needs Odoo 18 importable (or ODOO_PATH) and a database with
aftersales_service installed, e.g. the one scripts/run.sh serves:

    python3 bench/bench_maintenance.py -d aftersales_demo --db_host 127.0.0.1 \
        --db_port 5433 --db_user odoo --db_password odoo -n 1000 10000

For each size it creates that many serials, units (aftersales.equipment)
and plans due today with a 4-item checklist, then times the scheduled
action that creates their maintenance visits (with readings), and runs it a
second time (nothing left to create). With ``--meter`` the plans are by
meter reading instead (every 500 h): each unit's meter was read at 600 h on
a done inspection visit of another plan, so every meter plan is due.
Queries are those sent to PostgreSQL, flush included. Everything it
writes is rolled back.
"""

import argparse
import os
import resource
import sys
import time
from datetime import timedelta


def _odoo():
    if os.environ.get("ODOO_PATH"):
        sys.path.insert(0, os.environ["ODOO_PATH"])
    import odoo  # noqa: PLC0415 - imported once the path is known

    return odoo


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measured(env, func):
    """(result, seconds, queries) of ``func`` with its flush."""
    cr = env.cr
    start_queries = cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - start, cr.sql_log_count - start_queries


def _setup(env, odoo, size, meter=False):
    """``size`` units of one serial-tracked product, each with a plan due
    today and a 4-item checklist (by meter reading with ``meter``)."""
    Command = odoo.Command
    product = env["product.product"].create(
        {"name": f"Bench chiller {size}", "is_storable": True, "tracking": "serial"}
    )
    partner = env["res.partner"].create(
        {"name": f"Bench customer {size}", "is_company": True}
    )
    technician = env.ref("base.user_admin")
    lots = env["stock.lot"].create(
        [
            {"name": f"BENCH-{size}-{i:06d}", "product_id": product.id}
            for i in range(size)
        ]
    )
    units = env["aftersales.equipment"].create(
        [
            {
                "product_id": product.id,
                "lot_id": lot.id,
                "partner_id": partner.id,
                "technician_id": technician.id,
            }
            for lot in lots
        ]
    )
    checklist = env["aftersales.maintenance.checklist"].create(
        {
            "name": "Bench checklist",
            "line_ids": [
                Command.create(
                    {
                        "name": "Pressure",
                        "reading_type": "number",
                        "has_min": True,
                        "min_value": 1,
                    }
                ),
                Command.create({"name": "Filter clean", "reading_type": "boolean"}),
                Command.create(
                    {
                        "name": "Noise",
                        "reading_type": "selection",
                        "selection_options": "normal,loud",
                    }
                ),
                Command.create({"name": "Remarks", "reading_type": "text"}),
            ],
        }
    )
    today = odoo.fields.Date.context_today(env["aftersales.maintenance.plan"])
    if meter:
        return _setup_meter(env, odoo, units, checklist, today)
    plans = env["aftersales.maintenance.plan"].create(
        [
            {
                "equipment_id": unit.id,
                "checklist_id": checklist.id,
                "interval_number": 3,
                "interval_unit": "month",
                "start_date": today,
            }
            for unit in units
        ]
    )
    return plans


def _setup_meter(env, odoo, units, checklist, today):
    """Meter plans (every 500 h) on ``units``, whose meters read 600 h on a
    done visit of a yearly inspection plan (not due)."""
    Command = odoo.Command
    checklist.line_ids = [
        Command.create(
            {
                "name": "Hour meter",
                "reading_type": "number",
                "uom_label": "h",
                "is_meter": True,
            }
        )
    ]
    Plan = env["aftersales.maintenance.plan"]
    yesterday = today - timedelta(days=1)
    inspections = Plan.create(
        [
            {
                "equipment_id": unit.id,
                "interval_number": 12,
                "interval_unit": "month",
                "start_date": yesterday,
            }
            for unit in units
        ]
    )
    reading = {
        "name": "Hour meter",
        "reading_type": "number",
        "uom_label": "h",
        "is_meter": True,
        "measured_value": "600",
    }
    env["aftersales.visit"].create(
        [
            dict(
                plan._prepare_maintenance_visit_vals(yesterday),
                state="done",
                reading_ids=[Command.create(reading)],
            )
            for plan in inspections
        ]
    )
    return Plan.create(
        [
            {
                "equipment_id": unit.id,
                "checklist_id": checklist.id,
                "interval_unit": "meter",
                "meter_interval": 500,
                "start_date": today,
            }
            for unit in units
        ]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--db_host", default=os.environ.get("DB_HOST", "127.0.0.1"))
    parser.add_argument("--db_port", default=os.environ.get("DB_PORT", "5433"))
    parser.add_argument("--db_user", default=os.environ.get("DB_USER", "odoo"))
    parser.add_argument("--db_password", default=os.environ.get("DB_PASSWORD", "odoo"))
    parser.add_argument("--addons-path", default=os.environ.get("ADDONS_PATH", ""))
    parser.add_argument("-n", "--units", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--meter", action="store_true", help="plans by meter reading")
    args = parser.parse_args()

    odoo = _odoo()
    repo_addons = os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "addons"
    )
    odoo_addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
    addons_path = ",".join(
        p for p in (odoo_addons, args.addons_path, os.path.abspath(repo_addons)) if p
    )
    odoo.tools.config.parse_config(
        [
            "--addons-path",
            addons_path,
            "--db_host",
            args.db_host,
            "--db_port",
            str(args.db_port),
            "--db_user",
            args.db_user,
            "--db_password",
            args.db_password,
        ]
    )
    registry = odoo.modules.registry.Registry(args.database)
    print(f"database {args.database}; figures include the flush")
    print(
        f"{'units':>7} {'setup s':>9} {'cron s':>8} {'queries':>8} "
        f"{'q/unit':>7} {'ms/unit':>8} {'visits':>7} {'rerun s':>8} "
        f"{'rerun q':>8} {'RSS MB':>7}"
    )
    for size in args.units:
        with registry.cursor() as cr:
            env = odoo.api.Environment(
                cr, odoo.SUPERUSER_ID, {"tracking_disable": True}
            )
            plans, setup_s, _queries = _measured(
                env, lambda env=env, size=size: _setup(env, odoo, size, args.meter)
            )
            env.invalidate_all()
            # the scheduled action runs with mail tracking on, as ir.cron does
            Plan = env["aftersales.maintenance.plan"].with_context(
                tracking_disable=False
            )
            visits, cron_s, cron_q = _measured(env, Plan._cron_create_due_visits)
            env.invalidate_all()
            again, rerun_s, rerun_q = _measured(env, Plan._cron_create_due_visits)
            mine = visits.filtered(
                lambda v, plans=plans: v.maintenance_plan_id in plans
            )
            print(
                f"{size:>7} {setup_s:>9.2f} {cron_s:>8.2f} {cron_q:>8} "
                f"{cron_q / size:>7.2f} {cron_s * 1000 / size:>8.2f} "
                f"{len(mine):>7} {rerun_s:>8.2f} {rerun_q:>8} {_peak_mb():>7.0f}"
            )
            if again:
                print(f"  second run created {len(again)} visits (expected 0)")
            cr.rollback()


if __name__ == "__main__":
    main()
