# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    aftersales_rma_ids = fields.One2many(
        "aftersales.rma", "sale_order_id", string="After-Sales RMAs"
    )
    aftersales_rma_count = fields.Integer(
        string="RMA Count",
        compute="_compute_aftersales_rma_count",
        groups="aftersales_rma.group_rma_user",
    )

    def _compute_aftersales_rma_count(self):
        counts = dict(
            self.env["aftersales.rma"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.aftersales_rma_count = counts.get(order, 0)

    def action_open_aftersales_rma_wizard(self):
        """Open the wizard listing the delivered lines that can be returned."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(_("Only a confirmed sale order can be returned."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Create RMA"),
            "res_model": "aftersales.rma.sale.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_view_aftersales_rmas(self):
        self.ensure_one()
        return self.env["aftersales.rma"]._action_for_domain(
            [("sale_order_id", "=", self.id)],
            {
                "default_sale_order_id": self.id,
                "default_partner_id": self.partner_id.id,
            },
        )
