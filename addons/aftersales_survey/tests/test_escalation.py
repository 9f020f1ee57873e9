from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestEscalation(AftersalesSurveyCommon):
    def _low_score_ticket(self):
        ticket = self._closed_ticket(lot_id=self.lot.id)
        self._answer(
            ticket.survey_user_input_ids,
            {
                self.q_timeliness: "2",
                self.q_overall: "2",
                self.q_recommend: "3",
                self.q_comment: "The unit failed again after two days.",
            },
        )
        return ticket

    def test_low_score_schedules_activity_for_leader(self):
        ticket = self._low_score_ticket()
        self.assertAlmostEqual(ticket.csat_score, 25.0)
        self.assertTrue(ticket.survey_low_score)
        self.assertTrue(ticket.can_reopen_as_complaint)
        activity = self._activities(ticket, self.low_score_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.leader)

    def test_score_at_threshold_is_not_escalated(self):
        self.team.survey_low_score_threshold = 50.0
        ticket = self._closed_ticket()
        self._answer(ticket.survey_user_input_ids, {self.q_overall: "3"})
        self.assertEqual(ticket.csat_score, 50.0)
        self.assertFalse(ticket.survey_low_score)
        self.assertFalse(self._activities(ticket, self.low_score_type))
        with self.assertRaises(UserError):
            ticket.action_reopen_as_complaint()

    def test_reopen_as_complaint(self):
        ticket = self._low_score_ticket()
        action = ticket.with_user(self.leader).action_reopen_as_complaint()
        complaint = self.env["aftersales.ticket"].browse(action["res_id"])
        self.assertEqual(complaint.complaint_origin_ticket_id, ticket)
        self.assertEqual(complaint.ticket_type_id, self.type_complaint)
        self.assertEqual(complaint.partner_id, ticket.partner_id)
        self.assertEqual(complaint.lot_id, self.lot)
        self.assertEqual(complaint.user_id, self.leader)
        self.assertTrue(complaint.stage_id.is_new)
        self.assertIn("failed again", complaint.description)
        self.assertEqual(ticket.complaint_ticket_ids, complaint)
        self.assertFalse(ticket.can_reopen_as_complaint)
        with self.assertRaises(UserError):
            ticket.action_reopen_as_complaint()
