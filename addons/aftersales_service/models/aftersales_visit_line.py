from odoo import fields, models


class AftersalesVisitLine(models.Model):
    """One piece of equipment on the service report; as many rows as needed
    (FLD-09)."""

    _name = "aftersales.visit.line"
    _description = "After-Sales Visit Equipment Line"
    _order = "visit_id, sequence, id"

    visit_id = fields.Many2one(
        "aftersales.visit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="visit_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", string="Equipment")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        domain="[('product_id', '=', product_id)]",
    )
    observation = fields.Text()
    action_taken = fields.Text()
