from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesVisitPart(models.Model):
    _name = "aftersales.visit.part"
    _description = "After-Sales Visit Part Used"
    _order = "visit_id, id"

    visit_id = fields.Many2one(
        "aftersales.visit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="visit_id.company_id", store=True)
    product_id = fields.Many2one("product.product", string="Part", required=True)
    lot_id = fields.Many2one("stock.lot", domain="[('product_id', '=', product_id)]")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")

    @api.constrains("quantity")
    def _check_quantity(self):
        for part in self:
            if part.quantity <= 0:
                raise ValidationError(
                    _(
                        "The quantity of %(part)s on visit %(visit)s must be positive.",
                        part=part.product_id.display_name,
                        visit=part.visit_id.name,
                    )
                )
