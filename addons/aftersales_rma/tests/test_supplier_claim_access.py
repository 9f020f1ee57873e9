# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user

from .supplier_claim_common import SupplierClaimCommon


class TestSupplierClaimAccess(SupplierClaimCommon):
    def test_purchase_user_claims_and_settles(self):
        line = self.rma.line_ids.with_user(self.buyer)
        line.action_claim_to_vendor()
        claim = line.supplier_claim_id
        self.assertTrue(claim)
        claim.action_submit()
        claim.action_create_vendor_refund()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.vendor_refund_ids.move_type, "in_refund")

    def test_aftersales_user_reads_only(self):
        claim = self._claim()
        claim.action_submit()
        as_user = claim.with_user(self.rma_user)
        self.assertEqual(as_user.state, "submitted")
        self.assertEqual(
            self.rma.line_ids.with_user(self.rma_user).supplier_claim_state,
            "submitted",
        )
        with self.assertRaises(AccessError):
            as_user.vendor_reference = "V-1"
        with self.assertRaises(AccessError):
            self.env["aftersales.supplier.claim"].with_user(self.rma_user).create(
                {"partner_id": self.vendor.id}
            )

    def test_other_company_cannot_see_claim(self):
        claim = self._claim()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="claim_outsider",
            groups="purchase.group_purchase_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        claims = self.env["aftersales.supplier.claim"].with_user(outsider)
        self.assertFalse(claims.search([("id", "=", claim.id)]))
        with self.assertRaises(AccessError):
            claims.browse(claim.id).read(["name"])

    def test_forms_open_for_each_role(self):
        """The claim, RMA and ticket forms load for after-sales users, who have
        no purchase or accounting rights, and for buyers."""
        self.ticket.user_id = self.rma_user
        claim = self._claim()
        claim.action_submit()
        claim.action_create_vendor_refund()
        claim.vendor_refund_ids.action_post()
        for user in (self.rma_user, self.buyer):
            form = Form(claim.with_user(user))
            self.assertEqual(form.state, "settled")
            Form(self.rma.with_user(user))
        Form(self.ticket.with_user(self.rma_user))
        Form(self.order.with_user(self.buyer))
        Form(self.vendor.with_user(self.buyer))

    def test_rma_manager_approves_over_credit(self):
        rma_manager = new_test_user(
            self.env,
            login="claim_rma_manager",
            groups="aftersales_rma.group_rma_manager,stock.group_stock_user",
        )
        claim = self._claim()
        claim.with_user(rma_manager).action_approve_over_credit()
        self.assertTrue(claim.over_credit_approved)
        with self.assertRaises(AccessError):
            claim.with_user(rma_manager).unlink()
