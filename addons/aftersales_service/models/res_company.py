from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # The seeds disagree between companies: these are settings, with the
    # seeds' most common values as defaults (SLA-01, SLA-03, SLA-23).
    aftersales_repeat_days = fields.Integer(
        string="Repeat Repair Window (days)",
        default=90,
        help="A ticket is a repeat when another ticket of the same unit (or, "
        "without serial, of the same customer and product) was closed within "
        "this many days before it was reported.",
    )
    aftersales_followup_days = fields.Integer(
        string="Follow-up Call Delay (days)",
        default=3,
        help="Days after closing a ticket when the follow-up call (回访) is due.",
    )
    aftersales_sla_risk_percent = fields.Integer(
        string="SLA At-Risk Threshold (%)",
        default=20,
        help="A ticket is at risk when less than this share of the time to its "
        "next deadline is left.",
    )
