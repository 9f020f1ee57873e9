from odoo import fields, models


class AftersalesEscalation(models.Model):
    """History of a ticket's escalations (CMP-07, CMP-09)."""

    _name = "aftersales.escalation"
    _description = "After-Sales Ticket Escalation"
    _order = "create_date desc, id desc"

    ticket_id = fields.Many2one(
        "aftersales.ticket", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Escalated By", default=lambda self: self.env.user
    )
    reason = fields.Text(required=True)
    from_team_id = fields.Many2one("aftersales.team", string="From Team")
    to_team_id = fields.Many2one("aftersales.team", string="To Team")
