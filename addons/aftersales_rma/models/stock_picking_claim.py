# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    supplier_claim_id = fields.Many2one(
        "aftersales.supplier.claim",
        string="Supplier Claim",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )

    def _action_done(self):
        res = super()._action_done()
        claims = self.supplier_claim_id | self.purchase_id.supplier_claim_id
        claims._update_from_documents()
        return res


class StockMove(models.Model):
    _inherit = "stock.move"

    supplier_claim_line_id = fields.Many2one(
        "aftersales.supplier.claim.line",
        string="Supplier Claim Line",
        index="btree_not_null",
        copy=False,
    )

    def _reserve_claimed_lot(self):
        """Reserve the very lot / serial that is claimed, not the oldest one."""
        for move in self.filtered(
            lambda m: m.supplier_claim_line_id.lot_id
            and m.state in ("confirmed", "waiting", "partially_available")
        ):
            move._update_reserved_quantity(
                move.product_qty,
                move.location_id,
                lot_id=move.supplier_claim_line_id.lot_id,
                strict=False,
            )
            move._recompute_state()

    def _action_confirm(self, merge=True, merge_into=False):
        moves = super()._action_confirm(merge=merge, merge_into=merge_into)
        # repaired units come back with the serial that went out
        for move in moves.filtered(
            lambda m: m.supplier_claim_line_id.lot_id and m.picking_code == "incoming"
        ):
            move.move_line_ids.lot_id = move.supplier_claim_line_id.lot_id
        return moves
