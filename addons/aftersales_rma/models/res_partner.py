# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_rma_count = fields.Integer(
        string="RMA Count",
        compute="_compute_aftersales_rma_count",
        groups="aftersales_rma.group_rma_user",
    )
    aftersales_claim_requires_return = fields.Boolean(
        string="Claims Require Return",
        help="The vendor credits a claim only once the faulty units are back.",
    )
    aftersales_claim_days = fields.Integer(
        string="Claim Response Days",
        default=30,
        help="Days the vendor has to settle a claim after it is submitted.",
    )
    aftersales_supplier_claim_count = fields.Integer(
        compute="_compute_aftersales_supplier_claim_count",
        groups="purchase.group_purchase_user,aftersales_rma.group_rma_user",
    )

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    def _compute_aftersales_rma_count(self):
        """RMAs of the partner's company, contacts included."""
        counts = dict(
            self.env["aftersales.rma"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.aftersales_rma_count = counts.get(partner.commercial_partner_id, 0)

    def _compute_aftersales_supplier_claim_count(self):
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
            partner.aftersales_supplier_claim_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_view_aftersales_rmas(self):
        self.ensure_one()
        return self.env["aftersales.rma"]._action_for_domain(
            [("commercial_partner_id", "=", self.commercial_partner_id.id)],
            {"default_partner_id": self.id},
        )

    def action_view_aftersales_supplier_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_supplier_claim"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
