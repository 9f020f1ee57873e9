#!/usr/bin/env python3
"""Benchmark: the after-sales finance workbook (XLSX) on 100,000 RMA lines.

Prints figures; asserts nothing. Needs Odoo 18 importable (or ODOO_PATH), the
report_xlsx addon directory (scripts/pydeps.sh prints it) and a database with
aftersales_rma installed and an accounting chart, e.g. the demo database of
scripts/run.sh:

    python3 bench/bench_finance_xlsx.py -d aftersales_demo --db_host 127.0.0.1 \
        --db_port 5433 --db_user odoo --db_password odoo -n 100000 \
        --extra-addons "$(bash scripts/pydeps.sh)"

One RMA line and one posted credit-note line are made through the ORM, then
copied n times with INSERT ... SELECT (seconds, not hours). It times the
wizard's workbook (every sheet, Refunds register with n rows) and its peak
Python memory (tracemalloc, on a second run), next to plain xlsxwriter
writing the same register rows already in memory. Everything it writes is rolled back.
"""

import argparse
import io
import os
import sys
import time
import tracemalloc


def _odoo():
    if os.environ.get("ODOO_PATH"):
        sys.path.insert(0, os.environ["ODOO_PATH"])
    import odoo  # noqa: PLC0415 - imported once the path is known

    return odoo


def _measured(label, func):
    """Time ``func`` alone, then run it again under tracemalloc for its peak
    Python memory (tracemalloc slows Python down, so not timed)."""
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    result = func()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<48} {elapsed:8.2f} s   peak {peak / 2**20:8.1f} MB")
    return result


def _columns(cr, table):
    """Column names of ``table`` but id, quoted list and plain list."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id' "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    columns = [c for (c,) in cr.fetchall()]
    names = ", ".join(f'"{c}"' for c in columns)
    return names, columns


def _build(env, count):
    """One RMA of ``count`` lines, each refunded on one credit-note line."""
    cr = env.cr
    partner = env["res.partner"].create({"name": "Bench RMA customer"})
    product = env["product.product"].create(
        {"name": "Bench pump", "is_storable": True, "list_price": 100.0}
    )
    ticket = env["aftersales.ticket"].create(
        {"name": "Bench returns", "partner_id": partner.id}
    )
    rma = env["aftersales.rma"].create(
        {
            "ticket_id": ticket.id,
            "partner_id": partner.id,
            "line_ids": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
        }
    )
    line = rma.line_ids
    refund = env["account.move"].create(
        {
            "move_type": "out_refund",
            "partner_id": partner.id,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "quantity": 1,
                        "price_unit": 100.0,
                        "aftersales_rma_line_id": line.id,
                    },
                )
            ],
        }
    )
    refund.action_post()
    env.flush_all()
    template_aml = refund.invoice_line_ids.id
    # n - 1 more RMA lines, then one credit-note line per new RMA line
    names, _cols = _columns(cr, "aftersales_rma_line")
    cr.execute(
        f"""CREATE TEMP TABLE bench_rma_line ON COMMIT DROP AS
            WITH ins AS (
                INSERT INTO aftersales_rma_line ({names})
                SELECT {names} FROM aftersales_rma_line, generate_series(2, %s)
                 WHERE id = %s RETURNING id)
            SELECT id FROM ins""",  # noqa: S608 - column names from the catalog
        [count, line.id],
    )
    names, columns = _columns(cr, "account_move_line")
    select = ", ".join(
        "b.id" if c == "aftersales_rma_line_id" else f'aml."{c}"' for c in columns
    )
    cr.execute(
        f"""INSERT INTO account_move_line ({names})
            SELECT {select} FROM account_move_line aml, bench_rma_line b
             WHERE aml.id = %s""",  # noqa: S608 - column names from the catalog
        [template_aml],
    )
    # planner statistics, as autovacuum keeps them on a live database
    for table in ("aftersales_rma_line", "account_move_line"):
        cr.execute(f"ANALYZE {table}")  # noqa: S608 - constant table names
    env.invalidate_all()
    return partner


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--db_host", default=os.environ.get("DB_HOST", "127.0.0.1"))
    parser.add_argument("--db_port", default=os.environ.get("DB_PORT", "5433"))
    parser.add_argument("--db_user", default=os.environ.get("DB_USER", "odoo"))
    parser.add_argument("--db_password", default=os.environ.get("DB_PASSWORD", "odoo"))
    parser.add_argument(
        "--extra-addons", default=os.environ.get("AFTERSALES_DEP_ADDONS", "")
    )
    parser.add_argument("-n", "--lines", type=int, default=100_000)
    args = parser.parse_args()

    odoo = _odoo()
    repo_addons = os.path.abspath(
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "addons")
    )
    odoo_addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
    addons = ",".join(p for p in (odoo_addons, args.extra_addons, repo_addons) if p)
    odoo.tools.config.parse_config(
        [
            "--addons-path",
            addons,
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
    import xlsxwriter  # noqa: PLC0415 - after Odoo's path set-up

    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        print(f"{args.lines} RMA lines on database {args.database}")
        start = time.perf_counter()
        partner = _build(env, args.lines)
        print(
            f"{'build (ORM template + INSERT ... SELECT)':<48} "
            f"{time.perf_counter() - start:8.2f} s"
        )
        today = odoo.fields.Date.today()
        wizard = env["aftersales.finance.report.wizard"].create(
            {"date_from": today, "date_to": today, "partner_id": partner.id}
        )
        content, _fmt = _measured(
            "finance wizard workbook (all sheets, streamed)",
            lambda: env["ir.actions.report"]._render_xlsx(
                "aftersales_service.action_report_finance_xlsx", wizard.ids, None
            ),
        )
        print(f"  workbook size {len(content) / 2**20:.1f} MB")
        report = env["report.aftersales_service.finance_xlsx"]
        flt = wizard._finance_filters()
        rows = list(report._refund_register_rows(flt))
        print(f"  refunds register rows: {len(rows)}")

        def plain():
            out = io.BytesIO()
            book = xlsxwriter.Workbook(out)
            sheet = book.add_worksheet("Refunds")
            date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if c == 1:
                        sheet.write_datetime(r, c, value, date_fmt)
                    else:
                        sheet.write(r, c, value)
            book.close()
            return out.getvalue()

        _measured("plain xlsxwriter, same register rows in memory", plain)
        cr.rollback()


if __name__ == "__main__":
    main()
