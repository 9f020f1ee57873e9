import json
from datetime import datetime

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import AftersalesCommon, portal_user_of
from .test_visit import SIGNATURE


@tagged("post_install", "-at_install")
class TestPortal(AftersalesCommon, HttpCase):
    """Portal isolation and flows, checked over HTTP and in a browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = portal_user_of(
            cls.env,
            cls.customer,
            login="as_portal_c",
            name="Portal Contact",
            password="as_portal_c_pw",
        )
        cls.other_portal = portal_user_of(
            cls.env,
            cls.other_customer,
            login="as_portal_o",
            name="Other Portal",
            password="as_portal_o_pw",
        )
        cls.portal_product = cls.env["product.product"].create(
            {"name": "Portal Controller", "is_storable": True, "tracking": "serial"}
        )
        cls.portal_lot = cls._make_lot(cls.portal_product, "PSN-001")
        cls._deliver(cls.customer, cls.portal_lot, datetime(2026, 1, 5, 10, 0))
        cls.ticket = cls._create_ticket(
            name="Portal visible ticket",
            description="<p>Visible description</p>",
            lot_id=cls.lot.id,
        )
        cls.ticket.message_post(
            body="Internal secret note", subtype_xmlid="mail.mt_note"
        )
        cls.ticket.message_post(
            body="Public answer to customer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.other_ticket = cls._create_ticket(
            name="Other customer ticket", partner_id=cls.other_customer.id
        )
        cls.visit = cls.env["aftersales.visit"].create(
            {
                "ticket_id": cls.ticket.id,
                "scheduled_start": "2026-05-04 09:00:00",
                "scheduled_end": "2026-05-04 11:00:00",
                "work_performed": "<p>Replaced the fan.</p>",
                "expense_ids": [
                    Command.create(
                        {
                            "expense_type": "lodging",
                            "description": "Hotel secret cost",
                            "amount": 321.0,
                        }
                    )
                ],
            }
        )
        cls.visit.action_approve()
        cls.visit.action_done()

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def test_portal_lists_own_company_tickets_only(self):
        self.authenticate("as_portal_c", "as_portal_c_pw")
        response = self.url_open("/my/aftersales")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Portal visible ticket", response.text)
        self.assertIn("Controller X1", response.text)
        self.assertNotIn("Other customer ticket", response.text)

    def test_ticket_page_hides_internal_notes(self):
        self.authenticate("as_portal_c", "as_portal_c_pw")
        response = self.url_open(f"/my/aftersales/tickets/{self.ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Public answer to customer", response.text)
        self.assertIn("Visible description", response.text)
        self.assertNotIn("Internal secret note", response.text)

    def test_deadlines_in_customer_timezone(self):
        self.contact.tz = "Asia/Shanghai"
        self.portal_user.tz = "America/New_York"
        self.authenticate("as_portal_c", "as_portal_c_pw")
        response = self.url_open(f"/my/aftersales/tickets/{self.ticket.id}")
        self.assertEqual(response.status_code, 200)
        converter = self.env["ir.qweb.field.datetime"]
        for deadline in (
            self.ticket.response_deadline,
            self.ticket.resolution_deadline,
        ):
            shanghai = converter.value_to_html(deadline, {"tz_name": "Asia/Shanghai"})
            new_york = converter.value_to_html(
                deadline, {"tz_name": "America/New_York"}
            )
            self.assertNotEqual(shanghai, new_york)
            self.assertIn(str(shanghai), response.text)
            self.assertNotIn(str(new_york), response.text)
        self.assertIn("Asia/Shanghai", response.text)

    def test_portal_link_opens_in_customer_language(self):
        """The link of the e-mail opens the portal in the customer's partner
        language, even from a browser that asks for English."""
        lang = self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "aftersales_service")]
        )._update_translations(filter_lang=["zh_CN"])
        self.contact.lang = "zh_CN"
        url = self.ticket.get_portal_url()
        self.assertTrue(url.startswith(f"/{lang.url_code}/my/aftersales/tickets/"))
        response = self.url_open(url, headers={"Accept-Language": "en-US,en"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("解决截止时间", response.text)
        # a customer in the default language keeps plain links
        self.contact.lang = "en_US"
        self.assertTrue(self.ticket.get_portal_url().startswith("/my/aftersales/"))

    def test_other_customers_ticket_is_refused(self):
        self.authenticate("as_portal_c", "as_portal_c_pw")
        response = self._get(f"/my/aftersales/tickets/{self.other_ticket.id}")
        self.assertIn(response.status_code, (303, 302, 403, 404))
        self.assertNotIn("Other customer ticket", response.text)
        response = self._get(f"/my/aftersales/visits/{self.visit.id}")
        self.assertEqual(response.status_code, 200)
        self.authenticate("as_portal_o", "as_portal_o_pw")
        response = self._get(f"/my/aftersales/visits/{self.visit.id}")
        self.assertIn(response.status_code, (303, 302, 403, 404))
        self.assertNotIn("Replaced the fan", response.text)

    def test_other_customer_cannot_post_on_ticket(self):
        self.authenticate("as_portal_o", "as_portal_o_pw")
        self.url_open(
            f"/my/aftersales/tickets/{self.ticket.id}/message",
            data={"message": "Intruder message", "csrf_token": self._new_ticket_csrf()},
        )
        self.assertFalse(
            self.ticket.message_ids.filtered(lambda m: "Intruder" in (m.body or ""))
        )

    def test_service_report_for_customer_hides_costs(self):
        self.authenticate("as_portal_c", "as_portal_c_pw")
        response = self.url_open(
            f"/my/aftersales/visits/{self.visit.id}?report_type=html"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Replaced the fan.", response.text)
        self.assertNotIn("Hotel secret cost", response.text)
        page = self.url_open(f"/my/aftersales/visits/{self.visit.id}")
        self.assertNotIn("Hotel secret cost", page.text)
        # the amount as a figure (not inside a token: the CSRF token is random)
        self.assertNotRegex(page.text, r"(?<![0-9a-f])321([.,]00)?(?![0-9a-f])")

    def test_new_ticket_refuses_serial_not_delivered_to_customer(self):
        foreign_lot = self._make_lot(self.portal_product, "PSN-999")
        self.authenticate("as_portal_c", "as_portal_c_pw")
        csrf = self._new_ticket_csrf()
        response = self.url_open(
            "/my/aftersales/new",
            data={"name": "Sneaky", "lot_id": foreign_lot.id, "csrf_token": csrf},
        )
        self.assertIn("not delivered to you", response.text)
        self.assertFalse(
            self.env["aftersales.ticket"].search([("name", "=", "Sneaky")])
        )

    def _new_ticket_csrf(self):
        page = self.url_open("/my/aftersales/new")
        marker = 'name="csrf_token" value="'
        start = page.text.find(marker) + len(marker)
        return page.text[start : page.text.find('"', start)]

    def test_tour_new_ticket(self):
        self.start_tour(
            "/my/aftersales", "aftersales_portal_new_ticket", login="as_portal_c"
        )
        ticket = self.env["aftersales.ticket"].search(
            [("name", "=", "Portal tour: no power")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.lot_id, self.portal_lot)
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        self.assertEqual(ticket.channel, "portal")

    def test_tour_post_message(self):
        self.other_ticket.unlink()
        self.start_tour(
            "/my/aftersales", "aftersales_portal_message", login="as_portal_c"
        )
        message = self.ticket.message_ids.filtered(
            lambda m: "building B" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertFalse(message.subtype_id.internal)

    def test_tour_sign_visit_report(self):
        self.start_tour(
            "/my/aftersales", "aftersales_portal_sign_visit", login="as_portal_c"
        )
        self.assertEqual(self.visit.signed_by, "Portal Signer")
        self.assertTrue(self.visit.signature)
        self.assertTrue(self.visit.signed_on)

    def test_tour_sign_quotation(self):
        self.env.company.aftersales_labour_product_id = self.env[
            "product.product"
        ].create({"name": "Tour labour", "type": "service", "list_price": 80.0})
        self.ticket.service_category = "paid"
        order = self.env["sale.order"].browse(
            self.ticket.action_create_quotation()["res_id"]
        )
        order.require_signature = True
        order.require_payment = False
        order.action_quotation_sent()
        self.start_tour(
            "/my/aftersales", "aftersales_portal_sign_quotation", login="as_portal_c"
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "Portal Signer")
        self.assertEqual(self.ticket.consent_method, "portal")

    def _sign_visit(self, **params):
        response = self.url_open(
            f"/my/aftersales/visits/{self.visit.id}/sign",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def test_customer_signs_service_report_on_portal(self):
        self.authenticate("as_portal_c", "as_portal_c_pw")
        result = self._sign_visit(name="Li Wei")
        self.assertEqual(result, {"error": "Signature is missing."})
        result = self._sign_visit(name=12, signature=SIGNATURE)
        self.assertIn("name of the person", result["error"])
        self.assertFalse(self.visit.signed_by)
        result = self._sign_visit(name="Li Wei", signature=SIGNATURE)
        self.assertTrue(result["force_refresh"])
        self.assertEqual(self.visit.signed_by, "Li Wei")
        self.assertTrue(self.visit.signature)
