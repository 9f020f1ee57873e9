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

    def action_view_aftersales_rmas(self):
        self.ensure_one()
        return self.env["aftersales.rma"]._action_for_domain(
            [("commercial_partner_id", "=", self.commercial_partner_id.id)],
            {"default_partner_id": self.id},
        )
