from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesTeam(models.Model):
    _inherit = "aftersales.team"

    def _default_survey_id(self):
        return self.env.ref(
            "aftersales_survey.survey_aftersales_satisfaction",
            raise_if_not_found=False,
        )

    survey_enabled = fields.Boolean(
        string="Satisfaction Survey",
        default=True,
        help="Send a satisfaction survey when a ticket of this team is closed.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Survey",
        default=_default_survey_id,
        domain=[("survey_type", "in", ("survey", "custom"))],
    )
    survey_delay_days = fields.Integer(
        string="Survey Delay (days)",
        default=0,
        help="Days after closing before the invitation e-mail is sent.",
    )
    survey_low_score_threshold = fields.Float(
        string="Low-Score Threshold",
        default=60.0,
        help="A completed survey scoring under this CSAT (0-100) schedules an "
        "activity for the team leader and offers to reopen the case as a "
        "complaint. Answers without CSAT use the NPS answer x 10.",
    )

    @api.model
    def _aftersales_install_default_survey(self):
        """Give the default survey to the teams that existed before this
        addon was installed (their column default could not see the survey
        data yet)."""
        survey = self._default_survey_id()
        teams = self.with_context(active_test=False).search([("survey_id", "=", False)])
        if survey and teams:
            teams.survey_id = survey

    @api.constrains("survey_delay_days", "survey_low_score_threshold")
    def _check_survey_settings(self):
        for team in self:
            if team.survey_delay_days < 0:
                raise ValidationError(
                    _("The survey delay of team %s cannot be negative.", team.name)
                )
            if not 0 <= team.survey_low_score_threshold <= 100:
                raise ValidationError(
                    _(
                        "The low-score threshold of team %s must be between "
                        "0 and 100.",
                        team.name,
                    )
                )
