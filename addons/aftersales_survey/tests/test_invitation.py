from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestInvitation(AftersalesSurveyCommon):
    def _invite_mails(self, answers):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "survey.user_input"),
                ("res_id", "in", answers.ids),
            ]
        )

    def test_closing_creates_one_emailed_invitation(self):
        ticket = self._closed_ticket()
        answer = ticket.survey_user_input_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.partner_id, self.contact)
        self.assertEqual(answer.aftersales_channel, "email")
        self.assertEqual(answer.survey_id, self.survey)
        self.assertTrue(ticket.survey_invited)
        self.assertTrue(answer.aftersales_sent_date, "delay 0: sent at once")
        mail = self._invite_mails(answer)
        self.assertEqual(len(mail), 1)
        self.assertIn(self.contact, mail.recipient_ids)
        self.assertIn(answer.access_token, mail.body_html)
        self.assertIn(ticket.reference, mail.subject)
        # The follow-up call of the base addon stays (SLA-03) and carries
        # the link to record the survey; answering the e-mail closes it.
        call = self._activities(ticket, self.followup_type)
        self.assertEqual(len(call), 1)
        self.assertIn(f"/aftersales_survey/followup/{ticket.id}", call.note)
        self._answer(answer, {self.q_overall: "5"})
        self.assertFalse(call.exists())

    def test_reopen_and_close_keeps_one_invitation(self):
        ticket = self._closed_ticket()
        ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.closed_date)
        ticket.stage_id = self.stage_closed
        self.assertEqual(len(ticket.survey_user_input_ids), 1)
        self.assertEqual(len(self._invite_mails(ticket.survey_user_input_ids)), 1)
        # Even once the first invitation is gone, the ticket is not asked again.
        ticket.survey_user_input_ids.sudo().unlink()
        ticket.stage_id = self.stage_progress
        ticket.stage_id = self.stage_closed
        self.assertFalse(ticket.survey_user_input_ids)

    def test_cancelled_ticket_gets_no_invitation(self):
        ticket = self._create_ticket()
        ticket.stage_id = self.stage_cancelled
        self.assertFalse(ticket.survey_user_input_ids)
        self.assertFalse(ticket.survey_invited)

    def test_opt_out_partner_gets_no_invitation(self):
        self.contact.aftersales_survey_opt_out = True
        ticket = self._closed_ticket()
        self.assertFalse(ticket.survey_user_input_ids)
        self.assertFalse(ticket.survey_invited)

    def test_opt_out_company_covers_its_contacts(self):
        self.customer.aftersales_survey_opt_out = True
        ticket = self._closed_ticket()
        self.assertFalse(ticket.survey_user_input_ids)

    def test_team_without_survey_sends_none(self):
        self.team.survey_enabled = False
        ticket = self._closed_ticket()
        self.assertFalse(ticket.survey_user_input_ids)
        self.assertEqual(
            len(self._activities(ticket, self.followup_type)),
            1,
            "without survey the base follow-up call stays",
        )

    def test_customer_without_email_gets_followup_call(self):
        contact = self.env["res.partner"].create(
            {"name": "Zhang San", "parent_id": self.customer.id, "phone": "+86 21 1234"}
        )
        ticket = self._closed_ticket(partner_id=contact.id)
        self.assertFalse(ticket.survey_user_input_ids)
        self.assertTrue(ticket.survey_invited)
        call = self._activities(ticket, self.followup_type)
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.technician)
        self.assertIn(f"/aftersales_survey/followup/{ticket.id}", call.note)

    def test_delay_sends_by_scheduled_action(self):
        self.team.survey_delay_days = 3
        with freeze_time(datetime(2026, 5, 4, 10, 0)):
            ticket = self._closed_ticket()
            answer = ticket.survey_user_input_ids
            self.assertEqual(answer.aftersales_send_date, datetime(2026, 5, 7, 10, 0))
            self.assertFalse(answer.aftersales_sent_date)
            self.assertFalse(self._invite_mails(answer))
        Answer = self.env["survey.user_input"]
        with freeze_time(datetime(2026, 5, 6, 10, 0)):
            self.assertNotIn(answer, Answer._cron_send_aftersales_invitations())
            self.assertFalse(self._invite_mails(answer))
        with freeze_time(datetime(2026, 5, 7, 11, 0)):
            self.assertIn(answer, Answer._cron_send_aftersales_invitations())
            self.assertEqual(len(self._invite_mails(answer)), 1)
            # Sent once only.
            self.assertNotIn(answer, Answer._cron_send_aftersales_invitations())
        self.assertEqual(len(self._invite_mails(answer)), 1)

    def test_team_settings(self):
        team = self.env["aftersales.team"].create({"name": "Repair Shop"})
        self.assertTrue(team.survey_enabled)
        self.assertEqual(team.survey_id, self.survey, "the default survey")
        self.assertEqual(team.survey_delay_days, 0)
        team.survey_id = False
        self.env["aftersales.team"]._aftersales_install_default_survey()
        self.assertEqual(team.survey_id, self.survey)
        with self.assertRaises(ValidationError):
            team.survey_delay_days = -1
        with self.assertRaises(ValidationError):
            team.survey_low_score_threshold = 120
