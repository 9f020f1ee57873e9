# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Print the after-sales finance workbook and read it back with openpyxl;
shared by the tests of every addon that adds sheets to it."""

from datetime import timedelta
from io import BytesIO

import openpyxl

from odoo import fields
from odoo.tests import new_test_user

REPORT = "aftersales_service.action_report_finance_xlsx"


class FinanceWorkbookMixin:
    """Helpers to print the finance workbook and read it back."""

    @classmethod
    def _finance_user(cls, login="as_finance"):
        return new_test_user(
            cls.env,
            login=login,
            groups="account.group_account_manager,base.group_user",
            name="Finance",
        )

    def _wizard(self, user, **values):
        today = fields.Date.today()
        vals = {
            "date_from": today - timedelta(days=1),
            "date_to": today + timedelta(days=1),
        }
        vals.update(values)
        return self.env["aftersales.finance.report.wizard"].with_user(user).create(vals)

    def _workbook(self, wizard, report=REPORT):
        content, fmt = (
            self.env["ir.actions.report"]
            .with_user(wizard.env.user)
            ._render_xlsx(report, wizard.ids, None)
        )
        self.assertEqual(fmt, "xlsx")
        return (
            openpyxl.load_workbook(BytesIO(content)),
            openpyxl.load_workbook(BytesIO(content), data_only=True),
        )

    @staticmethod
    def _columns(sheet):
        return {cell.value: cell.column for cell in sheet[1]}

    @staticmethod
    def _rows(sheet):
        """Data rows as dicts by header, the total row excluded."""
        header = [cell.value for cell in sheet[1]]
        rows = []
        for row in sheet.iter_rows(min_row=2, values_only=True):
            if row[0] == "Total" or row[0] is None:
                break
            rows.append(dict(zip(header, row, strict=False)))
        return rows

    @staticmethod
    def _total_row(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "Total":
                return row
        raise AssertionError(f"no total row in {sheet.title}")

    @staticmethod
    def _summary(sheet):
        return {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
