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

    def test_other_company_rules_on_every_claim_and_rma_model(self):
        """Multi-company rules of RMA lines, claim lines, claim costs and the
        scorecard: a user of another company sees none of this company's."""
        claim = self._claim()
        claim.cost_ids = [
            (0, 0, {"cost_type": "freight", "name": "Courier", "amount": 10.0})
        ]
        claim.action_submit()
        other_company = self.env["res.company"].create({"name": "Other Co 2"})
        outsider = new_test_user(
            self.env,
            login="claim_outsider_all",
            groups="purchase.group_purchase_manager,"
            "aftersales_rma.group_rma_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        records = {
            "aftersales.rma": self.rma,
            "aftersales.rma.line": self.rma.line_ids,
            "aftersales.supplier.claim.line": claim.line_ids,
            "aftersales.supplier.claim.cost": claim.cost_ids,
        }
        for model, own in records.items():
            self.assertTrue(own, model)
            # this company's buyer / RMA user sees them ...
            self.assertEqual(self.env[model].search([("id", "in", own.ids)]), own)
            # ... the other company's user does not
            self.assertFalse(
                self.env[model].with_user(outsider).search([("id", "in", own.ids)]),
                model,
            )
        scorecard = self.env["aftersales.supplier.scorecard"]
        self.assertTrue(scorecard.search([("partner_id", "=", self.vendor.id)]))
        self.assertFalse(
            scorecard.with_user(outsider).search([("partner_id", "=", self.vendor.id)])
        )
