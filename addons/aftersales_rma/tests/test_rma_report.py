# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import html as lxml_html

from odoo.tests import new_test_user, tagged

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
        cls.technician = new_test_user(
            cls.env,
            login="rma_tag_technician",
            name="Tag Technician",
            groups="aftersales_service.group_aftersales_user,stock.group_stock_user",
        )

    def _render(self, report_ref, records):
        html, report_type = self.env["ir.actions.report"]._render_qweb_html(
            report_ref, records.ids
        )
        self.assertEqual(report_type, "html")
        return html.decode()

    def _render_repair_tag(self, rma):
        return self._render("aftersales_rma.action_report_rma_repair_tag", rma)

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

    def test_authorisation_carries_company_header(self):
        rma = self._create_rma(qty=1.0)
        rma.action_confirm()
        tree = lxml_html.fromstring(
            self._render("aftersales_rma.action_report_rma_authorisation", rma)
        )
        headers = tree.xpath(
            "//div[contains(concat(' ', normalize-space(@class), ' '), ' header ')]"
        )
        self.assertTrue(headers, "the authorisation uses web.external_layout")
        self.assertIn(rma.company_id.name, headers[0].text_content())

    def test_repair_tag_prints_on_a6_without_header_space(self):
        report = self.env.ref("aftersales_rma.action_report_rma_repair_tag")
        self.assertEqual(report.paperformat_id.format, "A6")
        self.assertEqual(report.paperformat_id.orientation, "Portrait")
        self.assertEqual(report.paperformat_id.header_spacing, 0)

    def test_repair_tag_keeps_each_tag_on_one_sheet(self):
        rma = self._create_rma(qty=1.0)
        rma.line_ids = [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})]
        tree = lxml_html.fromstring(self._render_repair_tag(rma))
        tags = tree.xpath("//div[@name='repair_tag']")
        self.assertEqual(len(tags), 2)
        for tag in tags:
            self.assertIn("page-break-inside: avoid", tag.get("style"))
        self.assertIn("page-break-after: always", tags[0].get("style"))
        # no blank sheet after the last tag
        self.assertNotIn("page-break-after", tags[1].get("style"))

    def test_repair_tags_four_per_a4_sheet(self):
        report = self.env.ref("aftersales_rma.action_report_rma_repair_tag_sheet")
        self.assertEqual(report.paperformat_id.format, "A4")
        rma = self._create_rma(qty=1.0)
        rma.line_ids = [
            (0, 0, {"product_id": self.product.id, "product_uom_qty": 1})
            for _i in range(4)
        ]
        tree = lxml_html.fromstring(
            self._render("aftersales_rma.action_report_rma_repair_tag_sheet", rma)
        )
        sheets = tree.xpath("//div[@name='repair_tag_sheet']")
        self.assertEqual(
            [len(sheet.xpath(".//td[@name='repair_tag']")) for sheet in sheets], [4, 1]
        )
        self.assertIn("page-break-after: always", sheets[0].get("style"))
        self.assertNotIn("page-break-after", sheets[1].get("style"))
        codes = [f"{rma.name}/{index}" for index in range(1, 6)]
        text = tree.text_content()
        for code in codes:
            self.assertIn(code, text)
        # each tag keeps its signature line
        self.assertEqual(
            len(tree.xpath("//div[contains(@class, 'o_repair_tag_signature')]")), 5
        )

    def test_repair_tag_shows_technician_warranty_repair_and_signature(self):
        self.ticket.write(
            {
                "warranty_override_state": "in_warranty",
                "warranty_override_reason": "Covered by contract",
            }
        )
        rma = self._create_rma(qty=1.0)
        rma.user_id = self.technician
        repair = self.env["repair.order"].create(
            {"product_id": self.product.id, "partner_id": self.customer.id}
        )
        rma.line_ids.repair_id = repair
        tree = lxml_html.fromstring(self._render_repair_tag(rma))
        self.assertIn(
            "Tag Technician", tree.xpath("//td[@name='technician']")[0].text_content()
        )
        self.assertIn(
            "In warranty", tree.xpath("//td[@name='warranty_state']")[0].text_content()
        )
        self.assertIn(
            repair.name, tree.xpath("//td[@name='repair_order']")[0].text_content()
        )
        self.assertEqual(
            len(tree.xpath("//div[contains(@class, 'o_repair_tag_signature')]")), 1
        )

    def test_repair_tag_names_the_ticket_technician_without_rma_responsible(self):
        self.ticket.user_id = self.technician
        rma = self._create_rma(qty=1.0)
        rma.user_id = False
        tree = lxml_html.fromstring(self._render_repair_tag(rma))
        self.assertIn(
            "Tag Technician", tree.xpath("//td[@name='technician']")[0].text_content()
        )
        self.assertFalse(
            tree.xpath("//td[@name='repair_order']")[0].text_content().strip()
        )
