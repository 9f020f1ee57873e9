import re
from datetime import datetime

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_datetime

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestTicket(AftersalesCommon):
    def test_reference_from_sequence(self):
        first = self._create_ticket()
        second = self._create_ticket()
        self.assertTrue(first.reference.startswith("AS"))
        self.assertNotEqual(first.reference, second.reference)

    def test_company_sequence_applies_to_the_next_ticket(self):
        """The sequence a ticket's reference is drawn from is cached between
        tickets; the administrator giving the company its own sequence, then
        archiving it, is seen by the technician's next ticket."""
        admin = self.env.ref("base.user_admin")
        tickets = self.env["aftersales.ticket"].with_user(self.technician)

        def reference():
            return tickets.create(
                self._ticket_vals(ticket_type_id=self.type_consultation.id)
            ).reference

        self.assertTrue(reference().startswith("AS"))
        own = (
            self.env["ir.sequence"]
            .with_user(admin)
            .create(
                {
                    "name": "Company tickets",
                    "code": "aftersales.ticket",
                    "prefix": "SH-",
                    "padding": 4,
                    "company_id": self.company.id,
                }
            )
        )
        self.assertEqual(reference(), "SH-0001")
        self.assertEqual(reference(), "SH-0002")
        own.active = False
        self.assertTrue(reference().startswith("AS"))

    def test_sale_order_has_many_tickets_and_counts(self):
        self._create_ticket(sale_order_id=self.order.id)
        self._create_ticket(sale_order_id=self.order.id, name="Second problem")
        self.assertEqual(self.order.aftersales_ticket_count, 2)
        self.assertEqual(self.customer.aftersales_ticket_count, 2)
        self.assertEqual(self.contact.aftersales_ticket_count, 2)
        action = self.order.action_view_aftersales_tickets()
        self.assertEqual(
            self.env["aftersales.ticket"].search_count(action["domain"]), 2
        )

    def test_acknowledgement_mail_quotes_reference(self):
        ticket = self._create_ticket()
        self.env.cr.flush()  # runs the tracking that sends stage templates
        mails = self.env["mail.mail"].search(
            [("model", "=", "aftersales.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertTrue(mails, "the customer must receive an acknowledgement")
        self.assertIn(ticket.reference, mails[0].subject)
        self.assertIn(self.contact, mails.recipient_ids)

    def test_no_acknowledgement_to_a_customer_without_email(self):
        """A walk-in or phone customer without an e-mail address gets no
        acknowledgement: no e-mail is attempted, so none fails on the
        ticket; the technician's ticket is registered all the same."""
        walk_in = self.env["res.partner"].create({"name": "Walk-in customer"})
        ticket = (
            self.env["aftersales.ticket"]
            .with_user(self.technician)
            .create(
                self._ticket_vals(
                    partner_id=walk_in.id, ticket_type_id=self.type_consultation.id
                )
            )
        )
        self.env.cr.flush()  # runs the tracking that sends stage templates
        self.assertTrue(ticket.reference)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "aftersales.ticket"), ("res_id", "=", ticket.id)]
            )
        )
        self.assertFalse(
            ticket.message_ids.filtered(lambda m: ticket.reference in (m.subject or ""))
        )
        self.assertFalse(ticket.message_ids.notification_ids)

    def _acknowledgement(self, ticket):
        self.env.cr.flush()  # runs the tracking that sends stage templates
        return ticket.message_ids.filtered(
            lambda m: ticket.reference in (m.subject or "")
        )

    def test_acknowledgement_is_a_public_message_in_customer_time(self):
        self.contact.tz = "Asia/Shanghai"
        self.env.user.tz = "America/New_York"
        ticket = self._create_ticket()
        ack = self._acknowledgement(ticket)
        self.assertEqual(len(ack), 1)
        self.assertFalse(
            ack.subtype_id.internal,
            "the customer finds the e-mail among the ticket's messages",
        )
        deadline = format_datetime(
            self.env, ticket.response_deadline, tz="Asia/Shanghai", dt_format="medium"
        )
        self.assertIn(deadline, str(ack.body))
        self.assertIn("Asia/Shanghai", str(ack.body))
        self.assertFalse(
            ticket.first_response_date, "an automatic e-mail is not the team's answer"
        )

    def test_acknowledgement_in_customer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "aftersales_service")]
        )._update_translations(filter_lang=["zh_CN"])
        self.contact.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        ack = self._acknowledgement(self._create_ticket())
        self.assertIn("我们最迟将于", str(ack.body))
        self.assertIn("Asia/Shanghai", str(ack.body))

    def test_lot_of_another_product_refused(self):
        lot = self._make_lot(self.other_product, "SN-OTHER")
        with self.assertRaises(ValidationError):
            self._create_ticket(product_id=self.product.id, lot_id=lot.id)
        self.assertFalse(
            self.env["aftersales.ticket"].search([("lot_id", "=", lot.id)])
        )

    def test_sale_order_of_another_customer_refused(self):
        with self.assertRaises(ValidationError):
            self._create_ticket(
                partner_id=self.other_customer.id, sale_order_id=self.order.id
            )

    def test_sale_line_of_another_order_refused(self):
        lot = self._make_lot(self.product, "SN-0009")
        other_order = self._deliver(self.customer, lot, datetime(2025, 1, 1))
        with self.assertRaises(ValidationError):
            self._create_ticket(
                sale_order_id=self.order.id, sale_line_id=other_order.order_line.id
            )

    def test_unconfirmed_sale_order_refused(self):
        draft = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        with self.assertRaises(ValidationError):
            self._create_ticket(sale_order_id=draft.id)

    def test_closing_repair_with_pending_quality_issue_refused(self):
        ticket = self._create_ticket()
        with self.assertRaises(UserError):
            ticket.stage_id = self.stage_closed
        ticket.invalidate_recordset()
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertFalse(ticket.closed_date)
        ticket.quality_issue = "confirmed"
        ticket.stage_id = self.stage_closed
        self.assertTrue(ticket.closed_date)

    def test_closing_complaint_with_pending_quality_issue_refused(self):
        ticket = self._create_ticket(ticket_type_id=self.type_complaint.id)
        with self.assertRaises(UserError):
            ticket.stage_id = self.stage_closed

    def test_closing_consultation_needs_no_quality_decision(self):
        ticket = self._create_ticket(ticket_type_id=self.type_consultation.id)
        ticket.stage_id = self.stage_closed
        self.assertTrue(ticket.is_closed)

    def test_followup_call_scheduled_on_close(self):
        self.company.aftersales_followup_days = 4
        ticket = self._create_ticket(
            user_id=self.technician.id, ticket_type_id=self.type_consultation.id
        )
        with freeze_time("2026-02-02 10:00:00"):
            ticket.stage_id = self.stage_closed
        activity_type = self.env.ref(
            "aftersales_service.mail_activity_type_followup_call"
        )
        activity = ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.technician)
        self.assertEqual(str(activity.date_deadline), "2026-02-06")

    def test_no_followup_call_when_cancelled(self):
        ticket = self._create_ticket(ticket_type_id=self.type_consultation.id)
        ticket.stage_id = self.stage_cancelled
        activity_type = self.env.ref(
            "aftersales_service.mail_activity_type_followup_call"
        )
        self.assertFalse(
            ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        )

    def test_repeat_of_same_serial_within_window(self):
        with freeze_time("2026-01-05 10:00:00"):
            first = self._create_ticket(lot_id=self.lot.id, quality_issue="confirmed")
            first.stage_id = self.stage_closed
        second = self._create_ticket(
            lot_id=self.lot.id, request_date=datetime(2026, 3, 1)
        )
        self.assertTrue(second.is_repeat)
        self.assertEqual(second.repeat_ticket_id, first)
        self.assertFalse(first.is_repeat)

    def test_not_repeat_after_window(self):
        self.company.aftersales_repeat_days = 30
        with freeze_time("2026-01-05 10:00:00"):
            first = self._create_ticket(lot_id=self.lot.id, quality_issue="confirmed")
            first.stage_id = self.stage_closed
        second = self._create_ticket(
            lot_id=self.lot.id, request_date=datetime(2026, 3, 1)
        )
        self.assertFalse(second.is_repeat)

    def test_repeat_candidates_are_the_window_only(self):
        """Only the tickets closed within the repeat window before the new
        one was reported are read, not every closed ticket of the product."""
        self.company.aftersales_repeat_days = 30
        closed = {}
        for day in ("2025-06-01", "2026-02-10", "2026-03-05"):
            with freeze_time(f"{day} 10:00:00"):
                ticket = self._create_ticket(
                    lot_id=self.lot.id, quality_issue="confirmed"
                )
                ticket.stage_id = self.stage_closed
            closed[day] = ticket
        new = self._create_ticket(lot_id=self.lot.id, request_date=datetime(2026, 3, 1))
        self.assertEqual(new._get_repeat_candidates(), closed["2026-02-10"])
        self.assertEqual(new.repeat_ticket_id, closed["2026-02-10"])

    def test_repeat_by_customer_and_product_without_serial(self):
        with freeze_time("2026-01-05 10:00:00"):
            first = self._create_ticket(
                product_id=self.product.id, quality_issue="not_confirmed"
            )
            first.stage_id = self.stage_closed
        same = self._create_ticket(
            product_id=self.product.id, request_date=datetime(2026, 1, 20)
        )
        other_customer = self._create_ticket(
            partner_id=self.other_customer.id,
            product_id=self.product.id,
            request_date=datetime(2026, 1, 20),
        )
        self.assertEqual(same.repeat_ticket_id, first)
        self.assertFalse(other_customer.is_repeat)

    def test_major_issue_notifies_managers(self):
        manager = self.env.ref("base.user_admin")
        ticket = self._create_ticket()
        ticket.is_major_issue = True
        message = ticket.message_ids.filtered(
            lambda m: manager.partner_id in m.partner_ids
        )
        self.assertTrue(message)

    def test_unsaved_ticket_shows_no_action_button(self):
        views = (
            self.env["aftersales.ticket"]
            .with_user(self.leader)
            .get_views([(False, "form")])
        )
        arch = etree.fromstring(views["views"]["form"]["arch"])
        buttons = arch.xpath("//header/button")
        self.assertGreaterEqual(len(buttons), 4)
        # each button is driven by its can_* guard, False until saved
        unsaved = (
            self.env["aftersales.ticket"]
            .with_user(self.leader)
            .new(self._ticket_vals(product_id=self.product.id))
        )
        for button in buttons:
            guard = re.match(r"not (\w+)", button.get("invisible", ""))
            self.assertTrue(guard, button.get("name"))
            self.assertFalse(unsaved[guard.group(1)], button.get("name"))

    def test_ticket_analysis_groups_by_reported_on(self):
        action = self.env.ref("aftersales_service.action_aftersales_ticket_analysis")
        pivot = action.view_ids.filtered(lambda v: v.view_mode == "pivot").view_id
        views = (
            self.env["aftersales.ticket"]
            .with_user(self.leader)
            .get_views([(pivot.id, "pivot"), (action.search_view_id.id, "search")])[
                "views"
            ]
        )
        pivot_arch = etree.fromstring(views["pivot"]["arch"])
        dates = pivot_arch.xpath("//field[@interval]")
        self.assertEqual([field.get("name") for field in dates], ["request_date"])
        self.assertFalse(pivot_arch.xpath("//field[@name='create_date']"))
        search_arch = etree.fromstring(views["search"]["arch"])
        month = search_arch.xpath("//filter[@name='groupby_month']")[0]
        self.assertIn("request_date:month", month.get("context"))

    def test_resolve_api_finds_the_stage_by_its_flag(self):
        """Other addons resolve a ticket through ``_aftersales_resolve``: the
        team's own resolved stage is found by its flag, not by an xml id."""
        own_resolved = self.env["aftersales.ticket.stage"].create(
            {
                "name": "Done on site",
                "sequence": 25,
                "is_resolved": True,
                "team_ids": [Command.link(self.team.id)],
            }
        )
        ticket = self._create_ticket()
        ticket._aftersales_resolve("return_repair")
        self.assertEqual(ticket.resolution_type, "return_repair")
        self.assertEqual(ticket.stage_id, own_resolved)
        closed = self._create_ticket(ticket_type_id=self.type_consultation.id)
        closed.stage_id = self.stage_closed
        closed._aftersales_resolve("replacement")
        self.assertEqual(closed.stage_id, self.stage_closed)
        self.assertEqual(closed.resolution_type, "replacement")
