# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    rma_id = fields.Many2one("aftersales.rma", string="RMA", index=True)

    def _action_done(self):
        res = super()._action_done()
        self.rma_id._update_state_from_receipts()
        self.rma_id._try_done()
        return res


class StockMove(models.Model):
    _inherit = "stock.move"

    rma_line_id = fields.Many2one("aftersales.rma.line", string="RMA Line", index=True)


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    rma_line_id = fields.Many2one("aftersales.rma.line", string="RMA Line", index=True)
