# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUiNextStep(HttpCase):
    """'What do I do next', tested in a browser: the person who does the
    work walks each document from its first state to done through its form
    header, and the tour asserts at each state that the next action is a
    visible primary button (static/tests/tours/aftersales_rma_next_step_tours.js).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.customer = cls.env["res.partner"].create({"name": "Next Step Customer"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Next Step Pump",
                "is_storable": True,
                "list_price": 100.0,
                "standard_price": 40.0,
            }
        )
        cls.ticket = cls.env["aftersales.ticket"].create(
            {"name": "Next step: pump leaks", "partner_id": cls.customer.id}
        )

    def _url(self, action, record):
        return f"/odoo/action-{action}/{record.id}"

    def test_rma_next_steps(self):
        # the RMA user also receives the returned goods (the RMA fixtures'
        # rma_user); logins of 8+ characters: the password is the login
        user = new_test_user(
            self.env,
            login="tour_rma_user",
            groups="aftersales_service.group_aftersales_user,stock.group_stock_user",
            name="Tour RMA User",
        )
        # the ticket is neither the user's nor their team's: they cannot
        # read it, yet closing the RMA resolves it
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "line_ids": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": 1.0})
                ],
            }
        )
        self.start_tour(
            self._url("aftersales_rma.action_aftersales_rma", rma),
            "aftersales_next_step_rma",
            login=user.login,
        )
        self.assertEqual(rma.state, "done")
        self.assertEqual(rma.in_picking_ids.state, "done")
        self.assertEqual(rma.line_ids.decision, "scrap")
        self.assertEqual(rma.line_ids.scrap_ids.state, "done")
        self.assertTrue(rma.line_ids.is_settled)
        self.assertTrue(self.ticket.stage_id.is_resolved)

    def test_supplier_claim_next_steps(self):
        buyer = new_test_user(
            self.env,
            login="tour_claim_buyer",
            groups="purchase.group_purchase_user,stock.group_stock_user,"
            "account.group_account_invoice",
            name="Tour Buyer",
        )
        vendor = self.env["res.partner"].create(
            {"name": "Next Step Parts Ltd", "is_company": True}
        )
        order = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_qty": 3.0,
                            "price_unit": 40.0,
                            "taxes_id": [(5, 0, 0)],
                        },
                    )
                ],
            }
        )
        order.button_confirm()
        order.picking_ids.move_ids.picked = True
        order.picking_ids.button_validate()
        claim = self.env["aftersales.supplier.claim"].create(
            {
                "partner_id": vendor.id,
                "warehouse_id": self.warehouse.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "purchase_line_id": order.order_line.id,
                            "quantity": 1.0,
                        },
                    )
                ],
            }
        )
        self.start_tour(
            self._url("aftersales_rma.action_aftersales_supplier_claim", claim),
            "aftersales_next_step_supplier_claim",
            login=buyer.login,
        )
        self.assertEqual(claim.state, "closed")
        self.assertEqual(claim.settlement, "credit")
        self.assertEqual(claim.vendor_refund_ids.state, "posted")
        self.assertEqual(claim.vendor_refund_ids.move_type, "in_refund")
