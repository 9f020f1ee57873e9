import re

from odoo.tests import HttpCase, tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyUi(AftersalesSurveyCommon, HttpCase):
    def test_answer_survey_from_email_link(self):
        ticket = self._closed_ticket()
        answer = ticket.survey_user_input_ids
        mail = self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "=", answer.id)]
        )
        self.assertEqual(len(mail), 1)
        links = re.findall(r'href="([^"]*/survey/start/[^"]*)"', mail.body_html)
        self.assertTrue(links, "the e-mail carries the survey link")
        url = links[0].replace("&amp;", "&")
        path = url[url.index("/survey/start/") :]
        self.assertIn(answer.access_token, path)
        self.start_tour(path, "aftersales_survey_answer_tour")
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.aftersales_channel, "email")
        # 4, 5, 5, 4 on 1-5 -> 75, 100, 100, 75
        self.assertAlmostEqual(ticket.csat_score, 87.5)
        self.assertEqual(ticket.nps_score, 9)
        self.assertEqual(ticket.satisfaction_level, "very_satisfied")
        self.assertIn(
            "Quick repair", answer.user_input_line_ids.mapped("value_text_box")
        )
        completed = ticket.message_ids.filtered(
            lambda m: "Satisfaction survey completed" in (m.body or "")
        )
        self.assertEqual(completed.author_id, self.contact)

    def test_agent_records_followup_call_in_browser(self):
        contact = self.env["res.partner"].create(
            {"name": "Zhao Lei", "parent_id": self.customer.id, "phone": "+86 20 8888"}
        )
        ticket = self._closed_ticket(partner_id=contact.id)
        call = self._activities(ticket, self.followup_type)
        self.assertEqual(len(call), 1)
        # The link of the follow-up-call activity, opened by the technician.
        self.start_tour(
            f"/aftersales_survey/followup/{ticket.id}",
            "aftersales_survey_followup_tour",
            login="as_tech",
        )
        answer = ticket.survey_user_input_ids
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.aftersales_channel, "phone")
        self.assertEqual(answer.partner_id, contact)
        self.assertFalse(call.exists(), "completing the call survey marks it done")
        self.assertAlmostEqual(ticket.csat_score, 87.5)

    def test_followup_link_changes_nothing_on_get(self):
        """Opening the activity's link (a GET, which browsers and mail
        scanners prefetch) records nothing; only the page's POST does."""
        ticket = self._closed_ticket()
        answers = ticket.survey_user_input_ids
        self.authenticate("as_tech", "as_tech")
        page = self.url_open(f"/aftersales_survey/followup/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_aftersales_followup_record", page.text)
        self.assertEqual(ticket.survey_user_input_ids, answers)
        self.assertFalse(
            ticket.survey_user_input_ids.filtered(
                lambda a: a.aftersales_channel == "phone"
            )
        )
        # a POST without the CSRF token is refused too
        response = self.url_open(
            f"/aftersales_survey/followup/{ticket.id}",
            data={"record": "1"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ticket.survey_user_input_ids, answers)

    def test_technician_reviews_low_score_and_reopens_as_complaint(self):
        ticket = self._closed_ticket(name="Tour: panel flickers again")
        ticket.action_record_followup()
        self._answer(
            ticket.survey_user_input_ids,
            {self.q_overall: "2", self.q_recommend: "2"},
        )
        self.assertTrue(ticket.survey_low_score)
        self.start_tour(
            f"/odoo/action-aftersales_service.action_aftersales_ticket/{ticket.id}",
            "aftersales_survey_backend_tour",
            login="as_tech",
        )
        complaint = ticket.complaint_ticket_ids
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.name, "Complaint: Tour: panel flickers again")
        self.assertEqual(complaint.ticket_type_id, self.type_complaint)
