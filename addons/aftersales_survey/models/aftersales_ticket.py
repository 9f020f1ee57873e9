from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .survey_user_input import SATISFACTION_LEVELS


class AftersalesTicket(models.Model):
    _inherit = "aftersales.ticket"

    survey_user_input_ids = fields.One2many(
        "survey.user_input",
        "aftersales_ticket_id",
        string="Survey Answers",
        copy=False,
        groups="base.group_user",
    )
    survey_user_input_count = fields.Integer(
        compute="_compute_survey_user_input_count",
        string="Surveys",
        groups="base.group_user",
    )
    survey_invited = fields.Boolean(
        string="Survey Requested",
        readonly=True,
        copy=False,
        help="Set when the ticket was closed for the first time and its customer "
        "was asked for a satisfaction survey (e-mail or follow-up call). A "
        "ticket is never asked twice.",
        groups="base.group_user",
    )
    survey_answer_id = fields.Many2one(
        "survey.user_input",
        string="Satisfaction Answer",
        compute="_compute_survey_scores",
        store=True,
        groups="base.group_user",
    )
    csat_score = fields.Float(
        string="CSAT",
        compute="_compute_survey_scores",
        store=True,
        aggregator="avg",
        help="Customer satisfaction (0-100) from the completed survey.",
        groups="base.group_user",
    )
    nps_score = fields.Integer(
        string="NPS Answer",
        compute="_compute_survey_scores",
        store=True,
        aggregator="avg",
        help="Likelihood to recommend (0-10) from the completed survey.",
        groups="base.group_user",
    )
    satisfaction_level = fields.Selection(
        SATISFACTION_LEVELS,
        string="Satisfaction",
        compute="_compute_survey_scores",
        store=True,
        groups="base.group_user",
    )
    survey_low_score = fields.Boolean(
        string="Low Satisfaction",
        compute="_compute_survey_scores",
        store=True,
        help="The completed survey scored under the team's low-score threshold.",
        groups="base.group_user",
    )
    complaint_origin_ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="Complaint About",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The ticket whose low satisfaction score led to this complaint.",
        groups="base.group_user",
    )
    complaint_ticket_ids = fields.One2many(
        "aftersales.ticket",
        "complaint_origin_ticket_id",
        string="Complaints",
        groups="base.group_user",
    )
    can_reopen_as_complaint = fields.Boolean(
        compute="_compute_can_reopen_as_complaint", groups="base.group_user"
    )
    can_record_followup = fields.Boolean(
        compute="_compute_can_record_followup", groups="base.group_user"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_survey_user_input_count(self):
        counts = dict(
            self.env["survey.user_input"]._read_group(
                [("aftersales_ticket_id", "in", self.ids)],
                ["aftersales_ticket_id"],
                ["__count"],
            )
        )
        for ticket in self:
            ticket.survey_user_input_count = counts.get(ticket, 0)

    @api.depends(
        "survey_user_input_ids.state",
        "survey_user_input_ids.aftersales_csat_score",
        "survey_user_input_ids.aftersales_nps_score",
        "survey_user_input_ids.aftersales_satisfaction_level",
        "team_id.survey_low_score_threshold",
    )
    def _compute_survey_scores(self):
        for ticket in self:
            answer = ticket.survey_user_input_ids.filtered(
                lambda a: a.state == "done" and not a.test_entry
            ).sorted(lambda a: (a.end_datetime or a.create_date, a.id))[-1:]
            ticket.survey_answer_id = answer
            ticket.csat_score = answer.aftersales_csat_score
            ticket.nps_score = answer.aftersales_nps_score
            ticket.satisfaction_level = answer.aftersales_satisfaction_level
            score = answer._aftersales_threshold_score() if answer else None
            ticket.survey_low_score = (
                score is not None and score < ticket.team_id.survey_low_score_threshold
            )

    @api.depends("survey_low_score", "complaint_ticket_ids")
    def _compute_can_reopen_as_complaint(self):
        for ticket in self:
            ticket.can_reopen_as_complaint = not ticket._refusal_reopen_as_complaint()

    def _refusal_reopen_as_complaint(self):
        self.ensure_one()
        if self.survey_low_score and not self.complaint_ticket_ids:
            return False
        return _(
            "Only a ticket with a low satisfaction score and no "
            "complaint yet can be reopened as a complaint (%s).",
            self.display_name,
        )

    @api.depends(
        "stage_id.is_closed",
        "stage_id.is_cancel",
        "partner_id.aftersales_survey_opt_out",
        "commercial_partner_id.aftersales_survey_opt_out",
        "survey_user_input_ids.state",
    )
    def _compute_can_record_followup(self):
        for ticket in self:
            ticket.can_record_followup = not ticket._refusal_record_followup()

    # ------------------------------------------------------------------
    # Invitation on closing
    # ------------------------------------------------------------------
    def _aftersales_survey_candidates(self):
        """Tickets whose customer must now be asked for a survey: never asked
        before, the team sends surveys and the customer did not opt out."""
        return self.filtered(
            lambda t: not t.survey_invited
            and not t.sudo().survey_user_input_ids
            and t.team_id.survey_enabled
            and t.team_id.survey_id
            and not t.partner_id.aftersales_survey_opt_out
            and not t.commercial_partner_id.aftersales_survey_opt_out
        )

    def _stage_entered(self, stage, when):
        res = super()._stage_entered(stage, when)
        if stage.is_closed and not stage.is_cancel:
            self._aftersales_survey_invite(when)
        return res

    def _prepare_survey_answer_vals(self, channel, send_date=False):
        """Values of the survey answer (invitation) created for this ticket."""
        self.ensure_one()
        return {
            "aftersales_ticket_id": self.id,
            "aftersales_channel": channel,
            "aftersales_send_date": send_date,
        }

    def _aftersales_create_survey_answer(self, channel, send_date=False):
        self.ensure_one()
        survey = (
            self.team_id.survey_id or self.env["aftersales.team"]._default_survey_id()
        )
        if not survey:
            raise UserError(
                _(
                    "No satisfaction survey is configured for team %s: choose "
                    "one in the team's settings.",
                    self.team_id.display_name or _("(none)"),
                )
            )
        return survey.sudo()._create_answer(
            partner=self.partner_id,
            check_attempts=False,
            **self._prepare_survey_answer_vals(channel, send_date),
        )

    def _aftersales_survey_invite(self, when=None):
        """Create the one invitation of each newly closed ticket; send it at
        once when the team's delay is zero, else the scheduled action will."""
        when = when or fields.Datetime.now()
        candidates = self._aftersales_survey_candidates()
        if not candidates:
            return self.env["survey.user_input"]
        by_email = candidates.filtered("partner_id.email")
        # the answers are created as superuser: keep them so, whoever closes
        answers = self.env["survey.user_input"].sudo()
        for ticket in by_email:
            send_date = fields.Datetime.add(when, days=ticket.team_id.survey_delay_days)
            answers |= ticket._aftersales_create_survey_answer("email", send_date)
        candidates.survey_invited = True
        candidates._aftersales_link_followup_activities()
        now = fields.Datetime.now()
        answers.filtered(
            lambda a: a.aftersales_send_date <= now
        )._aftersales_send_invitation()
        return answers

    def _aftersales_link_followup_activities(self):
        """Put the "Record follow-up" link in the follow-up-call activity
        (SLA-03) that the base addon schedules on closing. Customers with an
        e-mail also got the survey: answering it closes the call."""
        activity_type = self.env.ref(
            "aftersales_service.mail_activity_type_followup_call",
            raise_if_not_found=False,
        )
        if not activity_type or not self:
            return
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
                ("note", "=", False),
            ]
        )
        tickets = self.browse(activities.mapped("res_id"))
        with_email = set(tickets.filtered("partner_id.email").ids)
        for activity in activities:
            intro = (
                _(
                    "The satisfaction survey was e-mailed; this call is done "
                    "when the customer answers it. You may also call and"
                )
                if activity.res_id in with_email
                else _("The customer has no e-mail address: call and")
            )
            activity.note = Markup(
                '<p>%s <a href="/aftersales_survey/followup/%s">%s</a></p>'
            ) % (intro, activity.res_id, _("record the follow-up survey"))

    # ------------------------------------------------------------------
    # Completion, escalation
    # ------------------------------------------------------------------
    def _aftersales_survey_completed(self, answer):
        """Called when the survey answer of this ticket is completed."""
        self.ensure_one()
        self._aftersales_close_followup_activities()
        scores = []
        if answer.aftersales_has_csat:
            scores.append(_("CSAT %s", round(answer.aftersales_csat_score)))
        if answer.aftersales_has_nps:
            scores.append(_("NPS answer %s", answer.aftersales_nps_score))
        self.message_post(
            body=_(
                "Satisfaction survey completed (%(channel)s): %(scores)s.",
                channel=dict(
                    answer._fields["aftersales_channel"]._description_selection(
                        self.env
                    )
                ).get(answer.aftersales_channel, "-"),
                scores=", ".join(scores) or _("no score"),
            ),
            subtype_xmlid="mail.mt_note",
            author_id=self._aftersales_answer_author(answer),
        )
        score = answer._aftersales_threshold_score()
        if score is not None and score < self.team_id.survey_low_score_threshold:
            self._aftersales_escalate_low_score(answer, score)

    def _aftersales_answer_author(self, answer):
        """Author of the chatter notes about an answer: a customer answering
        the e-mailed link is the public user, the notes name the customer."""
        if self.env.user._is_public() and answer.partner_id:
            return answer.partner_id.id
        return None

    def _aftersales_close_followup_activities(self):
        activity_type = self.env.ref(
            "aftersales_service.mail_activity_type_followup_call",
            raise_if_not_found=False,
        )
        activities = self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        if activities:
            activities.action_feedback(feedback=_("Satisfaction survey recorded."))

    def _aftersales_escalate_low_score(self, answer, score):
        """A dissatisfied customer: the team leader gets an activity."""
        self.ensure_one()
        leader = self.team_id.user_id or self.user_id
        activity_type = self.env.ref(
            "aftersales_survey.mail_activity_type_low_score",
            raise_if_not_found=False,
        )
        summary = _(
            "Low satisfaction score (%(score)s) from %(partner)s",
            score=round(score),
            partner=self.partner_id.display_name,
        )
        if leader and activity_type:
            self.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                user_id=leader.id,
                summary=summary,
                note=_(
                    "Call the customer back, then handle the case again or "
                    "reopen it as a complaint."
                ),
            )
        self.message_post(
            body=summary,
            subtype_xmlid="mail.mt_note",
            author_id=self._aftersales_answer_author(answer),
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _refusal_record_followup(self):
        """Why the follow-up call of this ticket cannot be recorded, or
        False: the call follows a closed ticket whose customer accepts
        surveys and has not answered yet."""
        self.ensure_one()
        if not self.id:
            return _("Save the ticket first.")
        if not self.is_closed or self.is_cancel:
            return _(
                "Ticket %s is not closed: the follow-up call comes after the "
                "service.",
                self.display_name,
            )
        if (
            self.partner_id.aftersales_survey_opt_out
            or self.commercial_partner_id.aftersales_survey_opt_out
        ):
            return _(
                "%s does not want satisfaction surveys.",
                self.partner_id.display_name,
            )
        if self.survey_user_input_ids.filtered(lambda a: a.state == "done"):
            return _(
                "The customer of %s has already answered the satisfaction survey.",
                self.display_name,
            )
        return False

    def _check_can_record_followup(self):
        self._aftersales_ensure("_refusal_record_followup")

    def action_record_followup(self):
        """Open the ticket's survey for the agent to fill in during the
        follow-up call; the answer is the ticket's one invitation."""
        self.ensure_one()
        self._check_can_record_followup()
        answer = self.survey_user_input_ids.filtered(
            lambda a: a.state != "done" and not a.test_entry
        )[:1]
        if answer:
            answer.sudo().aftersales_channel = "phone"
        else:
            answer = self._aftersales_create_survey_answer("phone")
            self.survey_invited = True
        return {
            "type": "ir.actions.act_url",
            "url": answer.get_start_url(),
            "target": "new",
        }

    def _prepare_complaint_ticket_vals(self):
        """Values of the complaint ticket opened after a low score."""
        self.ensure_one()
        complaint_type = self.env["aftersales.ticket.type"].search(
            [("code", "=", "complaint")], limit=1
        )
        comments = self.survey_answer_id._aftersales_comments()
        description = Markup("<p>%s</p>") % _(
            "Customer dissatisfied with %(ticket)s (CSAT %(csat)s).",
            ticket=self.display_name,
            csat=round(self.csat_score),
        )
        for comment in comments:
            description += Markup("<blockquote>%s</blockquote>") % comment
        return {
            "name": _("Complaint: %s", self.name),
            "partner_id": self.partner_id.id,
            "team_id": self.team_id.id,
            "user_id": self.team_id.user_id.id or self.user_id.id,
            "company_id": self.company_id.id,
            "ticket_type_id": complaint_type.id,
            "priority": "2",
            "channel": self.channel,
            "sale_order_id": self.sale_order_id.id,
            "sale_line_id": self.sale_line_id.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "complaint_origin_ticket_id": self.id,
            "description": description,
        }

    def action_reopen_as_complaint(self):
        """Handle the case again as a complaint linked to this ticket."""
        self.ensure_one()
        self._aftersales_ensure("_refusal_reopen_as_complaint")
        complaint = self.create(self._prepare_complaint_ticket_vals())
        self.message_post(
            body=_("Reopened as complaint %s.", complaint._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": complaint.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_survey.action_aftersales_survey_answers"
        )
        action["domain"] = [("aftersales_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_complaints(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Complaints"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("complaint_origin_ticket_id", "=", self.id)],
            "context": {"create": False},
        }
