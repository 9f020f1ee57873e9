from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_warranty_duration = fields.Integer(
        string="Warranty Duration",
        help="Length of the warranty (保修期); 0 means the product has no warranty.",
    )
    aftersales_warranty_unit = fields.Selection(
        [("day", "Days"), ("month", "Months"), ("year", "Years")],
        string="Warranty Unit",
        default="month",
        required=True,
    )
    aftersales_warranty_basis = fields.Selection(
        [
            ("delivery", "Delivery date"),
            ("invoice", "Invoice date"),
            ("sale", "Sale order date"),
            ("acceptance", "Signed acceptance"),
        ],
        string="Warranty Starts From",
        default="delivery",
        required=True,
    )
    aftersales_track_equipment = fields.Boolean(
        string="Track as Equipment",
        help="Each serial number delivered to a customer gets an equipment "
        "record (设备档案) that follows the unit in the field.",
    )

    @api.constrains("aftersales_warranty_duration")
    def _check_aftersales_warranty_duration(self):
        for template in self:
            if template.aftersales_warranty_duration < 0:
                raise ValidationError(
                    _(
                        "The warranty duration of %(product)s cannot be negative.",
                        product=template.display_name,
                    )
                )
