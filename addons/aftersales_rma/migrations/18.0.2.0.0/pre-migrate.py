# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.2.0.0: fields we add to models we do not own start with ``aftersales_``.

OCA ``rma``/``rma_sale`` add fields of the same names to the same core models
(``stock.warehouse.rma_loc_id``, ``sale.order.rma_ids``, ...); with ours
unprefixed the two could not be installed in one database. The columns, the
field records and their xml ids are renamed before the registry loads the new
code, so every value (warehouse RMA locations and operation types, the links
of pickings, moves, scraps, credit notes and purchase orders to returns and
claims, the company's authorisation-mail setting) is kept.

RMAs share the tickets' SLA engine (aftersales.sla.mixin): the RMA's SLA
status had its own vocabulary, "On track" is now "Ongoing" as on tickets.
Stored statuses are renamed before the module loads its new selection, on
the RMAs and on the stored copy of their lines.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

RENAMED = {
    "stock.warehouse": [
        "rma_loc_id",
        "rma_in_type_id",
        "rma_out_type_id",
        "rma_vendor_type_id",
    ],
    "stock.picking": ["rma_id", "supplier_claim_id"],
    "stock.move": ["rma_line_id", "supplier_claim_line_id"],
    "stock.scrap": ["rma_line_id"],
    "sale.order": ["rma_ids"],
    "account.move": ["supplier_claim_id"],
    "account.move.line": ["rma_line_id"],
    "repair.order": ["rma_line_ids"],
    "purchase.order": ["supplier_claim_id", "supplier_claim_count"],
    "purchase.order.line": ["supplier_claim_line_id"],
    "res.partner": ["supplier_claim_count"],
    "res.company": ["rma_send_authorisation_mail"],
    "res.config.settings": ["rma_send_authorisation_mail"],
}


def _column_exists(cr, table, column):
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = %s AND column_name = %s""",
        (table, column),
    )
    return bool(cr.fetchone())


def rename_fields(cr, renamed=None, prefix="aftersales_"):
    """Rename each field's column (when it has one), its ``ir.model.fields``
    record and that record's xml id; return the (model, old, new) renamed."""
    done = []
    for model, names in (renamed or RENAMED).items():
        table = model.replace(".", "_")
        for old in names:
            new = prefix + old
            cr.execute(
                "SELECT id FROM ir_model_fields WHERE model = %s AND name = %s",
                (model, old),
            )
            row = cr.fetchone()
            if not row:
                continue
            if _column_exists(cr, table, old) and not _column_exists(cr, table, new):
                cr.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"')
            cr.execute(
                "UPDATE ir_model_fields SET name = %s WHERE id = %s", (new, row[0])
            )
            cr.execute(
                """UPDATE ir_model_data SET name = %s
                    WHERE module = 'aftersales_rma' AND model = 'ir.model.fields'
                      AND res_id = %s""",
                (f"field_{table}__{new}", row[0]),
            )
            done.append((model, old, new))
    return done


def rename_sla_statuses(cr):
    for table in ("aftersales_rma", "aftersales_rma_line"):
        if column_exists(cr, table, "sla_status"):
            cr.execute(
                SQL(
                    "UPDATE %s SET sla_status = 'ongoing' "
                    "WHERE sla_status = 'on_track'",
                    SQL.identifier(table),
                )
            )


def migrate(cr, version):
    if not version:
        return
    rename_fields(cr)
    rename_sla_statuses(cr)
