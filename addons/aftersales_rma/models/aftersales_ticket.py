# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AftersalesTicket(models.Model):
    _inherit = "aftersales.ticket"

    rma_ids = fields.One2many("aftersales.rma", "ticket_id", string="RMAs")
    rma_count = fields.Integer(compute="_compute_rma_count")

    @api.depends("rma_ids")
    def _compute_rma_count(self):
        for ticket in self:
            ticket.rma_count = len(ticket.rma_ids)

    def action_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_rma"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
