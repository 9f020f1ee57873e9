from datetime import datetime, timedelta
from io import BytesIO

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon
from .xlsx_common import FinanceWorkbookMixin


class FinanceReportCase(FinanceWorkbookMixin, AftersalesCommon):
    """Finance workbook tests of the service addon."""


@tagged("post_install", "-at_install")
class TestFinanceReport(FinanceReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls._finance_user()
        cls.categ = cls.env["product.category"].create({"name": "Finance test"})
        cls.product.categ_id = cls.categ
        cls.service = cls.env["product.product"].create(
            {
                "name": "Repair service",
                "type": "service",
                "categ_id": cls.categ.id,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.company.aftersales_labour_cost_rate = 50.0
        cls.paid_ticket = cls._create_ticket(
            service_category="paid", product_id=cls.product.id
        )
        cls.warranty_ticket = cls._create_ticket(
            service_category="warranty", product_id=cls.product.id
        )
        # paid service quotation, confirmed and invoiced: 200 of revenue
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "aftersales_ticket_id": cls.paid_ticket.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.service.id,
                            "product_uom_qty": 2.0,
                            "price_unit": 100.0,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        cls.invoice = order._create_invoices()
        cls.invoice.action_post()
        # labour: 3 h paid (150) and 2 h warranty (100) at 50 / h
        cls.env["aftersales.work.log"].create(
            [
                {
                    "user_id": cls.technician.id,
                    "hours": 3.0,
                    "service_category": "paid",
                    "ticket_id": cls.paid_ticket.id,
                },
                {
                    "user_id": cls.technician.id,
                    "hours": 2.0,
                    "service_category": "warranty",
                    "ticket_id": cls.warranty_ticket.id,
                },
            ]
        )
        # an on-site visit of the warranty ticket with 80 of expenses
        now = fields.Datetime.now()
        cls.env["aftersales.visit"].create(
            {
                "ticket_id": cls.warranty_ticket.id,
                "user_ids": [Command.link(cls.technician.id)],
                "scheduled_start": now,
                "scheduled_end": now + timedelta(hours=2),
                "expense_ids": [
                    Command.create({"expense_type": "transport", "amount": 50.0}),
                    Command.create({"expense_type": "meal", "amount": 30.0}),
                ],
            }
        )
        # SLA: the paid ticket answered in time, the warranty ticket late
        cls.paid_ticket.first_response_date = cls.paid_ticket.response_deadline - (
            timedelta(hours=1)
        )
        cls.warranty_ticket.first_response_date = (
            cls.warranty_ticket.response_deadline + timedelta(hours=1)
        )

    def _our_wizard(self, user=None, **values):
        values.setdefault("team_id", self.team.id)
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("product_categ_id", self.categ.id)
        return self._wizard(user or self.finance, **values)

    def test_sheets_come_from_the_hook_in_order(self):
        formulas, _values = self._workbook(self._our_wizard())
        report = self.env["report.aftersales_service.finance_xlsx"]
        sheets = report._aftersales_finance_sheets_sorted()
        self.assertEqual(formulas.sheetnames, [s["title"][:31] for s in sheets])
        keys = [sheet["key"] for sheet in sheets]
        for key in ("summary", "cost_of_quality", "sla"):
            self.assertIn(key, keys)

    def test_hook_exchanges_named_sheets_and_amounts(self):
        """Sheets, cost columns and summary lines are dicts with names and a
        sequence, so an addon never relies on another's positions."""
        report = self.env["report.aftersales_service.finance_xlsx"]
        sheets = report._aftersales_finance_sheets()
        for sheet in sheets:
            self.assertEqual(set(sheet), {"key", "title", "sequence", "writer"})
        self.assertEqual(len({s["key"] for s in sheets}), len(sheets))
        sequences = [s["sequence"] for s in report._aftersales_finance_sheets_sorted()]
        self.assertEqual(sequences, sorted(sequences))
        columns = report._finance_cost_of_quality_columns()
        for column in columns:
            self.assertLessEqual(
                {"key", "title", "sequence", "provider", "sign", "in_summary"},
                set(column),
            )
        flt = self._our_wizard()._finance_filters()
        lines = report._finance_summary_amounts(flt)
        keys = [line["key"] for line in lines]
        self.assertEqual(len(keys), len(set(keys)), keys)
        self.assertEqual(
            [line["sequence"] for line in lines],
            sorted(line["sequence"] for line in lines),
        )
        summarised = {c["key"] for c in columns if c["in_summary"]}
        self.assertEqual(
            set(keys) - {"paid_service_revenue", "warranty_cost"}, summarised
        )

    def test_sheets_follow_the_installed_addons(self):
        """Any subset of our addons gives a workbook with its own sheets
        only (the test command also runs this with aftersales_service alone)."""
        installed = set(
            self.env["ir.module.module"]
            .search(
                [
                    ("name", "in", ("aftersales_rma", "aftersales_survey")),
                    ("state", "=", "installed"),
                ]
            )
            .mapped("name")
        )
        formulas, _values = self._workbook(self._our_wizard())
        names = formulas.sheetnames
        for sheet in ("Summary", "Cost of quality", "SLA compliance"):
            self.assertIn(sheet, names)
        self.assertEqual(
            "Refunds register" in names, "aftersales_rma" in installed, names
        )
        self.assertEqual(
            "Supplier claims" in names, "aftersales_rma" in installed, names
        )
        self.assertEqual(
            "Satisfaction" in names, "aftersales_survey" in installed, names
        )

    def test_summary_amounts_from_ledger_and_logs(self):
        formulas, values = self._workbook(self._our_wizard())
        summary = self._summary(values["Summary"])
        self.assertEqual(summary["A - Paid service"], 1)
        self.assertEqual(summary["C - Warranty service"], 1)
        self.assertEqual(summary["Total tickets"], 2)
        self.assertAlmostEqual(summary["Paid service revenue"], 200.0)
        # warranty: 2 h x 50 + 80 of visit expenses
        self.assertAlmostEqual(summary["Warranty cost"], 180.0)
        self.assertAlmostEqual(summary["Sales revenue of the period"], 200.0)
        self.assertAlmostEqual(summary["Net after-sales cost"], -20.0)
        self.assertAlmostEqual(summary["Net cost as % of sales revenue"], -0.1)
        # numbers, not strings, and the totals are formulas
        sheet = formulas["Summary"]
        by_item = {row[1].value: row[2] for row in sheet.iter_rows(min_row=2)}
        self.assertIsInstance(by_item["Paid service revenue"].value, int | float)
        self.assertTrue(by_item["Total tickets"].value.startswith("=SUM("))
        self.assertTrue(by_item["Net after-sales cost"].value.startswith("="))
        self.assertIn("#,##0.", by_item["Warranty cost"].number_format)
        self.assertEqual(
            by_item["Net cost as % of sales revenue"].number_format, "0.0%"
        )
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.auto_filter.ref)

    def test_paid_service_count_follows_revenue(self):
        """A ticket whose warranty is unknown is neither paid nor free: it is
        not counted as "A - Paid service"; the tickets the paid service
        revenue comes from are counted with the revenue's own rule."""
        unknown = self._create_ticket(product_id=self.product.id)
        self.assertEqual(unknown.product_id, self.product)
        self.assertEqual(unknown.warranty_state, "unknown")
        self.assertFalse(unknown.service_category)
        _formulas, values = self._workbook(self._our_wizard())
        summary = self._summary(values["Summary"])
        self.assertEqual(summary["A - Paid service"], 1)
        self.assertEqual(summary["Not determined (warranty unknown)"], 1)
        self.assertEqual(summary["Total tickets"], 3)
        self.assertEqual(summary["Tickets with paid service revenue"], 1)
        self.assertAlmostEqual(summary["Paid service revenue"], 200.0)
        # no invoiced paid work in the period: no revenue and no ticket
        self.invoice.button_draft()
        self.invoice.button_cancel()
        _formulas, values = self._workbook(self._our_wizard())
        summary = self._summary(values["Summary"])
        self.assertEqual(summary["Tickets with paid service revenue"], 0)
        self.assertAlmostEqual(summary["Paid service revenue"], 0.0)

    def test_paid_revenue_is_net_of_credit_notes(self):
        refund = self.invoice._reverse_moves()
        refund.invoice_line_ids.quantity = 1.0
        refund.action_post()
        _formulas, values = self._workbook(self._our_wizard())
        summary = self._summary(values["Summary"])
        self.assertAlmostEqual(summary["Paid service revenue"], 100.0)

    def test_cost_of_quality_labour_and_visit_expenses(self):
        formulas, values = self._workbook(self._our_wizard())
        rows = self._rows(values["Cost of quality"])
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["Product"], self.product.display_name)
        self.assertEqual(row["Product Category"], "Finance test")
        self.assertAlmostEqual(row["Labour"], 250.0)
        self.assertAlmostEqual(row["Visit expenses"], 80.0)
        self.assertAlmostEqual(row["Net cost"], 330.0)
        total = self._total_row(formulas["Cost of quality"])
        cols = self._columns(formulas["Cost of quality"])
        self.assertEqual(
            total[cols["Labour"] - 1].value,
            "=SUM({0}2:{0}2)".format(total[cols["Labour"] - 1].column_letter),
        )
        total_values = self._total_row(values["Cost of quality"])
        self.assertAlmostEqual(total_values[cols["Net cost"] - 1].value, 330.0)

    def test_sla_compliance_by_team_and_month(self):
        formulas, values = self._workbook(self._our_wizard())
        rows = self._rows(values["SLA compliance"])
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["Team"], "Test Team")
        self.assertIsInstance(row["Month"], datetime)
        self.assertEqual(row["Month"].day, 1)
        self.assertEqual(row["Records"], 2)
        self.assertEqual(row["Response met"], 1)
        self.assertEqual(row["Response breached"], 1)
        self.assertAlmostEqual(row["Response rate"], 0.5)
        total = self._total_row(values["SLA compliance"])
        cols = self._columns(values["SLA compliance"])
        self.assertAlmostEqual(total[cols["Response rate"] - 1].value, 0.5)
        self.assertTrue(
            self._total_row(formulas["SLA compliance"])[
                cols["Response rate"] - 1
            ].value.startswith("=IF(")
        )

    def test_sla_compliance_counts_the_stored_outcomes(self):
        """The workbook counts what the SLA engine stored on the tickets, not
        a rule of its own on the dates."""
        tickets = self.paid_ticket | self.warranty_ticket
        self.assertEqual(tickets.mapped("sla_response_outcome"), ["met", "breached"])
        # stored as breached although answered before its deadline
        self.paid_ticket.sla_response_outcome = "breached"
        self.warranty_ticket.sla_resolution_outcome = "met"
        _formulas, values = self._workbook(self._our_wizard())
        row = self._rows(values["SLA compliance"])[0]
        stored = {
            (target, outcome): len(
                tickets.filtered(lambda t, f=target, o=outcome: t[f] == o)
            )
            for target in ("sla_response_outcome", "sla_resolution_outcome")
            for outcome in ("met", "breached")
        }
        self.assertEqual(row["Response met"], 0)
        self.assertEqual(
            row["Response breached"], stored["sla_response_outcome", "breached"]
        )
        self.assertEqual(row["Response breached"], 2)
        self.assertEqual(row["Resolution met"], stored["sla_resolution_outcome", "met"])
        self.assertEqual(row["Resolution met"], 1)
        self.assertEqual(
            row["Resolution breached"], stored["sla_resolution_outcome", "breached"]
        )

    def test_filters_exclude_other_team_and_customer(self):
        other_team = self.env["aftersales.team"].create({"name": "Other"})
        _f, values = self._workbook(self._our_wizard(team_id=other_team.id))
        summary = self._summary(values["Summary"])
        self.assertEqual(summary["Total tickets"], 0)
        self.assertAlmostEqual(summary["Warranty cost"], 0.0)
        self.assertEqual(self._rows(values["Cost of quality"]), [])

    def test_plain_user_is_refused(self):
        with self.assertRaises(AccessError):
            self._our_wizard(user=self.technician)
        wizard = self._our_wizard()
        with self.assertRaises(AccessError):
            self.env["report.aftersales_service.finance_xlsx"].with_user(
                self.technician
            ).with_context(active_model=wizard._name).create_xlsx_report(
                wizard.ids, None
            )

    def test_after_sales_manager_may_print(self):
        manager = new_test_user(
            self.env,
            login="as_fin_manager",
            groups="aftersales_service.group_aftersales_manager",
        )
        _f, values = self._workbook(self._our_wizard(user=manager))
        self.assertAlmostEqual(
            self._summary(values["Summary"])["Paid service revenue"], 200.0
        )

    def test_dates_in_wrong_order_are_refused(self):
        today = fields.Date.today()
        wizard = self._our_wizard(date_from=today, date_to=today - timedelta(days=3))
        with self.assertRaises(UserError):
            wizard.action_print_xlsx()

    def test_other_company_is_refused_and_excluded(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        with self.assertRaises(AccessError):
            self._our_wizard(company_ids=[Command.set(other.ids)]).action_print_xlsx()
        # tickets of another company never count in this company's report
        self.env["aftersales.ticket"].create(
            self._ticket_vals(company_id=other.id, team_id=False)
        )
        _f, values = self._workbook(self._our_wizard(team_id=False))
        self.assertEqual(self._summary(values["Summary"])["Total tickets"], 2)

    def test_ticket_register_print(self):
        action = self.env.ref("aftersales_service.action_report_ticket_register_xlsx")
        self.assertEqual(action.binding_model_id.model, "aftersales.ticket")
        tickets = self.paid_ticket | self.warranty_ticket
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            action.xml_id, tickets.ids, None
        )
        book = openpyxl.load_workbook(BytesIO(content), data_only=True)
        rows = self._rows(book.active)
        self.assertEqual(
            {r["Reference"] for r in rows}, set(tickets.mapped("reference"))
        )
        self.assertIsInstance(rows[0]["Reported On"], datetime)
        self.assertEqual(self._total_row(book.active)[13].value, 2)

    def test_first_export_opens_no_layout_configurator(self):
        """On a fresh database (no document layout chosen yet) an
        administrator's first export still downloads the workbook."""
        self.env.company.external_report_layout_id = False
        admin = self.env.ref("base.user_admin")
        admin.groups_id |= self.finance.groups_id
        self.assertTrue(admin.has_group("base.group_system"))
        action = self._our_wizard(admin).action_print_xlsx()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "xlsx")

    def test_sheets_print_on_a4_fitted_to_width(self):
        """Every sheet prints as people read it: A4, one page wide, its
        header row on every page, the used range as print area; wide sheets
        in landscape; text columns as wide as their longest value."""
        long_name = "Cabinet air conditioner with very long model name 300"
        self.product.name = long_name
        formulas, _values = self._workbook(self._our_wizard())
        for sheet in formulas.worksheets:
            what = sheet.title
            self.assertEqual(int(sheet.page_setup.paperSize), 9, what)
            self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage, what)
            # OOXML's default for fitToWidth is 1, which xlsxwriter omits
            self.assertIn(sheet.page_setup.fitToWidth, (None, 1, "1"), what)
            self.assertEqual(int(sheet.page_setup.fitToHeight), 0, what)
            self.assertTrue(sheet.print_area, what)
            self.assertIn("$1:$1", str(sheet.print_title_rows), what)
            wide = sheet.max_column >= 7
            self.assertEqual(
                sheet.page_setup.orientation,
                "landscape" if wide else "portrait",
                what,
            )
        coq = formulas["Cost of quality"]
        product_col = coq["A1"].column_letter
        self.assertIn(long_name, [c.value for c in coq[product_col]])
        self.assertGreaterEqual(
            coq.column_dimensions[product_col].width, len(long_name)
        )

    def test_titles_in_user_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.finance.lang = "zh_CN"
        formulas, _values = self._workbook(self._our_wizard())
        report = self.env["report.aftersales_service.finance_xlsx"].with_context(
            lang="zh_CN"
        )
        titles = [s["title"][:31] for s in report._aftersales_finance_sheets_sorted()]
        self.assertEqual(formulas.sheetnames, titles)
