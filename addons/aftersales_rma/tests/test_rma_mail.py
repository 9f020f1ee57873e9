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

    def _notes(self, rma):
        return rma.message_ids.filtered(
            lambda m: "Return authorised, receipt" in str(m.body)
        )

    def test_confirm_note_is_the_status_change_message(self):
        """With mail tracking on, the service officer's confirmation leaves one
        chatter entry: the note naming the receipt, with the status change."""
        self.customer.email = False
        rma = self._create_rma().with_user(self.rma_user)
        self.env.cr.flush()  # the RMA was created in an earlier request
        rma.with_context(tracking_disable=False).action_confirm()
        self.env.cr.flush()  # runs the tracking
        note = self._notes(rma)
        self.assertEqual(len(note), 1)
        self.assertIn(rma.in_picking_ids.name, str(note.body))
        self.assertEqual(note.author_id, self.rma_user.partner_id)
        tracking = note.sudo().tracking_value_ids
        self.assertEqual(tracking.field_id.name, "state")
        self.assertEqual(tracking.new_value_char, "Confirmed")
        self.assertTrue(note.is_internal)
        self.assertEqual(len(rma.sudo().message_ids.tracking_value_ids), 1)

    def test_confirm_note_logged_alone_when_tracking_is_off(self):
        self.customer.email = False
        rma = self._create_rma().with_user(self.rma_user)
        rma.with_context(mail_notrack=True).action_confirm()
        self.env.cr.flush()
        note = self._notes(rma)
        self.assertEqual(len(note), 1)
        self.assertIn(rma.in_picking_ids.name, str(note.body))
        self.assertFalse(rma.message_ids.tracking_value_ids)

    def test_confirm_note_kept_for_an_rma_created_in_the_same_request(self):
        """Created and confirmed at once (Odoo's return wizard does both):
        mail.thread tracks nothing until the commit, so the note is logged
        on its own."""
        self.customer.email = False
        rma = (
            self.env["aftersales.rma"]
            .with_user(self.rma_user)
            .with_context(tracking_disable=False)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "partner_id": self.customer.id,
                    "warehouse_id": self.warehouse.id,
                    "line_ids": [(0, 0, {"product_id": self.product.id})],
                }
            )
        )
        rma.action_confirm()
        self.env.cr.flush()
        note = self._notes(rma)
        self.assertEqual(len(note), 1)
        self.assertIn(rma.in_picking_ids.name, str(note.body))
