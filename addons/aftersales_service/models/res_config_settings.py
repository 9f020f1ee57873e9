from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_repeat_days = fields.Integer(
        related="company_id.aftersales_repeat_days", readonly=False
    )
    aftersales_followup_days = fields.Integer(
        related="company_id.aftersales_followup_days", readonly=False
    )
    aftersales_sla_risk_percent = fields.Integer(
        related="company_id.aftersales_sla_risk_percent", readonly=False
    )
    aftersales_discount_approval_percent = fields.Float(
        related="company_id.aftersales_discount_approval_percent", readonly=False
    )
    aftersales_pricelist_id = fields.Many2one(
        related="company_id.aftersales_pricelist_id", readonly=False
    )
    aftersales_labour_product_id = fields.Many2one(
        related="company_id.aftersales_labour_product_id", readonly=False
    )
    aftersales_travel_product_id = fields.Many2one(
        related="company_id.aftersales_travel_product_id", readonly=False
    )
    aftersales_labour_cost_rate = fields.Monetary(
        related="company_id.aftersales_labour_cost_rate", readonly=False
    )
    aftersales_free_training_sessions = fields.Integer(
        related="company_id.aftersales_free_training_sessions", readonly=False
    )
    aftersales_training_product_id = fields.Many2one(
        related="company_id.aftersales_training_product_id", readonly=False
    )
    aftersales_maintenance_lead_days = fields.Integer(
        related="company_id.aftersales_maintenance_lead_days", readonly=False
    )
