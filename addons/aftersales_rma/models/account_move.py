# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_supplier_claim_id = fields.Many2one(
        "aftersales.supplier.claim",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )

    def _post(self, soft=True):
        claims = self.filtered(
            lambda m: m.move_type == "in_refund"
        ).aftersales_supplier_claim_id
        claims._check_credit_within_claim()
        posted = super()._post(soft=soft)
        claims._update_from_documents()
        rma_refunds = posted.filtered(
            lambda m: m.move_type == "out_refund"
            and m.sudo().line_ids.aftersales_rma_line_id
        )
        if rma_refunds:
            self.env["aftersales.rma.line"]._settle_posted_refunds(rma_refunds)
        return posted
