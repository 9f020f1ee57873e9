from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestFollowupCall(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.phone_contact = cls.env["res.partner"].create(
            {"name": "Wang Fang", "parent_id": cls.customer.id, "phone": "+86 10 5555"}
        )

    def test_record_followup_creates_phone_answer(self):
        ticket = self._closed_ticket(partner_id=self.phone_contact.id)
        action = ticket.with_user(self.technician).action_record_followup()
        answer = ticket.survey_user_input_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.aftersales_channel, "phone")
        self.assertEqual(answer.partner_id, self.phone_contact)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], answer.get_start_url())
        # Asking again reuses the same answer.
        ticket.with_user(self.technician).action_record_followup()
        self.assertEqual(ticket.survey_user_input_ids, answer)

    def test_completing_phone_answer_marks_activity_done(self):
        ticket = self._closed_ticket(partner_id=self.phone_contact.id)
        call = self._activities(ticket, self.followup_type)
        self.assertEqual(len(call), 1)
        ticket.with_user(self.technician).action_record_followup()
        self._answer(
            ticket.survey_user_input_ids,
            {self.q_overall: "4", self.q_recommend: "8"},
        )
        self.assertFalse(call.exists(), "the done activity leaves the ticket")
        self.assertFalse(self._activities(ticket, self.followup_type))
        done_message = ticket.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.followup_type
        )
        self.assertTrue(done_message, "the call is logged as done in the chatter")
        self.assertEqual(ticket.csat_score, 75.0)
        self.assertEqual(ticket.survey_answer_id.aftersales_channel, "phone")

    def test_record_followup_takes_over_pending_email_invitation(self):
        ticket = self._closed_ticket()
        answer = ticket.survey_user_input_ids
        self.assertEqual(answer.aftersales_channel, "email")
        ticket.action_record_followup()
        self.assertEqual(ticket.survey_user_input_ids, answer)
        self.assertEqual(answer.aftersales_channel, "phone")

    def test_record_followup_refused_once_answered(self):
        ticket = self._closed_ticket()
        self._answer(ticket.survey_user_input_ids, {self.q_overall: "5"})
        with self.assertRaises(UserError):
            ticket.action_record_followup()

    def test_record_followup_refused_for_opt_out(self):
        self.phone_contact.aftersales_survey_opt_out = True
        ticket = self._closed_ticket(partner_id=self.phone_contact.id)
        with self.assertRaises(UserError):
            ticket.action_record_followup()
