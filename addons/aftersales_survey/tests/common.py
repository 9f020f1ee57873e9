from odoo.addons.aftersales_service.tests.common import AftersalesCommon


class AftersalesSurveyCommon(AftersalesCommon):
    """Base fixture plus the default satisfaction survey on the test team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("aftersales_survey.survey_aftersales_satisfaction")
        cls.q_timeliness = cls.env.ref("aftersales_survey.survey_question_timeliness")
        cls.q_technician = cls.env.ref("aftersales_survey.survey_question_technician")
        cls.q_solution = cls.env.ref("aftersales_survey.survey_question_solution")
        cls.q_overall = cls.env.ref("aftersales_survey.survey_question_overall")
        cls.q_recommend = cls.env.ref("aftersales_survey.survey_question_recommend")
        cls.q_comment = cls.env.ref("aftersales_survey.survey_question_comment")
        cls.team.write(
            {
                "survey_enabled": True,
                "survey_id": cls.survey.id,
                "survey_delay_days": 0,
                "survey_low_score_threshold": 60.0,
            }
        )
        cls.followup_type = cls.env.ref(
            "aftersales_service.mail_activity_type_followup_call"
        )
        cls.low_score_type = cls.env.ref(
            "aftersales_survey.mail_activity_type_low_score"
        )

    @classmethod
    def _ticket_vals(cls, **overrides):
        # Repair tickets need a quality decision before they may be closed.
        overrides.setdefault("quality_issue", "not_confirmed")
        return super()._ticket_vals(**overrides)

    def _close(self, ticket):
        ticket.stage_id = self.stage_closed
        return ticket

    def _closed_ticket(self, **overrides):
        ticket = self._create_ticket(**overrides)
        ticket.user_id = self.technician
        return self._close(ticket)

    def _answer(self, user_input, values, done=True):
        """Fill `user_input` with {question: value} as the survey frontend
        does (values are strings; None skips the question)."""
        for question, value in values.items():
            user_input._save_lines(question, value)
        if done:
            user_input._mark_done()
        return user_input

    def _activities(self, ticket, activity_type):
        return ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
