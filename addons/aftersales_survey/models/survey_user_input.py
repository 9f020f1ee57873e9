import logging

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)

SATISFACTION_LEVELS = [
    ("very_satisfied", "Very satisfied"),
    ("satisfied", "Satisfied"),
    ("neutral", "Neutral"),
    ("dissatisfied", "Dissatisfied"),
    ("very_dissatisfied", "Very dissatisfied"),
]


def satisfaction_level_from_scores(csat, nps):
    """Level of a CSAT score (0-100), or of an NPS answer (0-10) when no
    satisfaction question was answered; False when neither is known."""
    if csat is None and nps is None:
        return False
    value = csat if csat is not None else nps * 10
    if value >= 87.5:
        return "very_satisfied"
    if value >= 62.5:
        return "satisfied"
    if value >= 37.5:
        return "neutral"
    if value >= 12.5:
        return "dissatisfied"
    return "very_dissatisfied"


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    aftersales_ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="After-Sales Ticket",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
    )
    aftersales_channel = fields.Selection(
        [("email", "E-mail"), ("portal", "Portal"), ("phone", "Phone")],
        string="Survey Channel",
        help="How the customer was asked: e-mailed link, customer portal, or "
        "a follow-up call where the agent filled in the answers.",
    )
    aftersales_send_date = fields.Datetime(
        string="Invitation Due",
        copy=False,
        help="The invitation e-mail is sent by a scheduled action from this time on.",
    )
    aftersales_sent_date = fields.Datetime(
        string="Invitation Sent", readonly=True, copy=False
    )
    aftersales_csat_score = fields.Float(
        string="CSAT", readonly=True, copy=False, aggregator="avg"
    )
    aftersales_has_csat = fields.Boolean(
        string="Has CSAT Answer", readonly=True, copy=False
    )
    aftersales_nps_score = fields.Integer(
        string="NPS Answer", readonly=True, copy=False, aggregator="avg"
    )
    aftersales_has_nps = fields.Boolean(
        string="Has NPS Answer", readonly=True, copy=False
    )
    aftersales_satisfaction_level = fields.Selection(
        SATISFACTION_LEVELS, string="Satisfaction", readonly=True, copy=False
    )

    # ------------------------------------------------------------------
    # Scores
    # ------------------------------------------------------------------
    def _aftersales_score_values(self):
        """Return the score values of one answer. Skipped questions and
        questions without a score flag are ignored; CSAT is the mean of the
        flagged answers rescaled to 0-100, NPS the mean of the 0-10 answers."""
        self.ensure_one()
        csat_values, nps_values = [], []
        lines = self.user_input_line_ids.filtered(
            lambda line: not line.skipped and line.question_id.aftersales_score_type
        )
        for line in lines:
            value = line._aftersales_score_value()
            if value is None:
                continue
            question = line.question_id
            if question.aftersales_score_type == "nps":
                nps_values.append(value)
                continue
            low, high = question._aftersales_value_range()
            if high > low:
                ratio = (value - low) / (high - low)
                csat_values.append(min(max(ratio, 0.0), 1.0) * 100.0)
        csat = round(sum(csat_values) / len(csat_values), 2) if csat_values else None
        nps = round(sum(nps_values) / len(nps_values)) if nps_values else None
        return {
            "aftersales_csat_score": csat or 0.0,
            "aftersales_has_csat": csat is not None,
            "aftersales_nps_score": nps or 0,
            "aftersales_has_nps": nps is not None,
            "aftersales_satisfaction_level": satisfaction_level_from_scores(csat, nps),
        }

    def _aftersales_compute_scores(self):
        for answer in self:
            answer.write(answer._aftersales_score_values())

    def _aftersales_threshold_score(self):
        """Score compared with the team's low-score threshold (0-100)."""
        self.ensure_one()
        if self.aftersales_has_csat:
            return self.aftersales_csat_score
        if self.aftersales_has_nps:
            return self.aftersales_nps_score * 10.0
        return None

    def _aftersales_comments(self):
        """Free-text answers of the customer, in question order."""
        lines = self.user_input_line_ids.filtered(
            lambda line: not line.skipped
            and line.answer_type in ("text_box", "char_box")
        ).sorted(lambda line: (line.question_sequence, line.id))
        return [
            line.value_text_box or line.value_char_box
            for line in lines
            if line.value_text_box or line.value_char_box
        ]

    def _mark_done(self):
        res = super()._mark_done()
        answers = self.filtered(lambda a: a.aftersales_ticket_id and not a.test_entry)
        if answers:
            answers._aftersales_compute_scores()
            for answer in answers:
                answer.aftersales_ticket_id._aftersales_survey_completed(answer)
        return res

    # ------------------------------------------------------------------
    # Invitations
    # ------------------------------------------------------------------
    def _aftersales_send_invitation(self):
        """E-mail the survey link of each invitation and log it on the ticket."""
        template = self.env.ref(
            "aftersales_survey.mail_template_aftersales_survey_invite",
            raise_if_not_found=False,
        )
        if not template:
            return
        now = fields.Datetime.now()
        for answer in self:
            template.send_mail(
                answer.id, email_layout_xmlid="mail.mail_notification_light"
            )
            answer.aftersales_sent_date = now
            answer.aftersales_ticket_id.message_post(
                body=_(
                    "Satisfaction survey sent to %(partner)s.",
                    partner=answer.partner_id.display_name or answer.email,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _cron_send_aftersales_invitations(self, limit=200):
        """Send the invitations whose team delay is over (scheduled action)."""
        answers = self.search(
            [
                ("aftersales_ticket_id", "!=", False),
                ("aftersales_channel", "=", "email"),
                ("aftersales_sent_date", "=", False),
                ("aftersales_send_date", "<=", fields.Datetime.now()),
                ("state", "=", "new"),
            ],
            limit=limit,
        )
        answers._aftersales_send_invitation()
        if len(answers) == limit:
            self.env.ref("aftersales_survey.ir_cron_aftersales_survey_send")._trigger()
        return answers
