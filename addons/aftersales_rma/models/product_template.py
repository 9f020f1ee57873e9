# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_rma_count = fields.Integer(
        string="RMA Count",
        compute="_compute_aftersales_rma_count",
        groups="aftersales_rma.group_rma_user",
    )

    def _compute_aftersales_rma_count(self):
        """RMAs returning any variant of the product, each counted once."""
        counts = dict(
            self.env["aftersales.rma.line"]._read_group(
                [("product_tmpl_id", "in", self.ids)],
                ["product_tmpl_id"],
                ["rma_id:count_distinct"],
            )
        )
        for template in self:
            template.aftersales_rma_count = counts.get(template, 0)

    def action_view_aftersales_rmas(self):
        self.ensure_one()
        return self.env["aftersales.rma"]._action_for_domain(
            [("line_ids.product_tmpl_id", "=", self.id)]
        )
