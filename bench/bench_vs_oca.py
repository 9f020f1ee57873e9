#!/usr/bin/env python3
"""Benchmark: our RMA and ticket against OCA rma and helpdesk_mgmt(_sla).

Prints time and SQL queries per RMA and per ticket for both, side by side,
with their ratios (ours / OCA); asserts nothing. Installs nothing: it needs a
database where our addons and the OCA peers pinned in scripts/pydeps.sh
(rma, rma_sale, helpdesk_mgmt, helpdesk_mgmt_sla) are installed, such as the
co-installation database scripts/test.sh builds, and both addons
directories on the path:

    . scripts/pydeps.sh && aftersales_pydeps_ensure && aftersales_peers_ensure
    python3 bench/bench_vs_oca.py -d aftersales_test_oca --db_host 127.0.0.1 \
        --db_port 5433 --db_user odoo --db_password odoo

Scenarios, each run as the superuser with mail tracking on, in the same
environment for both sides, for a customer without e-mail address (no mail
to the customer on either side: OCA's are off by default):
  * RMA lifecycle, one product unit: create -> confirm -> receive ->
    replace -> deliver -> done. Ours includes the ticket it belongs to (with
    its warranty and SLA); OCA's ends in its "Replaced" state.
  * one ticket per create() call (the form's way), flushed, SLA and
    warranty computed (OCA: helpdesk_mgmt_sla's ticket SLA lines);
  * batch create of 10, 100 and 1,000 tickets in one create() call.

Every figure is the median of --repeat runs after one warm-up run; queries
are those the cursor sends to PostgreSQL up to the commit (the flush and the
pre-commit hooks: mail tracking messages and the e-mails of tracked
changes). Everything it writes is rolled back.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta

PEERS = ("rma", "rma_sale", "helpdesk_mgmt", "helpdesk_mgmt_sla")
OURS = ("aftersales_service", "aftersales_rma")


def _odoo():
    if os.environ.get("ODOO_PATH"):
        sys.path.insert(0, os.environ["ODOO_PATH"])
    import odoo  # noqa: PLC0415 - imported once the path is known

    return odoo


class Meter:
    """Queries and wall time of a block, up to the commit: the flush and the
    pre-commit hooks (mail tracking messages, e-mails of tracked changes)."""

    def __init__(self, env):
        self.env = env

    def __call__(self, func):
        cr = self.env.cr
        cr.flush()
        queries = cr.sql_log_count
        start = time.perf_counter()
        result = func()
        # what the request pays before its commit
        cr.flush()
        elapsed = time.perf_counter() - start
        return result, cr.sql_log_count - queries, elapsed * 1000


def _validate(picking):
    picking.move_ids.quantity = picking.move_ids.product_uom_qty
    picking.move_ids.picked = True
    picking.button_validate()


class Bench:
    def __init__(self, env, verbose=False):
        self.env = env
        self.meter = Meter(env)
        self.verbose = verbose
        self.steps = {}
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        self.warehouse = warehouse
        # no e-mail address: no mail to the customer on either side (OCA's
        # RMA mails are off by default; ours is not sent without an address)
        self.partner = env["res.partner"].create({"name": "Bench customer"})
        self.product = env["product.product"].create(
            {"name": "Bench pump", "is_storable": True, "list_price": 100.0}
        )
        env["stock.quant"]._update_available_quantity(
            self.product, warehouse.lot_stock_id, 100000.0
        )
        self.operation = env["rma.operation"].create(
            {
                "name": "Bench replace",
                "action_create_receipt": "automatic_on_confirm",
                "action_create_delivery": "manual_after_receipt",
                "action_create_refund": False,
            }
        )
        self.our_team = env["aftersales.team"].search(
            [("company_id", "in", (False, env.company.id))], limit=1
        )
        self.oca_team = env["helpdesk.ticket.team"].create(
            {"name": "Bench helpdesk", "use_sla": True}
        )
        done = env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        env["helpdesk.sla"].create(
            {
                "name": "Bench SLA",
                "team_ids": [(6, 0, self.oca_team.ids)],
                "stage_id": done.id,
                "hours": 8,
            }
        )
        env.flush_all()

    # -- steps ---------------------------------------------------------
    def _step(self, side, name, func):
        result, queries, ms = self.meter(func)
        self.steps.setdefault((side, name), []).append((queries, ms))
        return result, queries, ms

    def _sum(self, side, steps):
        queries = ms = 0
        for name, func in steps:
            _result, q, t = self._step(side, name, func)
            queries += q
            ms += t
        return queries, ms

    def oca_rma(self):
        env = self.env
        state = {}

        def create():
            state["rma"] = env["rma"].create(
                {
                    "partner_id": self.partner.id,
                    "product_id": self.product.id,
                    "product_uom_qty": 1.0,
                    "location_id": self.warehouse.rma_loc_id.id,
                    "operation_id": self.operation.id,
                }
            )

        def replace():
            rma = state["rma"]
            env["rma.delivery.wizard"].with_context(
                active_ids=rma.ids, rma_delivery_type="replace"
            ).create(
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 1.0,
                    "product_uom": self.product.uom_id.id,
                    "warehouse_id": self.warehouse.id,
                }
            ).action_deliver()

        queries, ms = self._sum(
            "OCA",
            [
                ("create", create),
                ("confirm", lambda: state["rma"].action_confirm()),
                (
                    "receive",
                    lambda: _validate(state["rma"].reception_move_id.picking_id),
                ),
                ("replace", replace),
                (
                    "deliver",
                    lambda: _validate(state["rma"].delivery_move_ids.picking_id),
                ),
            ],
        )
        assert state["rma"].state == "replaced", state["rma"].state
        return queries, ms

    def our_rma(self):
        env = self.env
        state = {}

        def create():
            ticket = env["aftersales.ticket"].create(
                {
                    "name": "Bench RMA ticket",
                    "partner_id": self.partner.id,
                    "team_id": self.our_team.id,
                    "product_id": self.product.id,
                }
            )
            state["rma"] = env["aftersales.rma"].create(
                {
                    "ticket_id": ticket.id,
                    "partner_id": self.partner.id,
                    "warehouse_id": self.warehouse.id,
                    "line_ids": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 1.0})
                    ],
                }
            )

        def replace():
            rma = state["rma"]
            rma.line_ids.decision = "replace"
            rma.action_process()

        queries, ms = self._sum(
            "ours",
            [
                ("create", create),
                ("confirm", lambda: state["rma"].action_confirm()),
                ("receive", lambda: _validate(state["rma"].in_picking_ids)),
                ("replace", replace),
                ("deliver", lambda: _validate(state["rma"].out_picking_ids)),
            ],
        )
        rma = state["rma"]
        assert rma.state == "done", rma.state
        assert rma.ticket_id.warranty_state and rma.ticket_id.resolution_deadline
        return queries, ms

    # -- tickets -------------------------------------------------------
    def _our_ticket_vals(self, i):
        return {
            "name": f"Bench ticket {i}",
            "description": "<p>It leaks</p>",
            "partner_id": self.partner.id,
            "team_id": self.our_team.id,
            "product_id": self.product.id,
            "request_date": self._now - timedelta(minutes=i % 120),
        }

    def _oca_ticket_vals(self, i):
        return {
            "name": f"Bench ticket {i}",
            "description": "<p>It leaks</p>",
            "partner_id": self.partner.id,
            "team_id": self.oca_team.id,
        }

    def our_ticket(self):
        ticket, queries, ms = self.meter(
            lambda: self.env["aftersales.ticket"].create(self._our_ticket_vals(0))
        )
        assert ticket.resolution_deadline and ticket.warranty_state
        return queries, ms

    def oca_ticket(self):
        ticket, queries, ms = self.meter(
            lambda: self.env["helpdesk.ticket"].create(self._oca_ticket_vals(0))
        )
        assert ticket.ticket_sla_ids and ticket.sla_deadline
        return queries, ms

    def our_batch(self, n):
        tickets, queries, ms = self.meter(
            lambda: self.env["aftersales.ticket"].create(
                [self._our_ticket_vals(i) for i in range(n)]
            )
        )
        assert all(tickets.mapped("resolution_deadline"))
        return queries, ms

    def oca_batch(self, n):
        tickets, queries, ms = self.meter(
            lambda: self.env["helpdesk.ticket"].create(
                [self._oca_ticket_vals(i) for i in range(n)]
            )
        )
        assert len(tickets.ticket_sla_ids) == n
        return queries, ms

    @property
    def _now(self):
        return self.env.cr.now().replace(tzinfo=None)


def _medians(ours, theirs, repeat):
    """Medians of (queries, ms) of both sides, run in turns after a warm-up
    of each: a machine slowing down or speeding up during the run, or the
    data the runs add, weigh on both sides alike."""
    ours()  # warm-up: caches, prepared plans
    theirs()
    runs = {ours: [], theirs: []}
    for _i in range(repeat):
        for func in (ours, theirs):
            runs[func].append(func())
    return [
        (
            statistics.median(q for q, _t in runs[func]),
            statistics.median(t for _q, t in runs[func]),
        )
        for func in (ours, theirs)
    ]


def _ratio(ours, theirs):
    return f"{ours / theirs:5.2f}" if theirs else "  n/a"


def _row(label, ours, theirs, per=1):
    oq, ot = ours[0] / per, ours[1] / per
    tq, tt = theirs[0] / per, theirs[1] / per
    print(
        f"{label:<38} {oq:8.1f} {tq:8.1f} {_ratio(oq, tq)}"
        f"   {ot:8.2f} {tt:8.2f} {_ratio(ot, tt)}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--db_host", default=os.environ.get("DB_HOST", "127.0.0.1"))
    parser.add_argument("--db_port", default=os.environ.get("DB_PORT", "5433"))
    parser.add_argument("--db_user", default=os.environ.get("DB_USER", "odoo"))
    parser.add_argument("--db_password", default=os.environ.get("DB_PASSWORD", "odoo"))
    parser.add_argument(
        "--addons-path",
        default="",
        help="extra addons dirs, comma-separated (default: $AFTERSALES_DEP_ADDONS "
        "and $AFTERSALES_PEER_ADDONS, as scripts/pydeps.sh exports them)",
    )
    parser.add_argument("--data-dir", help="Odoo data dir (filestore) of the database")
    parser.add_argument("-r", "--repeat", type=int, default=5)
    parser.add_argument(
        "--batches", default="10,100,1000", help="batch sizes of ticket creation"
    )
    parser.add_argument(
        "--steps", action="store_true", help="also print the RMA lifecycle per step"
    )
    args = parser.parse_args()

    odoo = _odoo()
    here = os.path.dirname(os.path.abspath(__file__))
    extra = [
        d
        for d in (
            args.addons_path.split(",")
            if args.addons_path
            else [
                os.environ.get("AFTERSALES_DEP_ADDONS", ""),
                os.environ.get("AFTERSALES_PEER_ADDONS", ""),
            ]
        )
        if d
    ]
    paths = [os.path.join(os.path.dirname(odoo.__file__), "addons"), *extra]
    paths.append(os.path.abspath(os.path.join(here, "..", "addons")))
    odoo.tools.config.parse_config(
        [
            "--addons-path",
            ",".join(paths),
            "--db_host",
            args.db_host,
            "--db_port",
            str(args.db_port),
            "--db_user",
            args.db_user,
            "--db_password",
            args.db_password,
            *(["--data-dir", args.data_dir] if args.data_dir else []),
        ]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        installed = set(
            env["ir.module.module"]
            .search([("state", "=", "installed"), ("name", "in", PEERS + OURS)])
            .mapped("name")
        )
        missing = sorted(set(PEERS + OURS) - installed)
        if missing:
            sys.exit(
                f"bench_vs_oca: not installed in {args.database}: {', '.join(missing)}"
            )
        bench = Bench(env)
        print(
            f"database {args.database}, median of {args.repeat} runs of each side "
            "in turns after a warm-up; ratio = ours / OCA"
        )
        print(
            f"{'':<38} {'queries':>17} {'':>5}   {'milliseconds':>17}\n"
            f"{'':<38} {'ours':>8} {'OCA':>8} {'ratio':>5}"
            f"   {'ours':>8} {'OCA':>8} {'ratio':>5}"
        )
        _row(
            "RMA lifecycle, per RMA",
            *_medians(bench.our_rma, bench.oca_rma, args.repeat),
        )
        if args.steps:
            for step in ("create", "confirm", "receive", "replace", "deliver"):
                ours = bench.steps[("ours", step)][1:]
                theirs = bench.steps[("OCA", step)][1:]
                _row(
                    f"  {step}",
                    (
                        statistics.median(q for q, _t in ours),
                        statistics.median(t for _q, t in ours),
                    ),
                    (
                        statistics.median(q for q, _t in theirs),
                        statistics.median(t for _q, t in theirs),
                    ),
                )
        single = 20 * args.repeat
        _row(
            f"ticket, one per create() (x{single})",
            *_medians(bench.our_ticket, bench.oca_ticket, single),
        )
        for n in (int(x) for x in args.batches.split(",")):
            _row(
                f"tickets, batch create of {n}, per ticket",
                *_medians(
                    lambda n=n: bench.our_batch(n),
                    lambda n=n: bench.oca_batch(n),
                    1 if n >= 1000 else 3,
                ),
                per=n,
            )
        cr.rollback()


if __name__ == "__main__":
    main()
