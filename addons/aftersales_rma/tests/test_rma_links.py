# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import RmaCommon


class TestRmaLinks(RmaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create(
            {"name": "RMA Contact", "parent_id": cls.customer.id}
        )
        cls.other_product = cls.env["product.product"].create(
            {"name": "RMA Valve", "is_storable": True}
        )
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
        cls.delivery = cls.order.picking_ids
        cls.delivery.move_ids.quantity = 3.0
        cls.delivery.move_ids.picked = True
        cls.delivery.button_validate()

    def _order_rma(self, partner=None, lines=None):
        return self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": (partner or self.customer).id,
                "sale_order_id": self.order.id,
                "picking_id": self.delivery.id,
                "line_ids": lines
                or [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1.0})],
            }
        )

    def _records_of(self, action):
        return self.env[action["res_model"]].search(action["domain"])

    def test_sale_order_counts_and_opens_its_rmas(self):
        rmas = self._order_rma() | self._order_rma()
        self._create_rma()  # without order
        self.assertEqual(self.order.aftersales_rma_count, 2)
        action = self.order.action_view_aftersales_rmas()
        self.assertEqual(self._records_of(action), rmas)
        self.assertEqual(action["context"]["default_sale_order_id"], self.order.id)

    def test_origin_delivery_counts_and_opens_its_rmas(self):
        rma = self._order_rma()
        self.assertEqual(self.delivery.aftersales_rma_count, 1)
        self.assertEqual(
            self._records_of(self.delivery.action_view_aftersales_rmas()), rma
        )
        # the RMA's own receipt is not an origin delivery
        rma.action_confirm()
        self.assertEqual(rma.in_picking_ids.aftersales_rma_count, 0)

    def test_partner_counts_rmas_of_its_contacts(self):
        rma_contact = self._order_rma(partner=self.contact)
        rma_company = self._create_rma()
        self.assertEqual(self.customer.aftersales_rma_count, 2)
        self.assertEqual(self.contact.aftersales_rma_count, 2)
        action = self.contact.action_view_aftersales_rmas()
        self.assertEqual(self._records_of(action), rma_contact | rma_company)
        stranger = self.env["res.partner"].create({"name": "Nobody"})
        self.assertEqual(stranger.aftersales_rma_count, 0)

    def test_product_counts_each_rma_once(self):
        both = [
            (0, 0, {"product_id": self.product.id, "product_uom_qty": 1.0}),
            (0, 0, {"product_id": self.product.id, "product_uom_qty": 1.0}),
        ]
        rma_twice = self._order_rma(lines=both)
        rma_once = self._create_rma()
        self._order_rma(
            lines=[(0, 0, {"product_id": self.other_product.id})],
        )
        template = self.product.product_tmpl_id
        self.assertEqual(template.aftersales_rma_count, 2)
        self.assertEqual(self.other_product.product_tmpl_id.aftersales_rma_count, 1)
        action = template.action_view_aftersales_rmas()
        self.assertEqual(self._records_of(action), rma_twice | rma_once)

    def test_rma_smart_buttons_open_its_documents(self):
        rma = self._create_rma(qty=1.0)
        rma.line_ids.decision = "return"
        rma.action_confirm()
        self.assertEqual(rma.receipt_count, 1)
        action = rma.action_view_receipts()
        self.assertEqual(action["res_id"], rma.in_picking_ids.id)
        self.assertEqual(action["res_model"], "stock.picking")
        receipt = rma.in_picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        rma.action_process()
        self.assertEqual(rma.delivery_count, 1)
        self.assertEqual(rma.action_view_deliveries()["res_id"], rma.out_picking_ids.id)
        ticket_action = rma.action_view_ticket()
        self.assertEqual(ticket_action["res_model"], "aftersales.ticket")
        self.assertEqual(ticket_action["res_id"], self.ticket.id)
        self.assertEqual(rma.repair_count, 0)
        self.assertEqual(rma.refund_count, 0)

    def test_several_repairs_open_in_a_list(self):
        rmas = self._create_rma(qty=1.0) | self._create_rma(qty=1.0)
        rma = rmas[0]
        rma.line_ids += self.env["aftersales.rma.line"].create(
            {"rma_id": rma.id, "product_id": self.other_product.id}
        )
        rma.line_ids.decision = "repair"
        rma.action_confirm()
        receipt = rma.in_picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        receipt.button_validate()
        rma.action_process()
        self.assertEqual(rma.repair_count, 2)
        action = rma.action_view_repairs()
        self.assertEqual(self._records_of(action), rma.repair_ids)

    def test_decision_summary_and_awaiting_decision(self):
        rma = self._create_rma(qty=1.0)
        rma.line_ids += self.env["aftersales.rma.line"].create(
            {"rma_id": rma.id, "product_id": self.other_product.id}
        )
        self.assertFalse(rma.decision)
        rma.action_confirm()
        receipt = rma.in_picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertTrue(rma.is_awaiting_decision)
        awaiting = self.env["aftersales.rma"].search(
            [("is_awaiting_decision", "=", True)]
        )
        self.assertIn(rma, awaiting)
        rma.line_ids[0].decision = "repair"
        self.assertEqual(rma.decision, "repair")
        self.assertTrue(rma.is_awaiting_decision)
        rma.line_ids[1].decision = "scrap"
        self.assertEqual(rma.decision, "mixed")
        self.assertFalse(rma.is_awaiting_decision)
        self.assertEqual(
            self.env["aftersales.rma"].search(
                [("id", "=", rma.id), ("line_ids.decision", "=", "scrap")]
            ),
            rma,
        )
