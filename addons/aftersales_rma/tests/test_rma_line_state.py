# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .common import RmaCommon


class TestRmaLineState(RmaCommon):
    """Line state, replacement specification and inspection fee."""

    def _received_rma(self, decision, **line_vals):
        rma = self._create_rma(qty=1.0)
        rma.line_ids.write(dict({"decision": decision}, **line_vals))
        rma.action_confirm()
        receipt = rma.in_picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        return rma

    def _deliver(self, rma):
        out = rma.out_picking_ids.filtered(lambda p: p.state != "done")
        out.move_ids.quantity = 1.0
        out.move_ids.picked = True
        out.button_validate()

    def test_line_state_follows_the_return(self):
        rma = self._create_rma(qty=1.0)
        line = rma.line_ids
        self.assertEqual(line.state, "draft")
        line.decision = "return"
        rma.action_confirm()
        self.assertEqual(line.state, "confirmed")
        receipt = rma.in_picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(line.state, "received")
        rma.action_process()
        self.assertEqual(line.state, "processing")
        self._deliver(rma)
        self.assertEqual(line.state, "done")

    def test_line_display_name_names_rma_product_and_serial(self):
        product = self.env["product.product"].create(
            {
                "name": "RMA Serial Pump",
                "default_code": "SP1",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        lot = self.env["stock.lot"].create({"name": "SN123", "product_id": product.id})
        rma = self._create_rma()
        rma.line_ids.write({"product_id": product.id, "product_uom_qty": 1.0})
        rma.line_ids.lot_id = lot
        line = rma.line_ids.with_user(self.rma_user)
        self.assertEqual(
            line.display_name, f"{rma.name} - [SP1] RMA Serial Pump (SN123)"
        )

    def test_cancelled_rma_cancels_its_lines(self):
        rma = self._create_rma(qty=1.0)
        rma.action_confirm()
        rma.action_cancel()
        self.assertEqual(rma.line_ids.state, "cancelled")

    def test_lower_spec_replacement_refused(self):
        cheaper = self.env["product.product"].create(
            {"name": "RMA Pump Lite", "is_storable": True, "list_price": 60.0}
        )
        rma = self._received_rma("replace", replacement_product_id=cheaper.id)
        with self.assertRaises(UserError) as error:
            rma.action_process()
        self.assertIn("higher specification", str(error.exception))
        self.assertFalse(rma.out_picking_ids)
        self.assertEqual(rma.line_ids.state, "received")

    def test_higher_spec_replacement_ships(self):
        better = self.env["product.product"].create(
            {
                "name": "RMA Pump Pro",
                "is_storable": True,
                "list_price": 150.0,
                "categ_id": self.product.categ_id.id,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            better, self.warehouse.lot_stock_id, 1.0
        )
        rma = self._received_rma("replace", replacement_product_id=better.id)
        rma.action_process()
        self.assertEqual(rma.out_picking_ids.move_ids.product_id, better)

    def test_inspection_fee_quoted_on_the_ticket(self):
        fee = self.env["product.product"].create(
            {"name": "Inspection fee", "type": "service", "list_price": 30.0}
        )
        self.env.company.aftersales_inspection_product_id = fee
        rma = self._received_rma("return", charge_inspection_fee=True)
        rma.action_process()
        order = self.env["sale.order"].search([("origin", "=", rma.name)])
        self.assertEqual(order.aftersales_ticket_id, self.ticket)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.order_line.product_id, fee)
        self.assertEqual(order.state, "draft")
        self.assertIn(order, self.ticket.quotation_ids)
        # the unit still goes back
        self.assertEqual(len(rma.out_picking_ids), 1)

    def test_inspection_fee_without_product_refused(self):
        self.env.company.aftersales_inspection_product_id = False
        rma = self._received_rma("return", charge_inspection_fee=True)
        with self.assertRaises(UserError):
            rma.action_process()
        self.assertFalse(rma.out_picking_ids)
        self.assertFalse(self.env["sale.order"].search([("origin", "=", rma.name)]))
