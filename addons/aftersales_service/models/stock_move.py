# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves.filtered(lambda m: m.state == "done")._aftersales_update_equipment()
        return moves

    # ------------------------------------------------------------------
    # business helpers
    # ------------------------------------------------------------------
    def _aftersales_update_equipment(self):
        """Follow the done moves ``self`` on the units in the field: every
        serial of an equipment product delivered to a customer gets its unit
        record (REC-07). The delivering user need not manage equipment, the
        record is the delivery's consequence. Other addons (returns) handle
        their own moves before calling ``super()``. Returns the units
        created."""
        delivered = self.filtered(
            lambda m: m.location_dest_id.usage == "customer"
            and m.product_id.aftersales_track_equipment
        )
        if not delivered:
            return self.env["aftersales.equipment"]
        equipment = (
            self.env["aftersales.equipment"]
            .sudo()
            ._aftersales_create_from_move_lines(delivered.move_line_ids)
        )
        # products that ask for installation: one installation order per
        # delivery grouping its new units (INS-01)
        self.env["aftersales.installation"].sudo()._aftersales_create_from_delivery(
            equipment, delivered.move_line_ids
        )
        return equipment
