# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from io import BytesIO

import openpyxl

from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.xlsx_common import FinanceWorkbookMixin

from .supplier_claim_common import SupplierClaimCommon


@tagged("post_install", "-at_install")
class TestFinanceClaims(FinanceWorkbookMixin, SupplierClaimCommon):
    """Supplier claims in the finance workbook and the claims register:
    credited amounts come from posted vendor credit notes only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls._finance_user("claim_finance")
        cls.claim = cls._claim_for(cls.rma)
        cls.claim.action_submit()
        cls.claim.action_create_vendor_refund()

    @classmethod
    def _claim_for(cls, rma):
        rma.line_ids.action_claim_to_vendor()
        return rma.line_ids.supplier_claim_id

    def _claims_sheet(self):
        wizard = self._wizard(self.finance, vendor_id=self.vendor.id)
        return self._workbook(wizard)[1]["Supplier claims"]

    def test_draft_credit_note_is_not_credited(self):
        rows = self._rows(self._claims_sheet())
        self.assertEqual([r["Claim"] for r in rows], [self.claim.name])
        self.assertAlmostEqual(rows[0]["Claimed"], self.claim.claim_amount)
        self.assertAlmostEqual(rows[0]["Claimed"], 80.0)
        self.assertEqual(rows[0]["Credited"], 0)

    def test_posted_credit_note_from_the_ledger(self):
        self.claim.vendor_refund_ids.action_post()
        rows = self._rows(self._claims_sheet())
        self.assertAlmostEqual(rows[0]["Credited"], 80.0)
        self.assertAlmostEqual(rows[0]["Recovery rate"], 1.0)
        # numbers, never strings
        self.assertIsInstance(rows[0]["Claimed"], (int, float))

    def test_other_vendor_filtered_out(self):
        other = self.env["res.partner"].create({"name": "Other vendor"})
        self.vendor = other
        self.assertEqual(self._rows(self._claims_sheet()), [])

    def test_claims_register_print(self):
        action = self.env.ref("aftersales_rma.action_report_claim_register_xlsx")
        self.assertEqual(action.binding_model_id.model, "aftersales.supplier.claim")
        self.claim.vendor_refund_ids.action_post()
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            action.xml_id, self.claim.ids, None
        )
        sheet = openpyxl.load_workbook(BytesIO(content), data_only=True).active
        rows = self._rows(sheet)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["Vendor"], self.vendor.display_name)
        self.assertAlmostEqual(rows[0]["Credited"], 80.0)
        self.assertEqual(rows[0]["Quantity"], 2.0)
