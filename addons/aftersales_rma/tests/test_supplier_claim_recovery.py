# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.xlsx_common import FinanceWorkbookMixin

from .supplier_claim_common import SupplierClaimCommon


@tagged("post_install", "-at_install")
class TestSupplierClaimRecovery(FinanceWorkbookMixin, SupplierClaimCommon):
    """One recovery rate: the claim form, the vendor scorecard and the
    finance workbook divide the same recovered amount (credit notes plus
    replaced units) by the same claimed amount over the same claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls._finance_user("recovery_finance")
        # claim 1: 2 units at 40.00, the vendor credits 25.00 a unit
        cls.credit_claim = cls._claim_of(cls.rma)
        cls.credit_claim.with_user(cls.buyer).action_submit()
        cls.credit_claim.with_user(cls.buyer).action_create_vendor_refund()
        refund = cls.credit_claim.vendor_refund_ids
        refund.with_user(cls.buyer).write(
            {
                "invoice_line_ids": [
                    Command.update(line.id, {"price_unit": 25.0})
                    for line in refund.invoice_line_ids
                ]
            }
        )
        refund.with_user(cls.buyer).action_post()
        # claim 2: 1 unit at 40.00, the vendor replaces it
        other_customer = cls.env["res.partner"].create({"name": "Second Customer"})
        other_ticket = cls.env["aftersales.ticket"].create(
            {
                "name": "Pump leaks",
                "partner_id": other_customer.id,
                "responsibility": "supplier",
            }
        )
        other_rma = cls._received_rma(
            other_ticket, other_customer, cls.product, cls.lot, 1.0
        )
        cls.replace_claim = cls._claim_of(other_rma)
        cls.replace_claim.with_user(cls.buyer).action_submit()
        cls.replace_claim.with_user(cls.buyer).action_request_replacement()
        receipt = cls.replace_claim.replacement_purchase_ids.picking_ids
        receipt.move_ids.move_line_ids.lot_id = cls.lot
        cls._validate(receipt)
        cls.claims = cls.credit_claim | cls.replace_claim
        cls.env.flush_all()

    @classmethod
    def _claim_of(cls, rma):
        rma.line_ids.action_claim_to_vendor()
        return rma.line_ids.supplier_claim_id

    def test_scorecard_and_workbook_give_the_claims_rate(self):
        self.assertNotEqual(self.credit_claim, self.replace_claim)
        # by hand: claimed 80 + 40, recovered 2 x 25 credited + 1 x 40 replaced
        self.assertAlmostEqual(self.credit_claim.claim_amount, 80.0)
        self.assertAlmostEqual(self.credit_claim.recovered_amount, 50.0)
        self.assertAlmostEqual(self.replace_claim.claim_amount, 40.0)
        self.assertAlmostEqual(self.replace_claim.recovered_amount, 40.0)
        by_hand = 100.0 * (50.0 + 40.0) / (80.0 + 40.0)
        self.assertAlmostEqual(self.claims._recovery_totals()[2], by_hand)

        groups = (
            self.env["aftersales.supplier.scorecard"]
            .with_user(self.purchase_manager)
            .read_group(
                [("claim_id", "in", self.claims.ids)],
                ["recovery_rate"],
                ["partner_id"],
            )
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["recovery_rate"], by_hand)

        wizard = self._wizard(self.finance, vendor_id=self.vendor.id)
        sheet = self._workbook(wizard)[1]["Supplier claims"]
        rows = {row["Claim"]: row for row in self._rows(sheet)}
        self.assertEqual(set(rows), set(self.claims.mapped("name")))
        for claim in self.claims:
            self.assertAlmostEqual(
                rows[claim.name]["Recovery rate"] * 100, claim.recovery_rate
            )
            self.assertAlmostEqual(
                rows[claim.name]["Recovered"], claim.recovered_amount
            )
        header = [cell.value for cell in sheet[1]]
        total = self._total_row(sheet)[header.index("Recovery rate")].value
        self.assertAlmostEqual(total * 100, by_hand)

    def test_cancelled_claims_count_nowhere(self):
        draft = self._claim_of(
            self._received_rma(self.ticket, self.customer, self.product, self.lot, 1.0)
        )
        draft.with_user(self.buyer).action_cancel()
        self.env.flush_all()
        self.assertEqual(draft.state, "cancelled")
        claims = self.claims | draft
        self.assertAlmostEqual(
            claims._recovery_totals()[2], self.claims._recovery_totals()[2]
        )
        groups = self.env["aftersales.supplier.scorecard"].read_group(
            [("claim_id", "in", claims.ids)], ["recovery_rate"], ["partner_id"]
        )
        self.assertAlmostEqual(groups[0]["recovery_rate"], 75.0)
        wizard = self._wizard(self.finance, vendor_id=self.vendor.id)
        rows = self._rows(self._workbook(wizard)[1]["Supplier claims"])
        self.assertNotIn(draft.name, [row["Claim"] for row in rows])
