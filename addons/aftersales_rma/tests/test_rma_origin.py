# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form

from .common_delivery import RmaDeliveryCommon


class TestRmaOrigin(RmaDeliveryCommon):
    def test_create_without_ticket_creates_tickets_in_batch(self):
        other = self.env["res.partner"].create({"name": "Walk-in Customer"})
        tickets_before = self.env["aftersales.ticket"].search_count([])
        from_order, from_partner = self.env["aftersales.rma"].create(
            [
                {
                    "sale_order_id": self.order.id,
                    "line_ids": [
                        (0, 0, {"product_id": self.product.id, "product_uom_qty": 1})
                    ],
                },
                {
                    "partner_id": other.id,
                    "line_ids": [(0, 0, {"product_id": self.product.id})],
                },
            ]
        )
        self.assertEqual(
            self.env["aftersales.ticket"].search_count([]), tickets_before + 2
        )
        return_type = self.env.ref("aftersales_service.ticket_type_return")
        # the sale order gives the customer, the sale line and the delivered move
        self.assertEqual(from_order.partner_id, self.customer)
        self.assertEqual(from_order.ticket_id.partner_id, self.customer)
        self.assertEqual(from_order.ticket_id.sale_order_id, self.order)
        self.assertEqual(from_order.ticket_id.ticket_type_id, return_type)
        self.assertEqual(from_order.ticket_id.product_id, self.product)
        self.assertEqual(from_order.line_ids.sale_line_id, self.pump_line)
        self.assertEqual(from_order.line_ids.origin_move_id, self.pump_move)
        self.assertEqual(from_partner.ticket_id.partner_id, other)
        self.assertNotEqual(from_partner.ticket_id, from_order.ticket_id)
        self.assertFalse(from_partner.line_ids.sale_line_id)

    def test_create_from_delivery_fills_order_and_lot_move(self):
        serial = self.serials[1]
        rma = self.env["aftersales.rma"].create(
            {
                "picking_id": self.delivery.id,
                "line_ids": [
                    (0, 0, {"product_id": self.drive.id, "lot_id": serial.id})
                ],
            }
        )
        self.assertEqual(rma.partner_id, self.customer)
        self.assertEqual(rma.sale_order_id, self.order)
        self.assertEqual(rma.warehouse_id, self.warehouse)
        self.assertEqual(rma.line_ids.origin_move_id, self.drive_move)
        self.assertEqual(rma.line_ids.sale_line_id, self.drive_line)
        self.assertEqual(rma.ticket_id.lot_id, serial)
        self.assertIn(self.delivery.name, rma.ticket_id.name)

    def test_lot_alone_finds_its_delivery(self):
        rma = self._rma([{"product_id": self.drive.id, "lot_id": self.serials[0].id}])
        self.assertEqual(rma.ticket_id, self.ticket)
        self.assertEqual(rma.line_ids.origin_move_id, self.drive_move)
        self.assertEqual(rma.line_ids.sale_line_id, self.drive_line)

    def test_ticket_button_opens_prefilled_rma(self):
        ticket = self.env["aftersales.ticket"].create(
            {
                "name": "Drive is noisy",
                "partner_id": self.customer.id,
                "sale_order_id": self.order.id,
                "sale_line_id": self.drive_line.id,
                "lot_id": self.serials[0].id,
            }
        )
        action = ticket.action_create_rma()
        self.assertEqual(action["res_model"], "aftersales.rma")
        form = Form(self.env["aftersales.rma"].with_context(**action["context"]))
        rma = form.save()
        self.assertEqual(rma.ticket_id, ticket)
        self.assertEqual(rma.partner_id, self.customer)
        self.assertEqual(rma.sale_order_id, self.order)
        self.assertEqual(rma.line_ids.product_id, self.drive)
        self.assertEqual(rma.line_ids.lot_id, self.serials[0])
        self.assertEqual(rma.line_ids.sale_line_id, self.drive_line)
        self.assertEqual(ticket.rma_count, 1)

    def test_ticket_takes_order_of_the_single_sale_line(self):
        rma = self.env["aftersales.rma"].create(
            {
                "partner_id": self.customer.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "sale_line_id": self.pump_line.id,
                        },
                    )
                ],
            }
        )
        self.assertEqual(rma.ticket_id.sale_order_id, self.order)
        self.assertEqual(rma.ticket_id.sale_line_id, self.pump_line)
        self.assertEqual(rma.line_ids.origin_move_id, self.pump_move)
