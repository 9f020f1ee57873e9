# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.button_guards_common import (
    ButtonGuardsMixin,
)

from .common import AftersalesSurveyCommon

SURVEY_GUARDS = [
    ("can_record_followup", "action_record_followup"),
    ("can_reopen_as_complaint", "action_reopen_as_complaint"),
]


@tagged("post_install", "-at_install")
class TestSurveyButtonGuards(ButtonGuardsMixin, AftersalesSurveyCommon):
    """The follow-up call and the reopening as a complaint are offered on the
    ticket exactly when their actions are allowed."""

    def _allowed(self, ticket, step):
        shown = self.assertButtonsFollowGuards(
            ticket.with_user(self.technician), SURVEY_GUARDS, step
        )
        return {can for can, value in shown.items() if value}

    def test_survey_buttons_follow_guards_through_the_ticket_life(self):
        ticket = self._create_ticket(user_id=self.technician.id)
        self.assertEqual(
            self._allowed(ticket, "open"), set(), "the call follows the service"
        )
        # the technician closes it (and the invitation goes out)
        self._close(ticket.with_user(self.technician))
        self.assertTrue(ticket.survey_user_input_ids.aftersales_sent_date)
        self.assertEqual(self._allowed(ticket, "closed"), {"can_record_followup"})
        ticket.with_user(self.technician).action_record_followup()
        self._answer(
            ticket.survey_user_input_ids,
            {self.q_overall: "2", self.q_recommend: "2"},
        )
        self.assertTrue(ticket.survey_low_score)
        self.assertEqual(
            self._allowed(ticket, "low score"), {"can_reopen_as_complaint"}
        )
        ticket.with_user(self.technician).action_reopen_as_complaint()
        self.assertEqual(self._allowed(ticket, "reopened"), set())

    def test_cancelled_ticket_gets_no_followup_call(self):
        ticket = self._create_ticket(user_id=self.technician.id)
        ticket.with_user(self.technician).stage_id = self.stage_cancelled
        self.assertEqual(self._allowed(ticket, "cancelled"), set())

    def test_opted_out_customer_gets_no_followup_call(self):
        self.contact.aftersales_survey_opt_out = True
        ticket = self._closed_ticket()
        self.assertEqual(self._allowed(ticket, "opted out"), set())

    def test_ticket_form_buttons_use_their_guards(self):
        self.assertButtonsUseGuards(
            "aftersales_survey.aftersales_ticket_view_form",
            {method: can for can, method in SURVEY_GUARDS},
        )
