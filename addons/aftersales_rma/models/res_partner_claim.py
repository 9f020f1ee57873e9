# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Supplier-claim side of the model, apart from the RMA side (style guide:
# one file per responsibility).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_claim_requires_return = fields.Boolean(
        string="Claims Require Return",
        help="The vendor credits a claim only once the faulty units are back.",
    )
    aftersales_claim_days = fields.Integer(
        string="Claim Response Days",
        default=30,
        help="Days the vendor has to settle a claim after it is submitted.",
    )
    supplier_claim_count = fields.Integer(
        compute="_compute_supplier_claim_count",
        groups="purchase.group_purchase_user,aftersales_rma.group_rma_user",
    )

    def _compute_supplier_claim_count(self):
        groups = self.env["aftersales.supplier.claim"]._read_group(
            [("partner_id", "child_of", self.commercial_partner_id.ids)],
            ["partner_id"],
            ["__count"],
        )
        counts = {}
        for partner, count in groups:
            key = partner.commercial_partner_id.id
            counts[key] = counts.get(key, 0) + count
        for partner in self:
            partner.supplier_claim_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    def action_view_supplier_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_supplier_claim"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
