# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_return_days = fields.Integer(
        related="company_id.aftersales_return_days", readonly=False
    )
    aftersales_max_repairs = fields.Integer(
        related="company_id.aftersales_max_repairs", readonly=False
    )
    aftersales_rma_send_authorisation_mail = fields.Boolean(
        related="company_id.aftersales_rma_send_authorisation_mail", readonly=False
    )
    aftersales_rma_decision_days = fields.Integer(
        related="company_id.aftersales_rma_decision_days", readonly=False
    )
    aftersales_rma_resolution_days = fields.Integer(
        related="company_id.aftersales_rma_resolution_days", readonly=False
    )
    aftersales_inspection_product_id = fields.Many2one(
        related="company_id.aftersales_inspection_product_id", readonly=False
    )
    aftersales_replacement_warranty = fields.Selection(
        related="company_id.aftersales_replacement_warranty", readonly=False
    )
