# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    aftersales_rma_line_ids = fields.One2many(
        "aftersales.rma.line", "repair_id", readonly=True
    )

    def action_repair_done(self):
        """Once repaired, ship the unit of every RMA line back to the customer."""
        res = super().action_repair_done()
        lines = self.aftersales_rma_line_ids
        # an advance replacement's customer already has the spare
        lines.filtered(
            lambda line: line.decision != "advance_replace"
        )._process_return()
        lines.rma_id._try_done()
        return res
