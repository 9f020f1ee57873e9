from odoo import fields, models


class AftersalesCapaAction(models.Model):
    """A corrective or preventive action of a complaint (CMP-03, CMP-04)."""

    _name = "aftersales.capa.action"
    _description = "After-Sales Corrective / Preventive Action"
    _order = "ticket_id, date_deadline, id"

    ticket_id = fields.Many2one(
        "aftersales.ticket", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    action_type = fields.Selection(
        [("corrective", "Corrective"), ("preventive", "Preventive")],
        string="Type",
        required=True,
        default="corrective",
    )
    method = fields.Selection(
        [
            ("rework", "Rework"),
            ("repair", "Repair"),
            ("onsite", "On-site visit"),
            ("process", "Process change"),
            ("training", "Training"),
            ("other", "Other"),
        ],
        help="How the nonconformity is fixed (CMP-04).",
    )
    description = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, domain=[("share", "=", False)]
    )
    date_deadline = fields.Date(string="Due Date", required=True)
    done = fields.Boolean()
