# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import RmaCommon


@tagged("post_install", "-at_install")
class TestRmaReport(RmaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {
                "email": "buyer@customer.example.com",
                "parent_id": cls.env["res.partner"]
                .create({"name": "Customer Industries", "is_company": True})
                .id,
            }
        )
        cls.warehouse.partner_id.write({"street": "1 Returns Road", "city": "Ningbo"})

    def test_authorisation_report(self):
        rma = self._create_rma(qty=2.0)
        rma.action_confirm()
        html, report_type = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_rma.action_report_rma_authorisation", rma.ids
        )
        self.assertEqual(report_type, "html")
        html = html.decode()
        self.assertIn(rma.name, html)
        self.assertIn("RMA Customer", html)
        self.assertIn(self.product.name, html)
        self.assertIn("1 Returns Road", html)
        self.assertIn("Customer Industries", html)
        self.assertIn(f'alt="Barcode {rma.name}"', html)
        self.assertIn('name="return_label"', html)
        action = rma.with_context(discard_logo_check=True).action_print_authorisation()
        self.assertEqual(
            action["report_name"], "aftersales_rma.report_rma_authorisation"
        )

    def test_repair_tag_report(self):
        drive = self.env["product.product"].create(
            {"name": "RMA Tag Drive", "is_storable": True, "tracking": "serial"}
        )
        serial = self.env["stock.lot"].create(
            {"name": "SN-TAG-42", "product_id": drive.id}
        )
        rma = self._create_rma(qty=1.0)
        rma.line_ids = [
            (
                0,
                0,
                {
                    "product_id": drive.id,
                    "lot_id": serial.id,
                    "lot_override_reason": "Sold by a distributor",
                },
            )
        ]
        rma.action_confirm()
        receipt = rma.in_picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_rma.action_report_rma_repair_tag", rma.ids)[
                0
            ]
            .decode()
        )
        self.assertEqual(html.count('class="page"'), 2)
        self.assertIn("修护卡", html)
        self.assertIn(f'alt="Barcode {rma.name}/1"', html)
        self.assertIn(f'alt="Barcode {rma.name}/2"', html)
        self.assertIn("SN-TAG-42", html)
        self.assertIn("RMA Customer", html)
        self.assertIn(self.ticket.name, html)
        self.assertIn(self.product.name, html)
