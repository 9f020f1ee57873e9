from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    aftersales_ticket_ids = fields.One2many(
        "aftersales.ticket", "sale_order_id", string="After-Sales Tickets"
    )
    aftersales_ticket_count = fields.Integer(
        compute="_compute_aftersales_ticket_count",
        groups="aftersales_service.group_aftersales_user",
    )

    def _compute_aftersales_ticket_count(self):
        counts = dict(
            self.env["aftersales.ticket"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.aftersales_ticket_count = counts.get(order, 0)

    def action_view_aftersales_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_ticket"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
