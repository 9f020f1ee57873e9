# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _aftersales_customer(self):
        """Commercial partner the move delivered to or came back from."""
        self.ensure_one()
        return (self.picking_id.partner_id or self.partner_id).commercial_partner_id
