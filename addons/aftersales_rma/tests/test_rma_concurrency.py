# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRmaConcurrency(TransactionCase):
    """Two users confirming returns of the same sale line at once, each in
    their own database transaction (two real cursors on committed data:
    a delivered sale line of the demo data). Both are rolled back."""

    def _delivered_line(self):
        line = self.env["sale.order.line"].search(
            [
                ("order_id.state", "=", "sale"),
                ("display_type", "=", False),
                ("qty_delivered", ">", 0),
                ("product_id.tracking", "=", "none"),
            ],
            order="id desc",
            limit=1,
        )
        self.assertTrue(line, "the demo data has a delivered sale line")
        return line

    @staticmethod
    def _confirm_return(env, line_id, qty):
        line = env["sale.order.line"].browse(line_id)
        order = line.order_id
        rma = env["aftersales.rma"].create(
            {
                "partner_id": order.partner_id.id,
                "sale_order_id": order.id,
                "warehouse_id": order.warehouse_id.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "product_uom_qty": qty,
                            "sale_line_id": line.id,
                            # a warranty repair: not bound by the return window
                            "decision": "repair",
                        }
                    )
                ],
            }
        )
        rma.with_context(mail_notrack=True).action_confirm()
        return rma

    def test_second_concurrent_return_of_the_same_line_is_refused(self):
        line = self._delivered_line()
        qty = line._aftersales_rma_returnable_qty()[line.id]
        self.assertGreater(qty, 0)
        registry = self.env.registry
        cr1, cr2 = registry.cursor(), registry.cursor()
        try:
            # never hang the test suite, whatever happens
            for cr in (cr1, cr2):
                cr.execute("SET LOCAL lock_timeout = '10s'")
            env1 = api.Environment(cr1, self.env.uid, {})
            env2 = api.Environment(cr2, self.env.uid, {})
            first = self._confirm_return(env1, line.id, qty)
            self.assertEqual(first.state, "confirmed")
            # the second user, while the first has not committed yet: both
            # would see the whole quantity as returnable
            with self.assertRaisesRegex(UserError, "try again"):
                self._confirm_return(env2, line.id, qty)
        finally:
            cr1.rollback()
            cr2.rollback()
            cr1.close()
            cr2.close()

    @staticmethod
    def _submit_claim(env, purchase_line_id):
        line = env["purchase.order.line"].browse(purchase_line_id)
        claim = env["aftersales.supplier.claim"].create(
            {
                "partner_id": line.partner_id.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "quantity": 1.0,
                            "purchase_line_id": line.id,
                        }
                    )
                ],
            }
        )
        claim.with_context(mail_notrack=True).action_submit()
        return claim

    def test_second_concurrent_claim_on_the_same_purchase_line_is_refused(self):
        line = self.env.ref("aftersales_rma.demo_claim_purchase_line")
        self.assertGreater(line.qty_received, 0)
        registry = self.env.registry
        cr1, cr2 = registry.cursor(), registry.cursor()
        try:
            for cr in (cr1, cr2):
                cr.execute("SET LOCAL lock_timeout = '10s'")
            env1 = api.Environment(cr1, self.env.uid, {})
            env2 = api.Environment(cr2, self.env.uid, {})
            first = self._submit_claim(env1, line.id)
            self.assertEqual(first.state, "submitted")
            with self.assertRaisesRegex(UserError, "try again"):
                self._submit_claim(env2, line.id)
        finally:
            cr1.rollback()
            cr2.rollback()
            cr1.close()
            cr2.close()
