from odoo import models


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    def _aftersales_score_value(self):
        """Numeric value of a scored answer line, None when it has none."""
        self.ensure_one()
        if self.answer_type == "scale":
            return self.value_scale
        if self.answer_type == "suggestion" and self.suggested_answer_id:
            return self.suggested_answer_id.answer_score
        if self.answer_type == "numerical_box":
            return self.value_numerical_box
        return None
