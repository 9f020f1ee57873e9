from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestScores(AftersalesSurveyCommon):
    def test_full_answer(self):
        ticket = self._closed_ticket()
        self._answer(
            ticket.survey_user_input_ids,
            {
                self.q_timeliness: "5",
                self.q_technician: "4",
                self.q_solution: "4",
                self.q_overall: "5",
                self.q_recommend: "9",
                self.q_comment: "Fast and friendly.",
            },
        )
        # (100 + 75 + 75 + 100) / 4
        self.assertAlmostEqual(ticket.csat_score, 87.5)
        self.assertEqual(ticket.nps_score, 9)
        self.assertEqual(ticket.satisfaction_level, "very_satisfied")
        self.assertEqual(ticket.survey_answer_id, ticket.survey_user_input_ids)
        self.assertFalse(ticket.survey_low_score)

    def test_partial_and_skipped_answers_are_ignored(self):
        ticket = self._closed_ticket()
        self._answer(
            ticket.survey_user_input_ids,
            {
                self.q_timeliness: "3",
                self.q_technician: "",  # skipped
                self.q_overall: "4",
                self.q_recommend: "0",  # zero is an answer, not a skip
            },
        )
        # Only the two answered CSAT questions count: (50 + 75) / 2
        self.assertAlmostEqual(ticket.csat_score, 62.5)
        self.assertEqual(ticket.nps_score, 0)
        answer = ticket.survey_user_input_ids
        self.assertTrue(answer.aftersales_has_nps)
        self.assertEqual(ticket.satisfaction_level, "satisfied")

    def test_no_scored_answer_gives_no_level(self):
        ticket = self._closed_ticket()
        self._answer(ticket.survey_user_input_ids, {self.q_comment: "No comment"})
        answer = ticket.survey_user_input_ids
        self.assertFalse(answer.aftersales_has_csat)
        self.assertFalse(answer.aftersales_has_nps)
        self.assertFalse(ticket.satisfaction_level)
        self.assertFalse(ticket.survey_low_score)

    def test_nps_only_gives_level(self):
        ticket = self._closed_ticket()
        self._answer(ticket.survey_user_input_ids, {self.q_recommend: "3"})
        self.assertEqual(ticket.satisfaction_level, "dissatisfied")

    def test_unflagged_question_does_not_count(self):
        self.q_solution.aftersales_score_type = False
        ticket = self._closed_ticket()
        self._answer(
            ticket.survey_user_input_ids,
            {self.q_timeliness: "5", self.q_solution: "1"},
        )
        self.assertAlmostEqual(ticket.csat_score, 100.0)

    def test_choice_question_uses_answer_scores(self):
        question = self.env["survey.question"].create(
            {
                "survey_id": self.survey.id,
                "title": "Was the problem solved?",
                "question_type": "simple_choice",
                "aftersales_score_type": "csat",
                "suggested_answer_ids": [
                    (0, 0, {"value": "Yes", "answer_score": 2}),
                    (0, 0, {"value": "Partly", "answer_score": 1}),
                    (0, 0, {"value": "No", "answer_score": 0}),
                ],
            }
        )
        partly = question.suggested_answer_ids.filtered(lambda a: a.value == "Partly")
        ticket = self._closed_ticket()
        self._answer(ticket.survey_user_input_ids, {question: str(partly.id)})
        self.assertAlmostEqual(ticket.csat_score, 50.0)

    def test_text_question_cannot_feed_a_score(self):
        with self.assertRaises(ValidationError):
            self.q_comment.aftersales_score_type = "csat"
