# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import new_test_user

from .common_delivery import RmaDeliveryCommon, validate_as


class TestRmaMultiStep(RmaDeliveryCommon):
    """RMAs on a warehouse receiving in 2 steps (input, then RMA location) and
    delivering in 3 (pick, pack, ship): every decision walks through every
    transfer, validated by the warehouse clerk, with the returned serial kept
    and the valuation of the one-step flow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse.write(
            {"reception_steps": "two_steps", "delivery_steps": "pick_pack_ship"}
        )
        cls.rma_loc = cls.warehouse.aftersales_rma_loc_id
        cls.input_loc = cls.warehouse.wh_input_stock_loc_id
        cls.pack_loc = cls.warehouse.wh_pack_stock_loc_id
        cls.output_loc = cls.warehouse.wh_output_stock_loc_id
        cls.wh_clerk = new_test_user(
            cls.env, login="rma_ms_wh_clerk", groups="stock.group_stock_user"
        )
        cls.rma_billing = new_test_user(
            cls.env,
            login="rma_ms_billing",
            groups="aftersales_service.group_aftersales_user,"
            "stock.group_stock_user,account.group_account_invoice,"
            "sales_team.group_sale_salesman_all_leads",
        )
        # the RMA clerk handles the customer's ticket, and resolves it
        cls.ticket.user_id = cls.rma_clerk
        cls.drive.standard_price = 50.0
        cls.product.standard_price = 30.0
        cls.sn_returned, cls.sn_other, cls.sn_stock = cls.serials

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _drive_rma(self, decision, **line_vals):
        rma = self._rma(
            [
                dict(
                    {
                        "product_id": self.drive.id,
                        "lot_id": self.sn_returned.id,
                        "product_uom_qty": 1.0,
                    },
                    **line_vals,
                )
            ],
            sale_order_id=self.order.id,
        )
        rma.line_ids.decision = decision
        rma.with_user(self.rma_clerk).action_confirm()
        return rma

    def _validate(self, picking):
        """Validate a transfer as the warehouse clerk."""
        return validate_as(self, picking, self.wh_clerk)

    def _open(self, pickings):
        return pickings.filtered(lambda p: p.state not in ("done", "cancel"))

    def _receive(self, rma, lot=None):
        """Customer -> Input, then Input -> RMA location: received only once
        the unit reaches the RMA location."""
        receipt = rma.in_picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(
            receipt.picking_type_id, self.warehouse.aftersales_rma_in_type_id
        )
        self.assertEqual(receipt.location_id.usage, "customer")
        self.assertEqual(receipt.location_dest_id, self.input_loc)
        self.assertEqual(receipt.group_id, rma.procurement_group_id)
        if lot:
            self.assertEqual(receipt.move_line_ids.lot_id, lot)
        state = rma.state
        self._validate(receipt)
        # in Input the unit is not in the RMA location yet
        self.assertEqual(rma.state, state)
        self.assertFalse(rma.line_ids.qty_received)
        store = self._open(rma.in_picking_ids)
        self.assertEqual(len(store), 1)
        self.assertEqual(store.picking_type_id, self.warehouse.store_type_id)
        self.assertEqual(store.location_id, self.input_loc)
        self.assertEqual(store.location_dest_id, self.rma_loc)
        self.assertEqual(store.aftersales_rma_id, rma)
        self.assertEqual(store.group_id, rma.procurement_group_id)
        if lot:
            self.assertEqual(store.move_line_ids.lot_id, lot)
        self._validate(store)
        self.assertEqual(rma.line_ids.qty_received, rma.line_ids.product_uom_qty)
        if lot:
            self.assertEqual(self._lot_location(lot), self.rma_loc)
        return receipt | store

    def _deliver(self, rma, source, lot=None):
        """Pick (source -> packing zone), pack (-> output), ship (-> customer):
        delivered, and the RMA's hooks fired, on the ship step only. Returns
        the lot that went out."""
        steps = [
            (self.warehouse.pick_type_id, source, self.pack_loc),
            (self.warehouse.pack_type_id, self.pack_loc, self.output_loc),
            (
                self.warehouse.aftersales_rma_out_type_id,
                self.output_loc,
                self.customers,
            ),
        ]
        for index, (picking_type, src, dest) in enumerate(steps):
            picking = self._open(rma.out_picking_ids)
            self.assertEqual(len(picking), 1)
            self.assertEqual(picking.picking_type_id, picking_type)
            self.assertEqual(picking.location_id, src)
            self.assertEqual(picking.location_dest_id, dest)
            self.assertEqual(picking.aftersales_rma_id, rma)
            self.assertEqual(picking.group_id, rma.procurement_group_id)
            self.assertEqual(picking.state, "assigned")
            if lot:
                self.assertEqual(picking.move_line_ids.lot_id, lot)
            lot = picking.move_line_ids.lot_id
            self.assertFalse(rma.line_ids.qty_delivered)
            self.assertNotEqual(rma.state, "done")
            # the pick and pack steps look up the push rule of the next step;
            # the ship step, reaching the customer, ends the chain: no lookup
            group_class = type(self.env["procurement.group"])
            with patch.object(
                group_class,
                "_get_push_rule",
                autospec=True,
                side_effect=group_class._get_push_rule,
            ) as lookup:
                self._validate(picking)
            looked_up_from = [call.args[2] for call in lookup.call_args_list]
            if index < len(steps) - 1:
                self.assertIn(dest, looked_up_from)
                self.assertFalse(rma.line_ids.qty_delivered)
            else:
                self.assertNotIn(self.customers, looked_up_from)
        self.assertEqual(len(rma.out_picking_ids), 3)
        return lot

    def _lot_location(self, lot):
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("quantity", ">", 0)]
        )
        return quants.location_id

    def _layers(self, rma):
        return rma.line_ids.sudo().move_ids.stock_valuation_layer_ids

    def _assert_unit_in_and_out(self, rma, cost):
        """As in one step: one layer in at the receipt from the customer, one
        out at the shipment to the customer; internal steps value nothing."""
        layers = self._layers(rma)
        self.assertEqual(len(layers), 2)
        layer_in = layers.filtered(lambda svl: svl.quantity > 0)
        layer_out = layers - layer_in
        self.assertEqual(layer_in.stock_move_id.location_id.usage, "customer")
        self.assertEqual(layer_in.quantity, 1.0)
        self.assertAlmostEqual(layer_in.value, cost)
        self.assertEqual(layer_out.stock_move_id.location_dest_id, self.customers)
        self.assertEqual(layer_out.quantity, -1.0)
        self.assertAlmostEqual(layer_out.value, -cost)

    # ------------------------------------------------------------------
    # set-up of the warehouse
    # ------------------------------------------------------------------
    def test_routes_follow_the_warehouse_steps(self):
        warehouse = self.warehouse
        self.assertEqual(
            warehouse.aftersales_rma_in_type_id.default_location_dest_id,
            self.input_loc,
        )
        in_rules = warehouse.aftersales_rma_in_route_id.rule_ids
        self.assertEqual(
            {(r.location_src_id, r.location_dest_id, r.action) for r in in_rules},
            {
                (self.customers, self.rma_loc, "pull"),
                (self.input_loc, self.rma_loc, "push"),
            },
        )
        self.assertEqual(len(warehouse.aftersales_rma_out_route_id.rule_ids), 3)
        # RMA routes are only followed when an RMA names them
        self.assertFalse(warehouse.aftersales_rma_out_route_id.warehouse_selectable)
        self.assertNotIn(warehouse.aftersales_rma_in_route_id, warehouse.route_ids)
        warehouse.write({"reception_steps": "one_step", "delivery_steps": "ship_only"})
        self.assertEqual(
            warehouse.aftersales_rma_in_type_id.default_location_dest_id, self.rma_loc
        )
        self.assertEqual(len(warehouse.aftersales_rma_in_route_id.rule_ids), 1)
        out_rule = warehouse.aftersales_rma_out_route_id.rule_ids
        self.assertEqual(out_rule.location_src_id, self.rma_loc)
        self.assertEqual(out_rule.picking_type_id, warehouse.aftersales_rma_out_type_id)

    # ------------------------------------------------------------------
    # decisions
    # ------------------------------------------------------------------
    def test_repair_keeps_the_serial_through_every_step(self):
        rma = self._drive_rma("repair")
        self._receive(rma, self.sn_returned)
        self.assertEqual(rma.state, "received")
        rma.with_user(self.rma_clerk).action_process()
        repair = rma.repair_ids
        self.assertEqual(repair.lot_id, self.sn_returned)
        self.assertFalse(rma.out_picking_ids)
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        lot = self._deliver(rma, self.rma_loc, self.sn_returned)
        self.assertEqual(lot, self.sn_returned)
        self.assertEqual(rma.line_ids.qty_delivered, 1.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self._lot_location(self.sn_returned), self.customers)
        # repaired and back: the sale line still counts the unit delivered
        self.assertEqual(self.drive_line.qty_delivered, 2.0)
        self._assert_unit_in_and_out(rma, 50.0)

    def test_return_as_is_ships_the_same_serial_back(self):
        rma = self._drive_rma("return")
        self._receive(rma, self.sn_returned)
        # another unit of the product waits in the RMA location: not this one
        self.env["stock.quant"]._update_available_quantity(
            self.drive, self.rma_loc, 1.0, lot_id=self.sn_stock
        )
        self.env["stock.quant"]._update_available_quantity(
            self.drive, self.warehouse.lot_stock_id, -1.0, lot_id=self.sn_stock
        )
        rma.with_user(self.rma_clerk).action_process()
        # a second click creates no second delivery
        rma.with_user(self.rma_clerk).action_process()
        lot = self._deliver(rma, self.rma_loc, self.sn_returned)
        self.assertEqual(lot, self.sn_returned)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self._lot_location(self.sn_stock), self.rma_loc)
        self.assertEqual(self.drive_line.qty_delivered, 2.0)
        self._assert_unit_in_and_out(rma, 50.0)

    def test_replace_ships_a_unit_from_stock(self):
        rma = self._drive_rma("replace")
        self._receive(rma, self.sn_returned)
        rma.with_user(self.rma_clerk).action_process()
        lot = self._deliver(rma, self.warehouse.lot_stock_id)
        # the replacement is the unit that was in stock, the same on each step
        self.assertEqual(lot, self.sn_stock)
        self.assertEqual(self._lot_location(self.sn_stock), self.customers)
        self.assertEqual(self._lot_location(self.sn_returned), self.rma_loc)
        self.assertEqual(rma.line_ids.qty_delivered, 1.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self.drive_line.qty_delivered, 2.0)
        self._assert_unit_in_and_out(rma, 50.0)

    def test_refund_counts_the_first_receipt_step_as_returned(self):
        self.product.invoice_policy = "delivery"
        self.ticket.user_id = self.rma_billing
        invoice = self.order._create_invoices()
        invoice.action_post()
        rma = self._rma(
            [{"product_id": self.product.id, "product_uom_qty": 1.0}],
            sale_order_id=self.order.id,
        )
        rma.line_ids.decision = "refund"
        rma.with_user(self.rma_clerk).action_confirm()
        moves = self._receive(rma).move_ids
        self.assertEqual(self.pump_line.qty_delivered, 3.0)
        rma.with_user(self.rma_billing).action_process()
        self.assertEqual(rma.line_ids.qty_refunded, 1.0)
        self.assertEqual(rma.state, "done")
        # the return Odoo counts on the sale line is the move leaving the
        # customer, once, not the internal step after it
        self.assertEqual(self.pump_line.qty_delivered, 2.0)
        self.assertEqual(self.pump_line.qty_to_invoice, 0.0)
        self.assertEqual(moves.filtered("sale_line_id").location_id.usage, "customer")
        layers = self._layers(rma)
        self.assertEqual(len(layers), 1)
        self.assertEqual(layers.quantity, 1.0)
        self.assertAlmostEqual(layers.value, 30.0)

    def test_scrap_from_the_rma_location(self):
        rma = self._drive_rma("scrap")
        self._receive(rma, self.sn_returned)
        rma.with_user(self.rma_clerk).action_process()
        scrap = rma.line_ids.scrap_ids
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.location_id, self.rma_loc)
        self.assertEqual(scrap.lot_id, self.sn_returned)
        self.assertEqual(rma.state, "done")
        self.assertFalse(rma.out_picking_ids)
        layers = self._layers(rma) | scrap.move_ids.stock_valuation_layer_ids
        self.assertEqual(sum(layers.mapped("quantity")), 0.0)
        self.assertAlmostEqual(
            sum(layers.filtered(lambda svl: svl.quantity > 0).mapped("value")), 50.0
        )

    def test_advance_replace_then_restock(self):
        rma = self._drive_rma("advance_replace")
        self.assertEqual(rma.state, "confirmed")
        # the spare ships at once, through pick, pack and ship
        lot = self._deliver(rma, self.warehouse.lot_stock_id)
        self.assertEqual(lot, self.sn_stock)
        self.assertEqual(rma.line_ids.qty_delivered, 1.0)
        self._receive(rma, self.sn_returned)
        self.assertFalse(rma.line_ids.is_settled)
        rma.line_ids.with_user(self.rma_clerk).action_faulty_unit_to_stock()
        restock = self._open(rma.picking_ids)
        self.assertEqual(len(restock), 1)
        self.assertEqual(restock.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(restock.location_id, self.rma_loc)
        self.assertEqual(restock.location_dest_id, self.warehouse.lot_stock_id)
        self.assertEqual(restock.move_line_ids.lot_id, self.sn_returned)
        self.assertEqual(restock.group_id, rma.procurement_group_id)
        self.assertNotIn(restock, rma.in_picking_ids | rma.out_picking_ids)
        self._validate(restock)
        self.assertEqual(rma.line_ids.qty_restocked, 1.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(
            self._lot_location(self.sn_returned), self.warehouse.lot_stock_id
        )
        # the spare out, the faulty unit in: the one-step layers
        self._assert_unit_in_and_out(rma, 50.0)

    def test_one_step_warehouse_keeps_one_receipt_and_one_delivery(self):
        self.warehouse.write(
            {"reception_steps": "one_step", "delivery_steps": "ship_only"}
        )
        rma = self._drive_rma("return")
        receipt = rma.in_picking_ids
        self.assertEqual(receipt.location_dest_id, self.rma_loc)
        self._validate(receipt)
        self.assertEqual(rma.state, "received")
        rma.with_user(self.rma_clerk).action_process()
        out = rma.out_picking_ids
        self.assertEqual(len(out), 1)
        self.assertEqual(out.picking_type_id, self.warehouse.aftersales_rma_out_type_id)
        self.assertEqual(out.location_id, self.rma_loc)
        self.assertEqual(out.move_line_ids.lot_id, self.sn_returned)
        self._validate(out)
        self.assertEqual(rma.state, "done")
        self.assertEqual(len(rma.picking_ids), 2)
        self._assert_unit_in_and_out(rma, 50.0)
