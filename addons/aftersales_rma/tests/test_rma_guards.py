# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .common import RmaCommon


class TestRmaGuards(RmaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.categ_id = cls.env["product.category"].create(
            {"name": "AVCO returns", "property_cost_method": "average"}
        )
        cls.product.standard_price = 40.0
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 10.0
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 3.0})
                ],
            }
        )
        cls.order.action_confirm()
        delivery = cls.order.picking_ids
        delivery.move_ids.quantity = 3.0
        delivery.move_ids.picked = True
        delivery.button_validate()

    def _sale_rma(self, qty):
        return self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "sale_order_id": self.order.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": qty,
                            "sale_line_id": self.order.order_line.id,
                        },
                    )
                ],
            }
        )

    def test_return_within_delivered_qty(self):
        rma = self._sale_rma(3.0)
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")

    def test_return_more_than_delivered_refused(self):
        rma = self._sale_rma(4.0)
        with self.assertRaises(UserError):
            rma.action_confirm()
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.picking_ids)

    def test_return_counts_other_open_rmas(self):
        self._sale_rma(2.0).action_confirm()
        second = self._sale_rma(2.0)
        with self.assertRaises(UserError):
            second.action_confirm()
        self.assertFalse(second.picking_ids)

    def test_receipt_valued_at_original_delivery_cost(self):
        delivered_move = self.order.order_line.move_ids
        rma = self._sale_rma(2.0)
        rma.line_ids.origin_move_id = delivered_move
        rma.action_confirm()
        # the average cost moves after delivery: the return keeps the delivery cost
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse.lot_stock_id, 1.0
        )
        self.product.standard_price = 55.0
        receipt = rma.in_picking_ids
        receipt.move_ids.quantity = 2.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        layer = receipt.move_ids.stock_valuation_layer_ids
        self.assertEqual(layer.quantity, 2.0)
        self.assertAlmostEqual(layer.value, 80.0)
        self.assertEqual(rma.state, "received")
