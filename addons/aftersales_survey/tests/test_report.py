from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestReport(AftersalesSurveyCommon):
    def test_csat_nps_and_response_rate_by_team(self):
        promoter = self._closed_ticket()
        self._answer(
            promoter.survey_user_input_ids,
            {self.q_overall: "5", self.q_recommend: "10"},
        )
        detractor = self._closed_ticket()
        self._answer(
            detractor.survey_user_input_ids,
            {self.q_overall: "2", self.q_recommend: "4"},
        )
        self._closed_ticket()  # invited, never answered
        self._closed_ticket()
        self.env.flush_all()
        Report = self.env["aftersales.survey.report"]
        [[csat, nps, rate, invitations, answers]] = Report._read_group(
            [("team_id", "=", self.team.id)],
            aggregates=[
                "csat_score:avg",
                "nps:avg",
                "response_rate:avg",
                "invitation_count:sum",
                "answer_count:sum",
            ],
        )
        self.assertAlmostEqual(csat, 62.5)  # (100 + 25) / 2, unanswered ignored
        self.assertAlmostEqual(nps, 0.0)  # 50 % promoters - 50 % detractors
        self.assertAlmostEqual(rate, 50.0)
        self.assertEqual(invitations, 4)
        self.assertEqual(answers, 2)
        detractors = Report.search(
            [("team_id", "=", self.team.id), ("nps_category", "=", "detractor")]
        )
        self.assertEqual(detractors.ticket_id, detractor)
        self.assertTrue(detractors.is_low_score)
        self.assertEqual(detractors.user_id, self.technician)

    def test_analysis_views_for_officer(self):
        ticket = self._closed_ticket()
        self._answer(ticket.survey_user_input_ids, {self.q_overall: "4"})
        self.env.flush_all()
        Report = self.env["aftersales.survey.report"].with_user(self.leader)
        views = Report.get_views(
            [(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")]
        )
        self.assertEqual(set(views["views"]), {"pivot", "graph", "list", "search"})
        groups = Report.read_group(
            [("ticket_id", "=", ticket.id)],
            ["csat_score:avg", "response_rate:avg"],
            ["user_id", "sla_status", "invitation_date:month"],
            lazy=False,
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["csat_score"], 75.0)
        self.assertEqual(groups[0]["user_id"][0], self.technician.id)
