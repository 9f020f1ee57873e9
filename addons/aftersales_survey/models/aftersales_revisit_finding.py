from odoo import fields, models

FINDING_CATEGORIES = [
    ("design", "Design"),
    ("assembly", "Assembly"),
    ("process", "Process"),
    ("service", "Service"),
    ("other", "Other"),
]


class AftersalesRevisitFinding(models.Model):
    """An opinion collected on a revisit, classified as the seeds ask
    (design, assembly, process, SRV-03), plus service and other."""

    _name = "aftersales.revisit.finding"
    _description = "Revisit Finding"
    _order = "revisit_id, sequence, id"

    revisit_id = fields.Many2one(
        "aftersales.revisit", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    category = fields.Selection(FINDING_CATEGORIES, required=True, default="other")
    description = fields.Text(required=True)
    partner_id = fields.Many2one(related="revisit_id.partner_id", store=True)
    date = fields.Date(related="revisit_id.date_done", store=True)
    company_id = fields.Many2one(related="revisit_id.company_id", store=True)
