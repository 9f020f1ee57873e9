# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    aftersales_supplier_claim_line_id = fields.Many2one(
        "aftersales.supplier.claim.line",
        string="Replacement for Claim Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
