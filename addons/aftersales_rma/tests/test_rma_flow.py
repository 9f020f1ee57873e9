# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from .common import RmaCommon


class TestRmaFlow(RmaCommon):
    def _receive(self, rma, qty):
        picking = rma.in_picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        res = picking.button_validate()
        if (
            isinstance(res, dict)
            and res.get("res_model") == "stock.backorder.confirmation"
        ):
            self.env["stock.backorder.confirmation"].with_context(
                **res["context"]
            ).create({}).process()
        return picking

    def test_sequence_and_groups(self):
        rma = self._create_rma()
        self.assertTrue(rma.name.startswith("RMA/"))
        self.assertTrue(self.rma_user.has_group("aftersales_rma.group_rma_user"))
        self.assertFalse(self.rma_user.has_group("aftersales_rma.group_rma_manager"))

    def test_confirm_creates_receipt(self):
        rma = self._create_rma()
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(len(rma.in_picking_ids), 1)
        move = rma.in_picking_ids.move_ids
        self.assertEqual(move.product_uom_qty, 2.0)
        self.assertEqual(
            move.location_id, self.env.ref("stock.stock_location_customers")
        )
        self.assertEqual(self.ticket.rma_count, 1)

    def test_partial_then_full_receipt(self):
        rma = self._create_rma()
        rma.action_confirm()
        self._receive(rma, 1.0)
        self.assertEqual(rma.line_ids.qty_received, 1.0)
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(len(rma.in_picking_ids), 2)
        self._receive(rma, 1.0)
        self.assertEqual(rma.line_ids.qty_received, 2.0)
        self.assertEqual(rma.state, "received")

    def test_cancel_after_receipt_refused(self):
        rma = self._create_rma()
        rma.action_confirm()
        self._receive(rma, 1.0)
        with self.assertRaises(UserError):
            rma.action_cancel()
        self.assertEqual(rma.state, "confirmed")

    def test_cancel_before_receipt(self):
        rma = self._create_rma()
        rma.action_confirm()
        rma.action_cancel()
        self.assertEqual(rma.state, "cancelled")
        self.assertEqual(rma.in_picking_ids.state, "cancel")

    def test_zero_quantity_refused(self):
        with self.assertRaises(ValidationError):
            self._create_rma(qty=0.0)

    def test_confirm_without_lines_refused(self):
        rma = self._create_rma()
        rma.line_ids.unlink()
        with self.assertRaises(UserError):
            rma.action_confirm()

    def test_process_before_receipt_refused(self):
        rma = self._create_rma()
        rma.line_ids.decision = "scrap"
        rma.action_confirm()
        with self.assertRaises(UserError):
            rma.action_process()
        self.assertFalse(rma.line_ids.scrap_ids)

    def test_scrap_decision_closes_rma_and_ticket(self):
        rma = self._create_rma()
        rma.action_confirm()
        self._receive(rma, 2.0)
        rma.line_ids.decision = "scrap"
        rma.action_process()
        scrap = rma.line_ids.scrap_ids
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.scrap_qty, 2.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(
            self.ticket.stage_id, self.env.ref("aftersales_service.stage_resolved")
        )

    def test_warehouse_clerk_receives_and_ships_back(self):
        """The warehouse clerk (Inventory user only, no after-sales rights)
        validates the RMA receipt and the delivery back; the RMA follows."""
        clerk = new_test_user(
            self.env, login="rma_wh_clerk", groups="stock.group_stock_user"
        )
        rma = self._create_rma()
        rma.action_confirm()
        receipt = rma.in_picking_ids.with_user(clerk)
        receipt.move_ids.quantity = 2.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(rma.state, "received")
        self.assertEqual(rma.line_ids.qty_received, 2.0)
        rma.line_ids.decision = "return"
        rma.action_process()
        self.assertEqual(rma.line_ids.qty_received, 2.0)
        # a second click creates no second delivery
        rma.action_process()
        self.assertEqual(len(rma.out_picking_ids), 1)
        out = rma.out_picking_ids.with_user(clerk)
        out.move_ids.quantity = 2.0
        out.move_ids.picked = True
        out.button_validate()
        self.assertEqual(rma.line_ids.qty_delivered, 2.0)
        self.assertEqual(rma.state, "done")

    def test_confirmed_rma_offers_receive_as_next_step(self):
        """The next step of a confirmed RMA is a primary button on the RMA
        itself, opening its receipt."""
        arch = self.env["aftersales.rma"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('name="action_view_receipts"', arch)
        self.assertIn('string="Receive"', arch)
        rma = self._create_rma()
        rma.action_confirm()
        action = rma.with_user(self.rma_user).action_view_receipts()
        self.assertEqual(action["res_id"], rma.in_picking_ids.id)

    def test_return_decision_delivers_back(self):
        rma = self._create_rma()
        rma.action_confirm()
        self._receive(rma, 2.0)
        rma.line_ids.decision = "return"
        rma.action_process()
        self.assertEqual(rma.state, "processing")
        out = rma.out_picking_ids
        self.assertEqual(len(out), 1)
        out.move_ids.quantity = 2.0
        out.move_ids.picked = True
        out.button_validate()
        self.assertEqual(rma.line_ids.qty_delivered, 2.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self.ticket.resolution_type, "no_fault_found")

    def test_kanban_columns_follow_the_workflow(self):
        self._create_rma().action_confirm()
        result = (
            self.env["aftersales.rma"]
            .with_user(self.rma_user)
            .web_read_group([], ["state"], ["state"])
        )
        self.assertEqual(
            [group["state"] for group in result["groups"]],
            ["draft", "confirmed", "received", "processing", "done", "cancelled"],
        )
