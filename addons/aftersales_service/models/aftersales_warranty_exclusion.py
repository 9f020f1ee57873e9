from odoo import fields, models


class AftersalesWarrantyExclusion(models.Model):
    """Reason why a unit under warranty is nevertheless charged (WTY-06)."""

    _name = "aftersales.warranty.exclusion"
    _description = "After-Sales Warranty Exclusion Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Empty means the reason is shared by every company."
    )
