from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # The seeds disagree between companies: these are settings, with the
    # seeds' most common values as defaults (SLA-01, SLA-03, SLA-23).
    aftersales_repeat_days = fields.Integer(
        string="Repeat Repair Window (days)",
        default=90,
        help="A ticket is a repeat when another ticket of the same unit (or, "
        "without serial, of the same customer and product) was closed within "
        "this many days before it was reported.",
    )
    aftersales_followup_days = fields.Integer(
        string="Follow-up Call Delay (days)",
        default=3,
        help="Days after closing a ticket when the follow-up call (回访) is due.",
    )
    aftersales_sla_risk_percent = fields.Integer(
        string="SLA At-Risk Threshold (%)",
        default=20,
        help="A ticket is at risk when less than this share of the time to its "
        "next deadline is left.",
    )
    # Paid service (REP-01..03, FLD-08/11)
    aftersales_discount_approval_percent = fields.Float(
        string="Discount Approval Threshold (%)",
        default=10.0,
        help="A service quotation whose untaxed total is more than this share "
        "below the same lines at the service pricelist needs a manager's "
        "approval before it is sent or confirmed (REP-03).",
    )
    aftersales_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Default Service Pricelist",
        help="Prices of service quotations for teams without their own pricelist.",
    )
    aftersales_labour_product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        domain=[("type", "=", "service")],
        help="Service product quoted per labour hour.",
    )
    aftersales_travel_product_id = fields.Many2one(
        "product.product",
        string="Travel Product",
        domain=[("type", "=", "service")],
        help="Service product quoted for the technicians' travel.",
    )
    aftersales_labour_cost_rate = fields.Monetary(
        string="Labour Cost per Hour",
        currency_field="currency_id",
        help="Internal cost of one technician hour, stored on each work log "
        "for finance (FLD-11).",
    )
    # Installation and training (TRN-03)
    aftersales_free_training_sessions = fields.Integer(
        string="Free Training Sessions",
        default=1,
        help="Training sessions of an installation given free of charge; "
        "later sessions are quoted.",
    )
    aftersales_training_product_id = fields.Many2one(
        "product.product",
        string="Training Product",
        domain=[("type", "=", "service")],
        help="Service product quoted per hour of chargeable training.",
    )
    # Preventive maintenance (FLD-14)
    aftersales_maintenance_lead_days = fields.Integer(
        string="Maintenance Lead Time (days)",
        default=7,
        help="The scheduled action creates a maintenance visit this many days "
        "before it is due.",
    )
