# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class AftersalesTicket(models.Model):
    _inherit = "aftersales.ticket"

    supplier_claim_ids = fields.Many2many(
        "aftersales.supplier.claim",
        compute="_compute_supplier_claim_ids",
        string="Supplier Claims",
    )

    @api.depends("rma_ids.line_ids.claim_line_ids")
    def _compute_supplier_claim_ids(self):
        for ticket in self:
            ticket.supplier_claim_ids = ticket.rma_ids.line_ids.claim_line_ids.claim_id
