# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The RMA model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class AftersalesRmaLine(models.Model):
    """Stored copies of the RMA's fields so lines can be analysed."""

    _inherit = "aftersales.rma.line"

    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="rma_id.commercial_partner_id", string="Customer", store=True
    )
    rma_state = fields.Selection(
        related="rma_id.state", string="RMA Status", store=True
    )
    sla_status = fields.Selection(related="rma_id.sla_status", store=True)
    rma_date = fields.Datetime(
        related="rma_id.create_date", string="RMA Date", store=True
    )
