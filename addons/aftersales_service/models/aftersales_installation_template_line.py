# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .aftersales_installation_line import LINE_TYPES


class AftersalesInstallationTemplateLine(models.Model):
    """A line of a product's installation checklist or handover documents,
    copied into each installation of the product's units (INS-03/06)."""

    _name = "aftersales.installation.template.line"
    _description = "After-Sales Installation Checklist Template Line"
    _order = "product_tmpl_id, line_type, sequence, id"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(LINE_TYPES, default="check", required=True)
    name = fields.Char(string="Description", required=True, translate=True)
    expected_value = fields.Char(help="The value or range the check expects.")

    def _prepare_installation_line_vals(self, installation):
        self.ensure_one()
        return {
            "installation_id": installation.id,
            "sequence": self.sequence,
            "line_type": self.line_type,
            "name": self.with_context(
                lang=installation.partner_id.lang or self.env.lang
            ).name,
            "expected_value": self.expected_value,
        }
