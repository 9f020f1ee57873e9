# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    aftersales_rma_line_id = fields.Many2one(
        "aftersales.rma.line", string="RMA Line", index=True
    )
    aftersales_supplier_claim_line_id = fields.Many2one(
        "aftersales.supplier.claim.line",
        string="Supplier Claim Line",
        index="btree_not_null",
        copy=False,
    )

    # ------------------------------------------------------------------
    # stock flow overrides
    # ------------------------------------------------------------------
    def _prepare_merge_moves_distinct_fields(self):
        # two RMA lines of the same product keep their own moves
        return super()._prepare_merge_moves_distinct_fields() + [
            "aftersales_rma_line_id"
        ]

    def _action_confirm(self, merge=True, merge_into=False):
        moves = super()._action_confirm(merge=merge, merge_into=merge_into)
        # repaired units come back with the serial that went out
        for move in moves.filtered(
            lambda m: m.aftersales_supplier_claim_line_id.lot_id
            and m.picking_code == "incoming"
        ):
            move.move_line_ids.lot_id = move.aftersales_supplier_claim_line_id.lot_id
        return moves

    def _action_assign(self, force_qty=False):
        """Reserve the RMA line's serial / lot for the unit going back, never
        whichever one came in first; other moves reserve as usual."""
        unit_moves = self._aftersales_rma_unit_moves()
        for move in unit_moves.filtered(
            lambda m: not m.picked
            and m.state in ("confirmed", "waiting", "partially_available")
        ):
            need = move.product_qty - sum(
                move.move_line_ids.mapped("quantity_product_uom")
            )
            move._update_reserved_quantity(
                need,
                move.location_id,
                lot_id=move.aftersales_rma_line_id.lot_id,
                strict=False,
            )
            move._recompute_state()
        return super(StockMove, self - unit_moves)._action_assign(force_qty=force_qty)

    # ------------------------------------------------------------------
    # business helpers
    # ------------------------------------------------------------------
    def _aftersales_customer(self):
        """Commercial partner the move delivered to or came back from."""
        self.ensure_one()
        return (self.picking_id.partner_id or self.partner_id).commercial_partner_id

    def _aftersales_rma_unit_moves(self):
        """Moves sending back (or to stock) the very unit the customer returned."""
        return self.filtered(
            lambda m: m.aftersales_rma_line_id.lot_id
            and m.product_id == m.aftersales_rma_line_id.product_id
            and (
                (
                    m.aftersales_rma_line_id.decision in ("return", "repair")
                    and m.picking_code == "outgoing"
                )
                or (
                    m.aftersales_rma_line_id.decision == "advance_replace"
                    and m.picking_code == "internal"
                )
            )
        )

    def _aftersales_reserve_claimed_lot(self):
        """Reserve the very lot / serial that is claimed, not the oldest one."""
        for move in self.filtered(
            lambda m: m.aftersales_supplier_claim_line_id.lot_id
            and m.state in ("confirmed", "waiting", "partially_available")
        ):
            move._update_reserved_quantity(
                move.product_qty,
                move.location_id,
                lot_id=move.aftersales_supplier_claim_line_id.lot_id,
                strict=False,
            )
            move._recompute_state()
