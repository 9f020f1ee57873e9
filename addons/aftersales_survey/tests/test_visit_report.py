from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestVisitReport(AftersalesSurveyCommon):
    def _report_html(self, visit):
        return str(
            self.env["ir.actions.report"]._render_qweb_html(
                "aftersales_service.action_report_aftersales_visit", visit.ids
            )[0]
        )

    def test_service_report_shows_survey_satisfaction(self):
        ticket = self._closed_ticket()
        visit = self.env["aftersales.visit"].create(
            {
                "ticket_id": ticket.id,
                "scheduled_start": "2026-05-04 09:00:00",
                "scheduled_end": "2026-05-04 10:00:00",
            }
        )
        self.assertNotIn("Satisfaction survey:", self._report_html(visit))
        self._answer(
            ticket.survey_user_input_ids,
            {
                self.q_timeliness: "5",
                self.q_technician: "5",
                self.q_solution: "4",
                self.q_overall: "5",
                self.q_recommend: "10",
            },
        )
        html = self._report_html(visit)
        self.assertIn("Satisfaction survey:", html)
        self.assertIn("Very satisfied", html)
        self.assertIn("(CSAT <span>94</span>)", html)
