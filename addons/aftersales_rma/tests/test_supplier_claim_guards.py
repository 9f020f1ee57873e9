# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .supplier_claim_common import SupplierClaimCommon


class TestSupplierClaimGuards(SupplierClaimCommon):
    def _manual_claim(self, qty):
        return self.env["aftersales.supplier.claim"].create(
            {
                "partner_id": self.vendor.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "lot_id": self.lot.id,
                            "quantity": qty,
                            "purchase_line_id": self.pol.id,
                        },
                    )
                ],
            }
        )

    def test_claim_more_than_received_refused(self):
        claim = self._manual_claim(6.0)
        with self.assertRaisesRegex(UserError, r"Cannot claim 6 \S+ .*: 5 received"):
            claim.action_submit()
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.activity_ids)

    def test_claim_counts_other_claims(self):
        self._manual_claim(4.0).action_submit()
        second = self._manual_claim(2.0)
        with self.assertRaises(UserError):
            second.action_submit()
        self.assertEqual(second.state, "draft")

    def test_claim_by_lot_limited_to_lot_receipts(self):
        claim = self._manual_claim(6.0)
        claim.line_ids.purchase_line_id = False
        with self.assertRaisesRegex(UserError, "lot LOT-A"):
            claim.action_submit()

    def test_non_supplier_line_needs_reason(self):
        self.ticket.responsibility = "manufacturing"
        line = self.rma.line_ids
        self.assertFalse(line.supplier_responsible)
        with self.assertRaisesRegex(UserError, "give a reason"):
            line.action_claim_to_vendor()
        self.assertFalse(
            self.env["aftersales.supplier.claim"].search(
                [("partner_id", "=", self.vendor.id)]
            )
        )
        line.claim_reason = "The bought-in seal failed inside our pump"
        line.action_claim_to_vendor()
        self.assertTrue(line.supplier_claim_id)
        self.assertTrue(
            any("bought-in seal failed" in (m.body or "") for m in self.rma.message_ids)
        )

    def test_bought_in_failure_flag_allows_claim(self):
        self.ticket.responsibility = "manufacturing"
        self.rma.line_ids.bought_in_failure = True
        self.rma.line_ids.action_claim_to_vendor()
        self.assertTrue(self.rma.line_ids.supplier_claim_id)

    def test_line_claimed_twice_refused(self):
        self._claim()
        with self.assertRaises(UserError):
            self.rma.line_ids.action_claim_to_vendor()

    def test_over_credit_needs_manager_approval(self):
        claim = self._claim()
        claim.action_submit()
        claim.action_create_vendor_refund()
        refund = claim.vendor_refund_ids
        refund.invoice_line_ids.price_unit = 50.0
        with self.assertRaisesRegex(UserError, "approve"):
            refund.action_post()
        self.assertEqual(refund.state, "draft")
        self.assertEqual(claim.credited_amount, 0.0)
        with self.assertRaises(UserError):
            claim.with_user(self.buyer).action_approve_over_credit()
        claim.with_user(self.purchase_manager).action_approve_over_credit()
        refund.action_post()
        self.assertEqual(refund.state, "posted")
        self.assertAlmostEqual(claim.credited_amount, 100.0)

    def test_buyer_cannot_approve_over_credit_by_writing(self):
        """A 50 credit against a 25 claim line stays blocked when the buyer
        writes the approval instead of asking a manager."""
        claim = self._claim()
        claim.action_submit()
        claim.action_create_vendor_refund()
        refund = claim.vendor_refund_ids
        refund.invoice_line_ids.price_unit = 50.0
        with self.assertRaisesRegex(UserError, "buttons"):
            claim.with_user(self.buyer).write({"over_credit_approved": True})
        with self.assertRaisesRegex(UserError, "buttons"):
            claim.with_user(self.buyer).write({"state": "settled"})
        self.assertFalse(claim.over_credit_approved)
        with self.assertRaisesRegex(UserError, "approve"):
            refund.action_post()
        self.assertEqual(refund.state, "draft")

    def test_credit_before_return_refused_when_vendor_requires_it(self):
        self.vendor.aftersales_claim_requires_return = True
        claim = self._claim()
        claim.action_submit()
        with self.assertRaisesRegex(UserError, "requires the goods back"):
            claim.action_create_vendor_refund()
        self.assertFalse(claim.vendor_refund_ids)
        self.assertFalse(claim.settlement)
        claim.action_return_to_vendor()
        self._validate(claim.return_picking_ids)
        claim.action_create_vendor_refund()
        self.assertEqual(len(claim.vendor_refund_ids), 1)

    def test_close_with_draft_credit_note_refused(self):
        claim = self._claim()
        claim.action_submit()
        claim.action_create_vendor_refund()
        claim.vendor_refund_ids.action_post()
        self.assertEqual(claim.state, "settled")
        claim.vendor_refund_ids.button_draft()
        with self.assertRaisesRegex(UserError, "draft credit notes"):
            claim.action_close()
        self.assertEqual(claim.state, "settled")

    def test_reject_requires_reason(self):
        claim = self._claim()
        claim.action_submit()
        with self.assertRaisesRegex(UserError, "reason"):
            claim.action_reject()
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.settlement)

    def test_second_replacement_order_refused(self):
        claim = self._claim()
        claim.action_submit()
        claim.action_request_replacement()
        with self.assertRaises(UserError):
            claim.action_request_replacement()
        self.assertEqual(len(claim.replacement_purchase_ids), 1)

    # a claim is settled by credit or by replacement, both only up to the claim
    def test_credit_after_replacement_covers_only_the_extra_costs(self):
        claim = self._claim()
        claim.cost_ids = [
            (0, 0, {"cost_type": "freight", "name": "Freight", "amount": 30.0})
        ]
        claim = claim.with_user(self.buyer)
        claim.action_submit()
        claim.action_request_replacement()
        claim.action_create_vendor_refund()
        refund = claim.vendor_refund_ids
        self.assertEqual(len(refund.invoice_line_ids), 1)
        self.assertAlmostEqual(refund.amount_untaxed, 30.0)
        self.assertEqual(claim.settlement, "replacement")
        refund.action_post()
        self.assertEqual(refund.state, "posted")
        self.assertAlmostEqual(claim.credited_amount, 30.0)

    def test_nothing_to_credit_once_units_are_replaced(self):
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        claim.action_request_replacement()
        with self.assertRaisesRegex(UserError, "Nothing is left to credit"):
            claim.action_create_vendor_refund()
        self.assertFalse(claim.vendor_refund_ids)

    def test_replacement_after_full_credit_refused(self):
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        # the full credit note is prepared (a posted one settles the claim)
        claim.action_create_vendor_refund()
        with self.assertRaisesRegex(UserError, "settled twice"):
            claim.action_request_replacement()
        self.assertFalse(claim.replacement_purchase_ids)
        # a manager may approve settling beyond the claim
        claim.with_user(self.purchase_manager).action_approve_over_credit()
        claim.action_request_replacement()
        self.assertEqual(claim.replacement_purchase_ids.state, "purchase")
