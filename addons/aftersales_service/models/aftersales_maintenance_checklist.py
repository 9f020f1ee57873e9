# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesMaintenanceChecklist(models.Model):
    """Checklist template of a preventive maintenance (巡检/保养, FLD-15):
    the items to check and the readings to take, with what is expected."""

    _name = "aftersales.maintenance.checklist"
    _description = "After-Sales Maintenance Checklist"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the checklist between companies.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="For Product",
        help="The equipment model this checklist is written for (information).",
    )
    line_ids = fields.One2many(
        "aftersales.maintenance.checklist.line",
        "checklist_id",
        string="Items",
        copy=True,
    )
    line_count = fields.Integer(compute="_compute_line_count")

    def _compute_line_count(self):
        for checklist in self:
            checklist.line_count = len(checklist.line_ids)

    def _prepare_reading_vals_list(self):
        """Values of the visit readings this checklist asks for (without the
        visit): the items are copied, so a later change of the template does
        not rewrite the readings already taken."""
        self.ensure_one()
        return [line._prepare_reading_vals() for line in self.line_ids]
