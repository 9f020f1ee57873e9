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

    def _push_apply(self):
        """An RMA move delivering to the customer ends its chain: no push
        rule leaves a customer's location, so Odoo's lookup of one (the RMA
        route and the warehouse's routes, at the location and its parent:
        four searches per delivery) is left out for it."""
        delivered = self.filtered(
            lambda m: m.aftersales_rma_line_id
            and m.location_dest_id.usage == "customer"
            and not m.move_dest_ids
        )
        return super(StockMove, self - delivered)._push_apply()

    def _get_new_picking_values(self):
        """Pickings of RMA and supplier-claim moves, whichever step of the
        route created them, belong to their RMA / claim."""
        vals = super()._get_new_picking_values()
        rma = self.aftersales_rma_line_id.rma_id
        if len(rma) == 1:
            vals.update(rma._prepare_picking_vals())
        claim = self.aftersales_supplier_claim_line_id.claim_id
        if len(claim) == 1:
            vals.update(claim._prepare_picking_vals())
        return vals

    def _action_assign(self, force_qty=False):
        """Reserve the RMA line's serial / lot for the unit going back, and
        the claimed one for the unit returned to the vendor, never whichever
        one came in first; other moves reserve as usual."""
        claim_moves = self._aftersales_claim_unit_moves()
        claim_moves._aftersales_reserve_claimed_lot()
        unit_moves = (self - claim_moves)._aftersales_rma_unit_moves()
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
        return super(StockMove, self - unit_moves - claim_moves)._action_assign(
            force_qty=force_qty
        )

    # ------------------------------------------------------------------
    # business helpers
    # ------------------------------------------------------------------
    def _aftersales_update_equipment(self):
        """RMA moves move their units (repair, return, replacement); other
        deliveries create units as usual."""
        rma_moves = self.filtered("aftersales_rma_line_id")
        result = super(StockMove, self - rma_moves)._aftersales_update_equipment()
        rma_moves = rma_moves.filtered(
            lambda m: "customer" in (m.location_id.usage, m.location_dest_id.usage)
        )
        if rma_moves:
            self.env["aftersales.equipment"].sudo()._aftersales_follow_rma_moves(
                rma_moves
            )
        return result

    def _aftersales_customer(self):
        """Commercial partner the move delivered to or came back from."""
        self.ensure_one()
        return (self.picking_id.partner_id or self.partner_id).commercial_partner_id

    def _aftersales_rma_unit_moves(self):
        """Moves sending back (every delivery step) or to stock the very unit
        the customer returned."""
        return self.filtered(
            lambda m: m.aftersales_rma_line_id.lot_id
            and m.product_id == m.aftersales_rma_line_id.product_id
            and (
                (
                    m.aftersales_rma_line_id.decision in ("return", "repair")
                    and m._aftersales_is_rma_delivery()
                )
                or (
                    m.aftersales_rma_line_id.decision == "advance_replace"
                    and m._aftersales_is_rma_restock()
                )
            )
        )

    def _aftersales_claim_unit_moves(self):
        """Moves taking the claimed lot / serial out of the warehouse to the
        vendor."""
        return self.filtered(
            lambda m: m.aftersales_supplier_claim_line_id.lot_id
            and m.product_id == m.aftersales_supplier_claim_line_id.product_id
            and m.location_id.usage == "internal"
            and m.location_dest_id.usage == "supplier"
        )

    def _aftersales_is_rma_receipt(self):
        """The move is a step of the receipt of a returned unit: it comes from
        the customer, or follows (2- or 3-step reception) a move that does."""
        self.ensure_one()
        moves = self
        # a reception chain is a few steps long; the bound guards a loop
        for _step in range(10):
            if not moves:
                return False
            if any(m.location_id.usage == "customer" for m in moves):
                return True
            moves = moves.move_orig_ids
        return False

    def _aftersales_is_rma_delivery(self):
        """The move is a step of a delivery to the customer (pick, pack or
        ship), not of a receipt."""
        self.ensure_one()
        return (
            self.location_final_id or self.location_dest_id
        ).usage == "customer" and not self._aftersales_is_rma_receipt()

    def _aftersales_is_rma_restock(self):
        """The move takes a returned unit to an internal location (stock),
        outside the receipt and delivery chains."""
        self.ensure_one()
        return (
            self.location_dest_id.usage == "internal"
            and not self._aftersales_is_rma_delivery()
            and not self._aftersales_is_rma_receipt()
        )

    def _aftersales_is_last_step(self):
        """The move reaches the end of its chain: no further reception or
        delivery step follows it."""
        self.ensure_one()
        return not self.location_final_id or self.location_dest_id._child_of(
            self.location_final_id
        )

    def _aftersales_reserve_claimed_lot(self):
        """Reserve the very lot / serial that is claimed, not the oldest one."""
        for move in self.filtered(
            lambda m: m.aftersales_supplier_claim_line_id.lot_id
            and not m.picked
            and m.state in ("confirmed", "waiting", "partially_available")
        ):
            move._update_reserved_quantity(
                move.product_qty
                - sum(move.move_line_ids.mapped("quantity_product_uom")),
                move.location_id,
                lot_id=move.aftersales_supplier_claim_line_id.lot_id,
                strict=False,
            )
            move._recompute_state()
