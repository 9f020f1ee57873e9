from odoo import fields, models


class AftersalesTicketType(models.Model):
    _name = "aftersales.ticket.type"
    _description = "After-Sales Ticket Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code used by rules, e.g. 'complaint' or 'repair'.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    requires_quality_decision = fields.Boolean(
        help="Tickets of this type cannot be closed while the quality issue "
        "is still pending.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a ticket type must be unique."),
    ]
