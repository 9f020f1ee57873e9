#!/usr/bin/env python3
"""Benchmark: ticket creation, SLA scheduled action and dashboard counts.

Prints figures; asserts nothing (speed goals live here, not in tests).
Needs Odoo 18 importable (or ODOO_PATH) and a database with
aftersales_service installed, e.g. the one scripts/run.sh serves:

    python3 bench/bench_tickets.py -d aftersales_demo --db_host 127.0.0.1 \
        --db_port 5433 --db_user odoo --db_password odoo -n 5000

Everything it writes is rolled back.
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


def _timed(label, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<45} {elapsed:8.2f} s   peak RSS {_peak_mb():7.0f} MB")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--db_host", default=os.environ.get("DB_HOST", "127.0.0.1"))
    parser.add_argument("--db_port", default=os.environ.get("DB_PORT", "5433"))
    parser.add_argument("--db_user", default=os.environ.get("DB_USER", "odoo"))
    parser.add_argument("--db_password", default=os.environ.get("DB_PASSWORD", "odoo"))
    parser.add_argument("-n", "--tickets", type=int, default=5000)
    args = parser.parse_args()

    odoo = _odoo()
    repo_addons = os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "addons"
    )
    odoo_addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
    odoo.tools.config.parse_config(
        [
            "--addons-path",
            f"{odoo_addons},{os.path.abspath(repo_addons)}",
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
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        partner = env["res.partner"].create({"name": "Bench customer"})
        team = env["aftersales.team"].search([], limit=1)
        now = odoo.fields.Datetime.now()
        vals_list = [
            {
                "name": f"Bench ticket {i}",
                "partner_id": partner.id,
                "team_id": team.id,
                "request_date": now - timedelta(minutes=i % 120),
            }
            for i in range(args.tickets)
        ]
        print(f"{args.tickets} tickets on database {args.database}")
        tickets = _timed(
            "create (one batch, model_create_multi)",
            lambda: env["aftersales.ticket"].create(vals_list),
        )
        _timed("flush to PostgreSQL", env.flush_all)
        env.invalidate_all()
        _timed(
            "SLA scheduled action (open tickets, batches)",
            env["aftersales.ticket"]._cron_update_sla_status,
        )
        env.invalidate_all()
        later = now + timedelta(days=10)
        _timed(
            "breach of every ticket: notes and activities",
            lambda: env["aftersales.ticket"]
            .search([("id", "in", tickets.ids)])
            ._update_sla_status(now=later),
        )
        env.invalidate_all()
        counts = _timed(
            "team dashboard counts (read_group)",
            lambda: team.read(["open_ticket_count", "breached_ticket_count"]),
        )
        print(
            f"  open={counts[0]['open_ticket_count']}"
            f" breached={counts[0]['breached_ticket_count']}"
        )
        env.invalidate_all()
        _timed(
            "partner smart-button count",
            lambda: partner.read(["aftersales_ticket_count"]),
        )
        cr.rollback()


if __name__ == "__main__":
    main()
