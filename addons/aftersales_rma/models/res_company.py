# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    rma_send_authorisation_mail = fields.Boolean(
        string="Send RMA Authorisation E-mail",
        default=True,
        help="E-mail the customer the return instructions when an RMA is " "confirmed.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rma_send_authorisation_mail = fields.Boolean(
        related="company_id.rma_send_authorisation_mail", readonly=False
    )
