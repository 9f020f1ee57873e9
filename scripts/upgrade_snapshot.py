#!/usr/bin/env python3
# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Snapshot and compare the records of our addons around an upgrade.

    upgrade_snapshot.py take DB OUT.json     # before `-u`
    upgrade_snapshot.py compare DB OUT.json  # after: exit 1 on any loss

The snapshot holds, for every table of a model our addons define (found in
``ir_model_data``) and for every core table we add columns to, the ids of its
rows and, per row, the values of its key fields (name, state, links to
partner, company, product, lot, ticket, RMA, ...). The comparison fails when a
row is gone or a key value changed; renamed columns are compared under their
new name (RENAMED), renamed selection values through VALUE_MAP. Rows the new
version adds (new demo data, new models) are allowed.

Connection from DB_HOST/DB_PORT/DB_USER/DB_PASSWORD (scripts/pg.sh).
"""

import json
import os
import sys

import psycopg2

ADDONS = ("aftersales_service", "aftersales_rma", "aftersales_survey")

# Columns compared when a table has them.
KEY_COLUMNS = (
    "name",
    "state",
    "active",
    "partner_id",
    "company_id",
    "product_id",
    "lot_id",
    "ticket_id",
    "rma_id",
    "team_id",
    "stage_id",
    "user_id",
    "sale_order_id",
    "sale_line_id",
    "claim_id",
    "decision",
    "product_uom_qty",
    "quantity",
    "amount",
    "sla_status",
)

# 18.0.2.0.0: fields on core models start with aftersales_ (old -> new).
RENAMED = {
    "stock_warehouse": [
        "rma_loc_id",
        "rma_in_type_id",
        "rma_out_type_id",
        "rma_vendor_type_id",
    ],
    "stock_picking": ["rma_id", "supplier_claim_id"],
    "stock_move": ["rma_line_id", "supplier_claim_line_id"],
    "stock_scrap": ["rma_line_id"],
    "account_move": ["supplier_claim_id"],
    "account_move_line": ["rma_line_id"],
    "purchase_order": ["supplier_claim_id"],
    "purchase_order_line": ["supplier_claim_line_id"],
    "res_company": ["rma_send_authorisation_mail"],
}

# 18.0.2.0.0: one SLA vocabulary for tickets and RMAs.
VALUE_MAP = {("sla_status", "on_track"): "ongoing"}


def connect(dbname):
    return psycopg2.connect(
        host=os.environ.get("DB_HOST"),
        port=os.environ.get("DB_PORT"),
        user=os.environ.get("DB_USER"),
        password=os.environ.get("DB_PASSWORD"),
        dbname=dbname,
    )


def our_tables(cr):
    cr.execute(
        """SELECT DISTINCT m.model FROM ir_model m
             JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
            WHERE d.module IN %s AND NOT m.transient""",
        (ADDONS,),
    )
    ours = {model.replace(".", "_") for (model,) in cr.fetchall()}
    # core tables we add columns to
    cr.execute(
        """SELECT DISTINCT c.table_name FROM information_schema.columns c
             JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.column_name LIKE 'aftersales\\_%%'"""
    )
    extended = {name for (name,) in cr.fetchall()} | set(RENAMED)
    cr.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    )
    existing = {name for (name,) in cr.fetchall()}
    return sorted(ours & existing), sorted((extended - ours) & existing)


def columns(cr, table):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = %s""",
        (table,),
    )
    return {name for (name,) in cr.fetchall()}


def take(cr):
    snapshot = {}
    ours, extended = our_tables(cr)
    for table in ours + extended:
        cols = columns(cr, table)
        keys = sorted(
            c
            for c in cols
            if (table in ours and c in KEY_COLUMNS)
            or c in RENAMED.get(table, ())
            or (c.startswith("aftersales_") and not c.endswith("_count"))
        )
        select = ", ".join(f'"{c}"::text' for c in keys)
        cr.execute(f'SELECT id{", " + select if select else ""} FROM "{table}"')  # noqa: S608 - names from the catalog
        snapshot[table] = {
            "columns": keys,
            "rows": {str(row[0]): list(row[1:]) for row in cr.fetchall()},
        }
    return snapshot


def compare(cr, before):
    problems = []
    for table, data in sorted(before.items()):
        cols = columns(cr, table)
        if not cols:
            problems.append(f"{table}: table is gone")
            continue
        renamed = set(RENAMED.get(table, ()))
        now_cols = []
        for col in data["columns"]:
            if col in renamed and col not in cols:
                col = "aftersales_" + col
            now_cols.append(col if col in cols else None)
        missing = [
            old
            for old, new in zip(data["columns"], now_cols, strict=False)
            if new is None
        ]
        if missing:
            problems.append(f"{table}: columns gone: {', '.join(missing)}")
        select = ", ".join(f'"{c}"::text' if c else "NULL" for c in now_cols)
        cr.execute(f'SELECT id{", " + select if select else ""} FROM "{table}"')  # noqa: S608 - names from the catalog
        after = {str(row[0]): list(row[1:]) for row in cr.fetchall()}
        lost = sorted(set(data["rows"]) - set(after), key=int)
        if lost:
            problems.append(
                f"{table}: {len(lost)} rows gone (ids {', '.join(lost[:10])})"
            )
        changed = 0
        for rid, values in data["rows"].items():
            if rid not in after:
                continue
            for col, old, new, now_col in zip(
                data["columns"], values, after[rid], now_cols, strict=False
            ):
                if now_col is None:
                    continue
                if VALUE_MAP.get((col, old), old) != new:
                    changed += 1
                    if changed <= 5:
                        problems.append(
                            f"{table} id {rid}: {col} was {old!r}, is {new!r}"
                        )
        if changed > 5:
            problems.append(f"{table}: {changed} key values changed in all")
    return problems


def main(argv):
    if len(argv) != 4 or argv[1] not in ("take", "compare"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, dbname, path = argv[1:]
    with connect(dbname) as conn, conn.cursor() as cr:
        if mode == "take":
            snapshot = take(cr)
            with open(path, "w", encoding="utf-8") as out:
                json.dump(snapshot, out)
            rows = sum(len(t["rows"]) for t in snapshot.values())
            print(f"upgrade_snapshot: {len(snapshot)} tables, {rows} rows recorded")
            return 0
        with open(path, encoding="utf-8") as src:
            before = json.load(src)
        problems = compare(cr, before)
        rows = sum(len(t["rows"]) for t in before.values())
        for problem in problems:
            print(f"upgrade_snapshot: LOST: {problem}")
        if problems:
            return 1
        print(
            f"upgrade_snapshot: {len(before)} tables, {rows} rows kept with their "
            "key fields"
        )
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
