#!/usr/bin/env python3
"""Benchmark: equipment records for delivered serials (issue 14, section 7).

Prints figures; asserts nothing (speed goals live here, not in tests).
For each size (default 1,000 and 10,000) it prepares a delivery to a customer
of that many serials of a product tracked as equipment, then times the hook
the done delivery runs (``aftersales.equipment._aftersales_create_from_move_lines``,
called by ``stock.move._action_done``) and counts the SQL queries it sends:
the queries per unit should stay constant (they fall as the batch grows).
With ``--validate N`` it also validates a real delivery of N serials through
Odoo's stock flow, the equipment records included. Needs Odoo 18 importable
(or ODOO_PATH) and a database with aftersales_service installed:

    python3 bench/bench_equipment.py -d aftersales_demo --db_host 127.0.0.1 \
        --db_port 5433 --db_user odoo --db_password odoo -n 1000 -n 10000

Everything it writes is rolled back.
"""

import argparse
import os
import resource
import sys
import time


def _odoo():
    if os.environ.get("ODOO_PATH"):
        sys.path.insert(0, os.environ["ODOO_PATH"])
    import odoo  # noqa: PLC0415 - imported once the path is known

    return odoo


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _product(env, tag):
    return env["product.product"].create(
        {
            "name": f"Bench chiller {tag}",
            "is_storable": True,
            "tracking": "serial",
            "aftersales_track_equipment": True,
            "aftersales_warranty_duration": 24,
            "aftersales_warranty_unit": "month",
            "aftersales_warranty_basis": "delivery",
        }
    )


def _delivery(env, partner, product, size, tag):
    """A delivery of ``size`` serials to ``partner`` (not validated)."""
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    lots = env["stock.lot"].create(
        [
            {"name": f"BENCH-{tag}-{i:06d}", "product_id": product.id}
            for i in range(size)
        ]
    )
    picking = env["stock.picking"].create(
        {
            "partner_id": partner.id,
            "picking_type_id": warehouse.out_type_id.id,
            "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": env.ref("stock.stock_location_customers").id,
        }
    )
    move = env["stock.move"].create(
        {
            "name": product.name,
            "picking_id": picking.id,
            "product_id": product.id,
            "product_uom_qty": size,
            "product_uom": product.uom_id.id,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
        }
    )
    return picking, move, lots


def _bench_hook(env, partner, size):
    product = _product(env, f"h{size}")
    _picking, move, lots = _delivery(env, partner, product, size, f"h{size}")
    move_lines = env["stock.move.line"].create(
        [
            {
                "move_id": move.id,
                "picking_id": move.picking_id.id,
                "product_id": product.id,
                "lot_id": lot.id,
                "quantity": 1.0,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
            }
            for lot in lots
        ]
    )
    env.flush_all()
    env.invalidate_all()
    cr = env.cr
    queries = cr.sql_log_count
    start = time.perf_counter()
    units = env["aftersales.equipment"]._aftersales_create_from_move_lines(
        move_lines.browse(move_lines.ids)
    )
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = cr.sql_log_count - queries
    assert len(units) == size, len(units)
    print(
        f"create from {size:>6} delivered serials   {elapsed:8.2f} s  "
        f"{elapsed / size * 1000:6.2f} ms/unit  {queries:6d} queries  "
        f"{queries / size:6.3f} queries/unit  peak RSS {_peak_mb():5.0f} MB"
    )


def _bench_validate(env, partner, size):
    product = _product(env, f"v{size}")
    picking, move, lots = _delivery(env, partner, product, size, f"v{size}")
    for lot in lots:
        env["stock.quant"]._update_available_quantity(
            product, picking.location_id, 1.0, lot_id=lot
        )
    picking.action_confirm()
    picking.action_assign()
    move.picked = True
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    picking.button_validate()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries
    units = env["aftersales.equipment"].search_count([("product_id", "=", product.id)])
    print(
        f"validate delivery of {size:>6} serials     {elapsed:8.2f} s  "
        f"{elapsed / size * 1000:6.2f} ms/unit  {queries:6d} queries  "
        f"{queries / size:6.3f} queries/unit  ({units} units created)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--db_host", default=os.environ.get("DB_HOST", "127.0.0.1"))
    parser.add_argument("--db_port", default=os.environ.get("DB_PORT", "5433"))
    parser.add_argument("--db_user", default=os.environ.get("DB_USER", "odoo"))
    parser.add_argument("--db_password", default=os.environ.get("DB_PASSWORD", "odoo"))
    parser.add_argument("--addons-path", default="")
    parser.add_argument("-n", "--serials", type=int, action="append")
    parser.add_argument("--validate", type=int, action="append", default=[])
    args = parser.parse_args()

    odoo = _odoo()
    repo_addons = os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "addons"
    )
    odoo_addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
    addons_path = f"{odoo_addons},{os.path.abspath(repo_addons)}"
    if args.addons_path:
        addons_path = f"{addons_path},{args.addons_path}"
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
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        partner = env["res.partner"].create({"name": "Bench installed base"})
        try:
            for size in args.serials or [1000, 10000]:
                _bench_hook(env, partner, size)
            for size in args.validate:
                _bench_validate(env, partner, size)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
