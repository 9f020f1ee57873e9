from odoo import fields, models


class AftersalesTicketEscalateWizard(models.TransientModel):
    _name = "aftersales.ticket.escalate.wizard"
    _description = "Escalate an After-Sales Ticket"

    ticket_id = fields.Many2one("aftersales.ticket", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id")
    ticket_team_id = fields.Many2one(related="ticket_id.team_id")
    reason = fields.Text(required=True)
    team_id = fields.Many2one(
        "aftersales.team",
        string="Move to Team",
        domain="[('company_id', '=', company_id), ('id', '!=', ticket_team_id)]",
        help="Leave empty to keep the team and flag the ticket for the managers.",
    )

    def action_escalate(self):
        self.ensure_one()
        self.ticket_id.action_escalate(self.reason, self.team_id)
        return {"type": "ir.actions.act_window_close"}
