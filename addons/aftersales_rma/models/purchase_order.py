# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    aftersales_supplier_claim_id = fields.Many2one(
        "aftersales.supplier.claim",
        string="Replacement for Claim",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    aftersales_supplier_claim_count = fields.Integer(
        compute="_compute_aftersales_supplier_claim_count"
    )

    @api.depends("order_line")
    def _compute_aftersales_supplier_claim_count(self):
        groups = self.env["aftersales.supplier.claim.line"]._read_group(
            [("purchase_line_id.order_id", "in", self.ids)],
            ["claim_id"],
        )
        claims_by_order = {}
        for (claim,) in groups:
            for order in claim.purchase_order_ids:
                claims_by_order.setdefault(order.id, set()).add(claim.id)
        for order in self:
            order.aftersales_supplier_claim_count = len(
                claims_by_order.get(order.id, ())
            )

    def action_view_aftersales_supplier_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_supplier_claim"
        )
        action["domain"] = [("purchase_order_ids", "in", self.ids)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action
