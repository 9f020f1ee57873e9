# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from io import BytesIO

import openpyxl

from odoo import fields
from odoo.tests import new_test_user, tagged

from .supplier_claim_common import SupplierClaimCommon


@tagged("post_install", "-at_install")
class TestFinanceClaims(SupplierClaimCommon):
    """Supplier claims in the finance workbook and the claims register:
    credited amounts come from posted vendor credit notes only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = new_test_user(
            cls.env,
            login="claim_finance",
            groups="account.group_account_manager,base.group_user",
        )
        cls.claim = cls._claim_for(cls.rma)
        cls.claim.action_submit()
        cls.claim.action_create_vendor_refund()

    @classmethod
    def _claim_for(cls, rma):
        rma.line_ids.action_claim_to_vendor()
        return rma.line_ids.supplier_claim_id

    def _claims_sheet(self):
        today = fields.Date.today()
        wizard = (
            self.env["aftersales.finance.report.wizard"]
            .with_user(self.finance)
            .create(
                {
                    "date_from": today - timedelta(days=1),
                    "date_to": today + timedelta(days=1),
                    "vendor_id": self.vendor.id,
                }
            )
        )
        content, _fmt = (
            self.env["ir.actions.report"]
            .with_user(self.finance)
            ._render_xlsx(
                "aftersales_service.action_report_finance_xlsx", wizard.ids, None
            )
        )
        book = openpyxl.load_workbook(BytesIO(content), data_only=True)
        return book["Supplier claims"]

    @staticmethod
    def _rows(sheet):
        header = [cell.value for cell in sheet[1]]
        return [
            dict(zip(header, row, strict=False))
            for row in sheet.iter_rows(min_row=2, values_only=True)
            if row[0] not in ("Total", None)
        ]

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
