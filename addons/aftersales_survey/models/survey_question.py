from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SCORED_QUESTION_TYPES = ("scale", "simple_choice", "numerical_box")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    # The seeds define no scale (SRV-12): which questions feed the after-sales
    # scores is a setting of each question.
    aftersales_score_type = fields.Selection(
        [("csat", "CSAT (satisfaction)"), ("nps", "NPS (recommendation)")],
        string="After-Sales Score",
        help="CSAT: the answer counts in the satisfaction score (0-100), "
        "rescaled from the question's range, e.g. 1-5.\n"
        "NPS: the answer is the likelihood to recommend (0-10).",
    )

    @api.constrains("aftersales_score_type", "question_type")
    def _check_aftersales_score_type(self):
        for question in self.filtered("aftersales_score_type"):
            if question.question_type not in SCORED_QUESTION_TYPES:
                raise ValidationError(
                    _(
                        "Question '%(question)s' cannot feed an after-sales score: "
                        "only scale, single-choice and numerical questions can.",
                        question=question.title,
                    )
                )

    def _aftersales_value_range(self):
        """Return (minimum, maximum) a scored answer to this question can take."""
        self.ensure_one()
        if self.question_type == "scale":
            return self.scale_min, self.scale_max
        if self.question_type == "simple_choice":
            scores = self.suggested_answer_ids.mapped("answer_score") or [0.0]
            return min(scores), max(scores)
        if self.aftersales_score_type == "nps":
            return 0, 10
        return 1, 5
