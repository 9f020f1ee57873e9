# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_qty_to_invoice(self):
        """Invoiced on ordered quantities, an RMA refund credits units the
        customer gave back: they are not to be billed again. Odoo counts the
        credit note against ``qty_invoiced`` (ordered - invoiced would ask
        for them again); the units an RMA refunded leave the quantity to
        invoice. On delivered quantities the returned units already lower
        ``qty_delivered`` (RMA receipts count as returns)."""
        res = super()._compute_qty_to_invoice()
        lines = self.filtered(
            lambda line: line.id
            and line.state == "sale"
            and not line.display_type
            and line.product_id.invoice_policy == "order"
        )
        refunded = lines._aftersales_rma_refunded_qty() if lines else {}
        for line in lines:
            if refunded.get(line.id):
                line.qty_to_invoice -= refunded[line.id]
        return res

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    def _aftersales_rma_refunded_qty(self):
        """Quantity of each line credited by RMA credit notes that are not
        cancelled, in the line's unit: ``{sale_line_id: qty}``."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("aftersales_rma_line_id", "!=", False),
                    ("sale_line_ids", "in", self.ids),
                    ("parent_state", "!=", "cancel"),
                    ("move_id.move_type", "=", "out_refund"),
                ],
                ["sale_line_ids", "product_uom_id"],
                ["quantity:sum"],
            )
        )
        refunded = defaultdict(float)
        for sale_line, uom, qty in groups:
            if sale_line in self:
                refunded[sale_line.id] += (
                    uom._compute_quantity(qty, sale_line.product_uom) if uom else qty
                )
        return refunded

    def _aftersales_rma_returned_qty(self):
        """Quantity of each line already asked back by an RMA that is not
        cancelled, in the RMA lines' unit: ``{sale_line_id: qty}``."""
        groups = self.env["aftersales.rma.line"]._read_group(
            [
                ("sale_line_id", "in", self.ids),
                ("rma_id.state", "!=", "cancelled"),
            ],
            ["sale_line_id"],
            ["product_uom_qty:sum"],
        )
        return {sale_line.id: qty for sale_line, qty in groups}

    def _aftersales_rma_returnable_qty(self):
        """Delivered quantity still returnable, in each line's unit:
        ``{sale_line_id: qty}``. The same rule as the RMA confirmation guard
        and the sale order wizard (what went back outside an RMA and what
        other RMAs hold deducted, units sent back to the customer freed)."""
        left = self.env["aftersales.rma.line"]._get_sale_line_returnable_qty(self)
        return {
            line.id: max(
                line.product_id.uom_id._compute_quantity(
                    left[line], line.product_uom, round=False
                ),
                0.0,
            )
            for line in self
        }

    def _aftersales_rma_delivered_move_lines(self):
        """Done move lines that brought the goods of these lines to the customer."""
        return self.env["stock.move.line"].search(
            [
                ("move_id.sale_line_id", "in", self.ids),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "customer"),
            ]
        )

    def _aftersales_rma_returnable_lots(self):
        """Serials / lots delivered on each line and not asked back yet by an
        RMA that is not cancelled: ``{sale_line_id: stock.lot}``."""
        move_lines = self._aftersales_rma_delivered_move_lines().filtered("lot_id")
        taken = self.env["aftersales.rma.line"].search(
            [
                ("sale_line_id", "in", self.ids),
                ("lot_id", "!=", False),
                ("rma_id.state", "!=", "cancelled"),
                ("product_id.tracking", "=", "serial"),
            ]
        )
        taken_lots = defaultdict(lambda: self.env["stock.lot"])
        for rma_line in taken:
            taken_lots[rma_line.sale_line_id.id] |= rma_line.lot_id
        lots = defaultdict(lambda: self.env["stock.lot"])
        for move_line in move_lines:
            sale_line = move_line.move_id.sale_line_id
            if move_line.lot_id not in taken_lots[sale_line.id]:
                lots[sale_line.id] |= move_line.lot_id
        return lots
