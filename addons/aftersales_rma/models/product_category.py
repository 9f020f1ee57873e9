# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    aftersales_return_days = fields.Integer(
        string="Return Window (days)",
        help="Days after delivery during which products of this category can "
        "be returned without a manager's approval; 0 uses the parent "
        "category's window, else the company's.",
    )

    def _get_aftersales_return_days(self, company):
        """Return window of this category: its own, its nearest parent's, or
        the company default."""
        self.ensure_one()
        category = self
        while category:
            if category.aftersales_return_days:
                return category.aftersales_return_days
            category = category.parent_id
        return company.aftersales_return_days
