# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import tagged

from .common import RmaCommon


@tagged("post_install", "-at_install")
class TestRmaMail(RmaCommon):
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
        cls.template = cls.env.ref("aftersales_rma.mail_template_rma_authorisation")

    def _authorisation_messages(self, rma):
        return rma.message_ids.filtered(
            lambda m: m.subject and "Return Authorisation" in m.subject
        )

    def test_confirm_sends_authorisation_mail(self):
        rma = self._create_rma(qty=2.0)
        rma.action_confirm()
        message = self._authorisation_messages(rma)
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer, message.partner_ids)
        self.assertIn(rma.name, message.subject)
        body = str(message.body)
        self.assertIn(rma.name, body)
        self.assertIn("1 Returns Road", body)
        self.assertIn("Customer Industries", body)
        self.assertIn(self.product.name, body)
        self.assertIn("Inside the parcel", body)
        # the customer is notified by e-mail
        notification = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.customer
        )
        self.assertEqual(notification.notification_type, "email")

    def test_no_mail_without_customer_email(self):
        self.customer.email = False
        rma = self._create_rma()
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        self.assertFalse(self._authorisation_messages(rma))

    def test_no_mail_when_setting_off(self):
        settings = self.env["res.config.settings"].create(
            {"aftersales_rma_send_authorisation_mail": False}
        )
        settings.execute()
        self.assertFalse(self.env.company.aftersales_rma_send_authorisation_mail)
        rma = self._create_rma()
        rma.action_confirm()
        self.assertFalse(self._authorisation_messages(rma))

    def _confirm_with_pdf_engine(self, state):
        report_model = type(self.env["ir.actions.report"])
        with patch.object(report_model, "get_wkhtmltopdf_state", return_value=state):
            rma = self._create_rma()
            rma.action_confirm()
        return self._authorisation_messages(rma), rma

    def test_authorisation_printed_when_pdf_engine_available(self):
        message, rma = self._confirm_with_pdf_engine("ok")
        attachment = message.attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertIn(rma.name.replace("/", "_"), attachment.name.replace("/", "_"))
        self.assertTrue(attachment.raw)

    def test_authorisation_not_printed_without_pdf_engine(self):
        message, rma = self._confirm_with_pdf_engine("install")
        self.assertEqual(len(message), 1)
        self.assertIn(rma.name, str(message.body))
        self.assertFalse(message.attachment_ids)
