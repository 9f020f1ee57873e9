# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .supplier_claim_common import SupplierClaimCommon


class TestSupplierClaimRoutes(SupplierClaimCommon):
    """Units go back to the vendor and come back repaired through the
    warehouse's routes, with the claim's procurement group: from the RMA
    location or from stock (claims without an RMA receipt), back into the RMA
    location through the reception steps. The buyer does it all, the claimed
    serial stays the same through every step, and the valuation layers are
    those of the one-step flow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock = cls.warehouse.lot_stock_id
        cls.rma_loc = cls.warehouse.aftersales_rma_loc_id
        cls.input_loc = cls.warehouse.wh_input_stock_loc_id
        cls.vendor_loc = cls.vendor.property_stock_supplier
        cls.valve = cls.env["product.product"].create(
            {
                "name": "Claim Valve",
                "is_storable": True,
                "tracking": "serial",
                "standard_price": 60.0,
            }
        )
        # two serials in stock; the newer one is claimed, so reserving the
        # oldest (Odoo's default) would take the wrong unit
        cls._receive_purchase(cls.valve, 1.0, 60.0, "SN-V1")
        cls.valve_order = cls._receive_purchase(cls.valve, 1.0, 60.0, "SN-V2")
        cls.sn_other, cls.sn_claimed = cls.env["stock.lot"].search(
            [("product_id", "=", cls.valve.id)], order="name"
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _valve_line_vals(self):
        return {
            "product_id": self.valve.id,
            "lot_id": self.sn_claimed.id,
            "quantity": 1.0,
            "purchase_line_id": self.valve_order.order_line.id,
        }

    def _stock_claim(self):
        """A claim the buyer raises on a serial kept in stock (no RMA)."""
        claim = (
            self.env["aftersales.supplier.claim"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "warehouse_id": self.warehouse.id,
                    "line_ids": [(0, 0, self._valve_line_vals())],
                }
            )
        )
        claim.action_submit()
        return claim

    def _validate_as_buyer(self, picking):
        picking = picking.with_user(self.buyer)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def _open(self, claim):
        return claim.sudo().return_picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )

    def _lot_location(self, lot):
        """Internal location holding the lot / serial."""
        return (
            self.env["stock.quant"]
            .search(
                [
                    ("lot_id", "=", lot.id),
                    ("quantity", ">", 0),
                    ("location_id.usage", "=", "internal"),
                ]
            )
            .location_id
        )

    def _assert_posted(self, claim, picking):
        """The claim's chatter links the transfer it created."""
        self.assertTrue(
            any(picking.name in (m.body or "") for m in claim.sudo().message_ids),
            picking.name,
        )

    def _assert_claim_picking(self, picking, claim, picking_type, src, dest):
        self.assertEqual(picking.picking_type_id, picking_type)
        self.assertEqual(picking.location_id, src)
        self.assertEqual(picking.location_dest_id, dest)
        self.assertEqual(picking.aftersales_supplier_claim_id, claim)
        self.assertEqual(picking.group_id, claim.sudo().procurement_group_id)
        self.assertEqual(picking.partner_id, self.vendor)
        self.assertEqual(picking.origin, claim.name)

    def _return(self, claim, source, route):
        """The buyer sends the claim's units for repair: one Return to Vendor
        transfer from ``source``, by ``route``, reserving the claimed lot."""
        claim.action_send_for_repair()
        out = self._open(claim)
        self.assertEqual(len(out), 1)
        self._assert_claim_picking(
            out,
            claim,
            self.warehouse.aftersales_rma_vendor_type_id,
            source,
            self.vendor_loc,
        )
        self.assertEqual(out.move_ids.rule_id.route_id, route)
        self.assertEqual(out.state, "assigned")
        self.assertEqual(out.move_line_ids.lot_id, claim.line_ids.lot_id)
        self._assert_posted(claim, out)
        self._validate_as_buyer(out)
        self.assertEqual(claim.state, "returned")
        return out

    def _receive_repaired(self, claim, steps):
        """The buyer expects the repaired units back: vendor -> (Input ->)
        RMA location, the claimed lot on every step; settled once the vendor's
        delivery is received."""
        claim.action_receive_repaired()
        lot = claim.line_ids.lot_id
        received = self.env["stock.picking"]
        for index, (picking_type, src, dest) in enumerate(steps):
            picking = self._open(claim)
            self.assertEqual(len(picking), 1)
            self._assert_claim_picking(picking, claim, picking_type, src, dest)
            self.assertEqual(
                picking.move_ids.rule_id.route_id,
                self.warehouse.aftersales_rma_vendor_in_route_id,
            )
            self.assertEqual(picking.move_line_ids.lot_id, lot)
            if index == 0:
                self._assert_posted(claim, picking)
            self._validate_as_buyer(picking)
            self.assertEqual(claim.state, "settled")
            received |= picking
        self.assertFalse(self._open(claim))
        self.assertEqual(claim.line_ids.qty_recovered, claim.line_ids.quantity)
        return received

    def _assert_out_and_back(self, claim, cost):
        """One layer out to the vendor and one back from it, at the same
        cost; internal steps value nothing."""
        layers = claim.line_ids.sudo().move_ids.stock_valuation_layer_ids
        self.assertEqual(len(layers), 2)
        layer_in = layers.filtered(lambda svl: svl.quantity > 0)
        layer_out = layers - layer_in
        self.assertEqual(layer_out.stock_move_id.location_dest_id, self.vendor_loc)
        self.assertEqual(layer_in.stock_move_id.location_id, self.vendor_loc)
        self.assertAlmostEqual(layer_out.value, -cost)
        self.assertAlmostEqual(layer_in.value, cost)

    def _to_multi_step(self):
        self.warehouse.write(
            {"reception_steps": "two_steps", "delivery_steps": "pick_pack_ship"}
        )

    # ------------------------------------------------------------------
    # set-up of the warehouse
    # ------------------------------------------------------------------
    def test_vendor_routes_follow_the_warehouse_steps(self):
        warehouse = self.warehouse
        in_type = warehouse.aftersales_rma_in_type_id
        vendor_type = warehouse.aftersales_rma_vendor_type_id

        def rules(route):
            return {
                (r.location_src_id, r.location_dest_id, r.picking_type_id, r.action)
                for r in route.rule_ids
            }

        self.assertEqual(
            rules(warehouse.aftersales_rma_vendor_in_route_id),
            {(self.vendor_loc, self.rma_loc, in_type, "pull")},
        )
        self.assertEqual(
            rules(warehouse.aftersales_rma_vendor_stock_route_id),
            {(self.stock, self.vendor_loc, vendor_type, "pull")},
        )
        self._to_multi_step()
        self.assertEqual(
            rules(warehouse.aftersales_rma_vendor_in_route_id),
            {
                (self.vendor_loc, self.rma_loc, in_type, "pull"),
                (self.input_loc, self.rma_loc, warehouse.store_type_id, "push"),
            },
        )
        # returning to the vendor is one step whatever the delivery steps
        self.assertEqual(
            rules(warehouse.aftersales_rma_vendor_stock_route_id),
            {(self.stock, self.vendor_loc, vendor_type, "pull")},
        )
        warehouse.reception_steps = "three_steps"
        self.assertEqual(len(warehouse.aftersales_rma_vendor_in_route_id.rule_ids), 3)
        # only claims name these routes
        for route in (
            warehouse.aftersales_rma_vendor_in_route_id,
            warehouse.aftersales_rma_vendor_stock_route_id,
        ):
            self.assertFalse(route.warehouse_selectable)
            self.assertNotIn(route, warehouse.route_ids)

    # ------------------------------------------------------------------
    # one-step warehouse
    # ------------------------------------------------------------------
    def test_unit_in_stock_goes_to_vendor_and_back_one_step(self):
        claim = self._stock_claim()
        self._return(
            claim, self.stock, self.warehouse.aftersales_rma_vendor_stock_route_id
        )
        self.assertFalse(self._lot_location(self.sn_claimed))
        self.assertEqual(self._lot_location(self.sn_other), self.stock)
        self._receive_repaired(
            claim,
            [(self.warehouse.aftersales_rma_in_type_id, self.vendor_loc, self.rma_loc)],
        )
        self.assertEqual(self._lot_location(self.sn_claimed), self.rma_loc)
        self.assertEqual(claim.settlement, "repair_by_vendor")
        self._assert_out_and_back(claim, 60.0)

    def test_unit_in_rma_location_goes_to_vendor_and_back_one_step(self):
        claim = self._claim(self.rma.with_user(self.buyer))
        claim.action_submit()
        self._return(claim, self.rma_loc, self.warehouse.aftersales_rma_vendor_route_id)
        self._receive_repaired(
            claim,
            [(self.warehouse.aftersales_rma_in_type_id, self.vendor_loc, self.rma_loc)],
        )
        self.assertEqual(self._lot_qty(self.rma_loc), 2.0)
        self._assert_out_and_back(claim, 70.0)

    def test_each_unit_leaves_from_where_it_is(self):
        """A claim on a unit received on an RMA and on one kept in stock:
        each leaves by its own route, deterministically."""
        claim = self._claim(self.rma.with_user(self.buyer))
        claim.line_ids = [(0, 0, self._valve_line_vals())]
        claim.action_submit()
        claim.action_return_to_vendor()
        pickings = self._open(claim)
        self.assertEqual(len(pickings), 2)
        by_source = {p.location_id: p for p in pickings}
        self.assertEqual(set(by_source), {self.rma_loc, self.stock})
        self.assertEqual(
            by_source[self.rma_loc].move_ids.rule_id.route_id,
            self.warehouse.aftersales_rma_vendor_route_id,
        )
        self.assertEqual(by_source[self.rma_loc].move_line_ids.lot_id, self.lot)
        self.assertEqual(
            by_source[self.stock].move_ids.rule_id.route_id,
            self.warehouse.aftersales_rma_vendor_stock_route_id,
        )
        self.assertEqual(by_source[self.stock].move_line_ids.lot_id, self.sn_claimed)
        for picking in pickings:
            self.assertEqual(picking.group_id, claim.sudo().procurement_group_id)
            self._validate_as_buyer(picking)
        self.assertEqual(claim.state, "returned")

    def test_receiving_without_the_route_is_a_clear_error(self):
        claim = self._stock_claim()
        claim.action_send_for_repair()
        self._validate_as_buyer(self._open(claim))
        self.warehouse.aftersales_rma_vendor_in_route_id = False
        with self.assertRaisesRegex(UserError, "receive units back"):
            claim.action_receive_repaired()

    # ------------------------------------------------------------------
    # 2-step reception, 3-step delivery
    # ------------------------------------------------------------------
    def test_unit_in_stock_goes_to_vendor_and_back_multi_step(self):
        self._to_multi_step()
        claim = self._stock_claim()
        # to the vendor in one Return to Vendor step, no pick / pack
        self._return(
            claim, self.stock, self.warehouse.aftersales_rma_vendor_stock_route_id
        )
        received = self._receive_repaired(
            claim,
            [
                (
                    self.warehouse.aftersales_rma_in_type_id,
                    self.vendor_loc,
                    self.input_loc,
                ),
                (self.warehouse.store_type_id, self.input_loc, self.rma_loc),
            ],
        )
        self.assertEqual(received.move_ids.move_line_ids.lot_id, self.sn_claimed)
        self.assertEqual(self._lot_location(self.sn_claimed), self.rma_loc)
        self._assert_out_and_back(claim, 60.0)

    def test_unit_in_rma_location_goes_to_vendor_and_back_multi_step(self):
        self._to_multi_step()
        claim = self._claim(self.rma.with_user(self.buyer))
        claim.action_submit()
        self._return(claim, self.rma_loc, self.warehouse.aftersales_rma_vendor_route_id)
        self._receive_repaired(
            claim,
            [
                (
                    self.warehouse.aftersales_rma_in_type_id,
                    self.vendor_loc,
                    self.input_loc,
                ),
                (self.warehouse.store_type_id, self.input_loc, self.rma_loc),
            ],
        )
        self.assertEqual(self._lot_qty(self.rma_loc), 2.0)
        self._assert_out_and_back(claim, 70.0)
