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
    # Installation and acceptance (INS-01/03/06)
    aftersales_installation_required = fields.Boolean(
        string="Requires Installation",
        help="Delivering units of this product creates an installation order "
        "(安装调试单) grouping the units of the delivery.",
    )
    aftersales_installation_line_ids = fields.One2many(
        "aftersales.installation.template.line",
        "product_tmpl_id",
        string="Installation Checklist",
        help="Checks and handover documents copied into each installation.",
    )

    @api.constrains("aftersales_installation_required", "aftersales_track_equipment")
    def _check_aftersales_installation_required(self):
        for template in self:
            if (
                template.aftersales_installation_required
                and not template.aftersales_track_equipment
            ):
                raise ValidationError(
                    _(
                        "%(product)s asks for installation: track it as "
                        "equipment too, an installation installs units.",
                        product=template.display_name,
                    )
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
