from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_revisit_mode = fields.Selection(
        related="company_id.aftersales_revisit_mode", readonly=False
    )
