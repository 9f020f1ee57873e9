# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime
from io import BytesIO

import openpyxl

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.xlsx_common import FinanceWorkbookMixin

from .common import RmaCommon


@tagged("post_install", "-at_install")
class TestRmaFinanceReport(FinanceWorkbookMixin, RmaCommon):
    """Refunds, repair parts, replacement and scrap of RMAs in the finance
    workbook, from the credit notes and the valuation layers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls._finance_user("rma_finance")
        cls.categ = cls.env["product.category"].create({"name": "RMA finance"})
        cls.product.write({"categ_id": cls.categ.id, "standard_price": 40.0})
        cls.part = cls.env["product.product"].create(
            {"name": "Seal kit", "is_storable": True, "standard_price": 10.0}
        )
        stock = cls.warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.product, stock, 10.0)
        cls.env["stock.quant"]._update_available_quantity(cls.part, stock, 10.0)
        cls.tax = cls.env["account.tax"].create(
            {"name": "RMA fin VAT 15%", "amount": 15.0, "type_tax_use": "sale"}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 4.0,
                            "price_unit": 100.0,
                            "tax_id": [Command.set(cls.tax.ids)],
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        delivery = cls.order.picking_ids
        delivery.move_ids.quantity = 4.0
        delivery.move_ids.picked = True
        delivery.button_validate()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        cls.sale_line = cls.order.order_line
        cls.delivery_move = cls.sale_line.move_ids
        cls.refund_rma = cls._processed_rma("refund")
        cls.replace_rma = cls._processed_rma("replace")
        cls._deliver(cls.replace_rma)
        cls.scrap_rma = cls._processed_rma("scrap")
        cls.repair_rma = cls._processed_rma("repair")
        repair = cls.repair_rma.repair_ids
        repair.move_ids = [
            Command.create(
                {
                    "repair_line_type": "add",
                    "product_id": cls.part.id,
                    "product_uom_qty": 2.0,
                    "company_id": cls.env.company.id,
                }
            )
        ]
        repair.action_validate()
        repair.action_repair_start()
        repair.move_ids.quantity = 2.0
        repair.move_ids.picked = True
        repair.action_repair_end()

    @classmethod
    def _processed_rma(cls, decision):
        rma = cls.env["aftersales.rma"].create(
            {
                "ticket_id": cls.ticket.id,
                "partner_id": cls.customer.id,
                "sale_order_id": cls.order.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1.0,
                            "sale_line_id": cls.sale_line.id,
                            "origin_move_id": cls.delivery_move.id,
                        }
                    )
                ],
            }
        )
        rma.action_confirm()
        receipt = rma.in_picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        rma.line_ids.decision = decision
        rma.action_process()
        return rma

    @classmethod
    def _deliver(cls, rma):
        out = rma.out_picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        out.move_ids.quantity = out.move_ids.product_uom_qty
        out.move_ids.picked = True
        out.button_validate()

    def _workbook(self, **values):  # pylint: disable=arguments-differ
        vals = {"partner_id": self.customer.id, "product_categ_id": self.categ.id}
        vals.update(values)
        return super()._workbook(self._wizard(self.finance, **vals))

    def _total(self, sheet):
        header = [cell.value for cell in sheet[1]]
        return dict(zip(header, self._total_row(sheet), strict=False))

    def test_rma_sheets_are_added_through_the_hook(self):
        keys = [
            sheet["key"]
            for sheet in self.env[
                "report.aftersales_service.finance_xlsx"
            ]._aftersales_finance_sheets_sorted()
        ]
        self.assertEqual(keys[keys.index("summary") + 1], "refunds")
        formulas, _values = self._workbook()
        self.assertIn("Refunds register", formulas.sheetnames)

    def test_refunds_register_rows_and_totals(self):
        formulas, values = self._workbook()
        rows = self._rows(values["Refunds register"])
        self.assertEqual(len(rows), 1)
        row = rows[0]
        refund = self.refund_rma.refund_ids
        self.assertEqual(row["Credit Note"], refund.name)
        self.assertIsInstance(row["Date"], datetime)
        self.assertEqual(row["Date"].date(), refund.date)
        self.assertEqual(row["Customer"], "RMA Customer")
        self.assertEqual(row["Original Invoice"], self.invoice.name)
        self.assertEqual(row["Sale Order"], self.order.name)
        self.assertEqual(row["Product"], "RMA Pump")
        self.assertEqual(row["Quantity"], 1.0)
        self.assertAlmostEqual(row["Untaxed"], 100.0)
        self.assertAlmostEqual(row["Tax"], 15.0)
        self.assertAlmostEqual(row["Total"], 115.0)
        self.assertEqual(row["RMA"], self.refund_rma.name)
        self.assertEqual(row["Ticket"], self.ticket.reference)
        self.assertEqual(row["Status"], "Posted")
        self.assertTrue(row["Payment Status"])
        total = self._total(formulas["Refunds register"])
        self.assertEqual(total["Total"].value, "=SUM(J2:J2)")
        self.assertAlmostEqual(
            self._total(values["Refunds register"])["Total"].value, 115.0
        )
        # the register agrees with the ledger
        self.assertAlmostEqual(refund.amount_total_signed, -115.0)

    def test_cost_of_quality_from_valuation_layers(self):
        formulas, values = self._workbook()
        rows = self._rows(values["Cost of quality"])
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["Product"], "RMA Pump")
        self.assertAlmostEqual(row["Repair parts at cost"], 20.0)  # 2 x 10
        self.assertAlmostEqual(row["Replacement units at cost"], 40.0)
        self.assertAlmostEqual(row["Scrap value"], 40.0)
        self.assertAlmostEqual(row["Refunds"], 100.0)
        self.assertAlmostEqual(row["Net cost"], 200.0)
        # the same figures as the valuation layers of the documents
        parts = self.env["stock.valuation.layer"].search(
            [("stock_move_id.repair_id", "=", self.repair_rma.repair_ids.id)]
        )
        self.assertAlmostEqual(-sum(parts.mapped("value")), 20.0)
        scrap_layers = (
            self.scrap_rma.line_ids.scrap_ids.move_ids.stock_valuation_layer_ids
        )
        self.assertAlmostEqual(-sum(scrap_layers.mapped("value")), 40.0)
        self.assertEqual(
            self.warehouse.lot_stock_id.quant_ids.filtered(
                lambda q: q.product_id == self.part
            ).quantity,
            8.0,
        )
        total = self._total(formulas["Cost of quality"])
        self.assertTrue(total["Net cost"].value.startswith("=SUM("))
        self.assertAlmostEqual(
            self._total(values["Cost of quality"])["Net cost"].value, 200.0
        )
        # subtotal by category (SUMIF over the product rows)
        sheet = values["Cost of quality"]
        by_categ = {
            r[0]: r for r in sheet.iter_rows(values_only=True) if r[0] == "RMA finance"
        }
        self.assertTrue(by_categ)

    def test_summary_includes_rma_amounts(self):
        _formulas, values = self._workbook()
        summary = {
            r[1]: r[2] for r in values["Summary"].iter_rows(min_row=2, values_only=True)
        }
        self.assertAlmostEqual(summary["Refunds"], 100.0)
        self.assertAlmostEqual(summary["Repair parts at cost"], 20.0)
        self.assertAlmostEqual(summary["Replacement units at cost"], 40.0)
        self.assertAlmostEqual(summary["Scrap value"], 40.0)
        self.assertAlmostEqual(summary["Net after-sales cost"], 200.0)
        # sales of the period: 400 invoiced minus 100 refunded
        self.assertAlmostEqual(summary["Sales revenue of the period"], 300.0)

    def test_other_customer_sees_no_refund(self):
        other = self.env["res.partner"].create({"name": "Nobody"})
        _formulas, values = self._workbook(partner_id=other.id)
        self.assertEqual(self._rows(values["Refunds register"]), [])

    def test_rma_register_print(self):
        action = self.env.ref("aftersales_rma.action_report_rma_register_xlsx")
        self.assertEqual(action.binding_model_id.model, "aftersales.rma")
        rmas = self.refund_rma | self.scrap_rma
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            action.xml_id, rmas.ids, None
        )
        book = openpyxl.load_workbook(BytesIO(content), data_only=True)
        rows = self._rows(book.active)
        self.assertEqual({r["RMA"] for r in rows}, set(rmas.mapped("name")))
        self.assertEqual({r["Decision"] for r in rows}, {"Refund", "Scrap"})
        self.assertAlmostEqual(
            self._total(book.active)["Value at Sale Price"].value, 200.0
        )
        self.assertIsInstance(rows[0]["Created On"], datetime)

    def test_sla_sheet_counts_rmas(self):
        _formulas, values = self._workbook()
        rows = [
            r for r in self._rows(values["SLA compliance"]) if r["Source"] == "RMAs"
        ]
        self.assertTrue(rows)
        rmas = self.env["aftersales.rma"].search(
            [
                ("state", "!=", "cancelled"),
                ("ticket_id.partner_id", "child_of", self.customer.id),
                ("create_date", ">=", fields.Date.today()),
            ]
        )
        self.assertEqual(sum(r["Records"] for r in rows), len(rmas))

    def test_sla_sheet_counts_the_stored_outcomes(self):
        """The RMA rows count the decision and resolution outcomes the SLA
        engine stored, not a rule of their own on the dates."""
        rmas = self.env["aftersales.rma"].search(
            [
                ("state", "!=", "cancelled"),
                ("ticket_id.partner_id", "child_of", self.customer.id),
                ("create_date", ">=", fields.Date.today()),
            ]
        )
        self.assertIn("met", rmas.mapped("sla_decision_outcome"))
        # stored as breached although decided before its deadline
        self.scrap_rma.sla_decision_outcome = "breached"
        _formulas, values = self._workbook()
        rows = [
            r for r in self._rows(values["SLA compliance"]) if r["Source"] == "RMAs"
        ]
        for column, fname, outcome in (
            ("Response met", "sla_decision_outcome", "met"),
            ("Response breached", "sla_decision_outcome", "breached"),
            ("Resolution met", "sla_resolution_outcome", "met"),
            ("Resolution breached", "sla_resolution_outcome", "breached"),
        ):
            self.assertEqual(
                sum(r[column] for r in rows),
                len(rmas.filtered(lambda r, f=fname, o=outcome: r[f] == o)),
                column,
            )
        self.assertGreaterEqual(sum(r["Response breached"] for r in rows), 1)
