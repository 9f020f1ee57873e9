# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, models


class AftersalesRmaLine(models.Model):
    _inherit = "aftersales.rma.line"

    def _fill_origin(self):
        """Link each line to the sale line and delivered move it returns,
        where the RMA's sale order, delivery or the line's lot tell them."""
        for line in self.filtered(lambda rec: not rec.sale_line_id):
            order_lines = line.rma_id.sale_order_id.order_line.filtered(
                lambda sol, line=line: sol.product_id == line.product_id
                and not sol.display_type
            )
            if order_lines:
                line.sale_line_id = order_lines[0]
        lines = self.filtered(lambda rec: not rec.origin_move_id)
        lot_moves = self._delivered_lot_move_lines(lines.lot_id)
        for line in lines:
            customer = line.rma_id.partner_id.commercial_partner_id
            moves = line.rma_id.picking_id.move_ids.filtered(
                lambda m, line=line: m.state == "done"
                and m.product_id == line.product_id
            )
            if line.lot_id:
                moves = (
                    moves.filtered(lambda m, line=line: line.lot_id in m.lot_ids)
                    or lot_moves.filtered(
                        lambda ml, line=line, customer=customer: ml.lot_id
                        == line.lot_id
                        and ml.move_id._aftersales_customer() == customer
                    ).move_id
                )
            if not moves and line.sale_line_id:
                moves = line.sale_line_id.move_ids.filtered(
                    lambda m: m.state == "done"
                    and m.location_dest_id.usage == "customer"
                )
            if line.sale_line_id:
                moves = (
                    moves.filtered(
                        lambda m, line=line: m.sale_line_id == line.sale_line_id
                    )
                    or moves
                )
            if moves:
                line.origin_move_id = moves.sorted("date")[-1]
            if not line.sale_line_id and line.origin_move_id.sale_line_id:
                line.sale_line_id = line.origin_move_id.sale_line_id

    @api.model
    def _delivered_lot_move_lines(self, lots):
        """Done move lines that took or brought back these lots to or from a
        customer."""
        if not lots:
            return self.env["stock.move.line"]
        return self.env["stock.move.line"].search(
            [
                ("lot_id", "in", lots.ids),
                ("state", "=", "done"),
                "|",
                ("location_dest_id.usage", "=", "customer"),
                ("location_id.usage", "=", "customer"),
            ]
        )
