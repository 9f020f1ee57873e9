from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_ticket_count = fields.Integer(
        string="After-Sales Tickets",
        compute="_compute_aftersales_ticket_count",
        groups="aftersales_service.group_aftersales_user",
    )

    def _compute_aftersales_ticket_count(self):
        commercial_partners = self.commercial_partner_id
        counts = dict(
            self.env["aftersales.ticket"]._read_group(
                [("commercial_partner_id", "in", commercial_partners.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.aftersales_ticket_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def action_view_aftersales_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_ticket"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action
