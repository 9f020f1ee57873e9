# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    rma_id = fields.Many2one("aftersales.rma", string="RMA", index=True)
    # RMAs returning goods of this delivery (their origin delivery)
    aftersales_rma_count = fields.Integer(
        string="RMA Count",
        compute="_compute_aftersales_rma_count",
        groups="aftersales_rma.group_rma_user",
    )

    def _compute_aftersales_rma_count(self):
        counts = dict(
            self.env["aftersales.rma"]._read_group(
                [("picking_id", "in", self.ids)], ["picking_id"], ["__count"]
            )
        )
        for picking in self:
            picking.aftersales_rma_count = counts.get(picking, 0)

    def action_view_aftersales_rmas(self):
        self.ensure_one()
        return self.env["aftersales.rma"]._action_for_domain(
            [("picking_id", "=", self.id)],
            {
                "default_picking_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_sale_order_id": self.sale_id.id,
            },
        )

    def _action_done(self):
        res = super()._action_done()
        self.rma_id._update_state_from_receipts()
        self.rma_id._try_done()
        return res


class StockMove(models.Model):
    _inherit = "stock.move"

    rma_line_id = fields.Many2one("aftersales.rma.line", string="RMA Line", index=True)

    def _prepare_merge_moves_distinct_fields(self):
        # two RMA lines of the same product keep their own moves
        return super()._prepare_merge_moves_distinct_fields() + ["rma_line_id"]

    def _rma_unit_moves(self):
        """Moves sending back (or to stock) the very unit the customer returned."""
        return self.filtered(
            lambda m: m.rma_line_id.lot_id
            and m.product_id == m.rma_line_id.product_id
            and (
                (
                    m.rma_line_id.decision in ("return", "repair")
                    and m.picking_code == "outgoing"
                )
                or (
                    m.rma_line_id.decision == "advance_replace"
                    and m.picking_code == "internal"
                )
            )
        )

    def _action_assign(self, force_qty=False):
        """Reserve the RMA line's serial / lot for the unit going back, never
        whichever one came in first; other moves reserve as usual."""
        unit_moves = self._rma_unit_moves()
        for move in unit_moves.filtered(
            lambda m: not m.picked
            and m.state in ("confirmed", "waiting", "partially_available")
        ):
            need = move.product_qty - sum(
                move.move_line_ids.mapped("quantity_product_uom")
            )
            move._update_reserved_quantity(
                need, move.location_id, lot_id=move.rma_line_id.lot_id, strict=False
            )
            move._recompute_state()
        return super(StockMove, self - unit_moves)._action_assign(force_qty=force_qty)


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    rma_line_id = fields.Many2one("aftersales.rma.line", string="RMA Line", index=True)
