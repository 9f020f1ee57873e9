# The ticket model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.exceptions import UserError

CAPA_STATES = [
    ("analysis", "Analysis"),
    ("quality_review", "Quality Review"),
    ("assessment", "Assessment"),
    ("approval", "Manager Approval"),
    ("archived", "Archived"),
]

# Who owns the step that leads *into* a state (CMP-06): the team analyses and
# submits, the quality reviewer gives the opinion and verifies the
# assessment, the general manager approves.
CAPA_STEP_GROUPS = {
    "analysis": "aftersales_service.group_aftersales_quality_reviewer",
    "quality_review": "aftersales_service.group_aftersales_user",
    "assessment": "aftersales_service.group_aftersales_quality_reviewer",
    "approval": "aftersales_service.group_aftersales_quality_reviewer",
    "archived": "aftersales_service.group_aftersales_manager",
}


class AftersalesTicket(models.Model):
    """Complaint corrective and preventive action track (CAPA, CMP-03..06)."""

    _inherit = "aftersales.ticket"

    capa_state = fields.Selection(
        CAPA_STATES,
        string="CAPA Step",
        default="analysis",
        tracking=True,
        copy=False,
    )
    capa_participant_ids = fields.Many2many(
        "res.users",
        "aftersales_ticket_capa_participant_rel",
        "ticket_id",
        "user_id",
        string="Analysis Participants",
        domain=[("share", "=", False)],
    )
    capa_action_ids = fields.One2many(
        "aftersales.capa.action", "ticket_id", string="Corrective / Preventive Actions"
    )
    capa_quality_opinion = fields.Text(
        string="Quality Manager Opinion",
        help="Handling decision for the responsible department.",
    )
    capa_verification_result = fields.Text(
        string="Verification Result",
        help="Did the actions work, and was the responsible department assessed?",
    )
    capa_approved_by_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False
    )
    capa_approved_date = fields.Datetime(
        string="Approved On", readonly=True, copy=False
    )

    def _is_complaint(self):
        self.ensure_one()
        return self.ticket_type_code == "complaint"

    def write(self, vals):
        if "capa_state" in vals:
            self._check_capa_step(vals["capa_state"])
        return super().write(vals)

    def _check_capa_step(self, new_state):
        """Only the owner of a step moves the complaint into its next state."""
        if self.env.su:
            return
        moving = self.filtered(lambda t: t.capa_state != new_state)
        if not moving:
            return
        group = CAPA_STEP_GROUPS[new_state]
        if not self.env.user.has_group(group) and not self.env.user.has_group(
            "aftersales_service.group_aftersales_manager"
        ):
            label = dict(CAPA_STATES)[new_state]
            raise UserError(
                _(
                    "You may not move the CAPA of %(tickets)s to '%(step)s': this "
                    "step belongs to the quality reviewer or the managers.",
                    tickets=", ".join(moving.mapped("display_name")),
                    step=label,
                )
            )

    def _check_is_complaint(self):
        for ticket in self:
            if not ticket._is_complaint():
                raise UserError(
                    _(
                        "Ticket %s is not a complaint: it has no CAPA.",
                        ticket.display_name,
                    )
                )

    def _capa_move(self, from_state, to_state, message):
        self._check_is_complaint()
        for ticket in self:
            if ticket.capa_state != from_state:
                raise UserError(
                    _(
                        "The CAPA of %(ticket)s is at '%(step)s', not at "
                        "'%(expected)s'.",
                        ticket=ticket.display_name,
                        step=dict(CAPA_STATES)[ticket.capa_state],
                        expected=dict(CAPA_STATES)[from_state],
                    )
                )
        self.write({"capa_state": to_state})
        for ticket in self:
            ticket.message_post(body=message, subtype_xmlid="mail.mt_note")

    def action_capa_submit(self):
        """Analysis done: root cause, responsibility and an action are set."""
        self._check_is_complaint()
        for ticket in self:
            if not (
                ticket.root_cause and ticket.responsibility and ticket.capa_action_ids
            ):
                raise UserError(
                    _(
                        "Record the root cause, the responsible department and at "
                        "least one corrective or preventive action on %s before "
                        "sending it to the quality review.",
                        ticket.display_name,
                    )
                )
        self._capa_move(
            "analysis", "quality_review", _("CAPA analysis sent to the quality review.")
        )

    def action_capa_review_done(self):
        """The quality manager wrote the handling decision."""
        missing = self.filtered(lambda t: not t.capa_quality_opinion)
        if missing:
            raise UserError(
                _(
                    "Write the quality manager's opinion on %s first.",
                    ", ".join(missing.mapped("display_name")),
                )
            )
        self._capa_move(
            "quality_review", "assessment", _("Quality review done, assessment next.")
        )

    def action_capa_assessment_done(self):
        """The responsible department's assessment was verified."""
        missing = self.filtered(lambda t: not t.capa_verification_result)
        if missing:
            raise UserError(
                _(
                    "Record the verification result on %s first.",
                    ", ".join(missing.mapped("display_name")),
                )
            )
        self._capa_move(
            "assessment", "approval", _("Assessment verified, waiting for approval.")
        )

    def action_capa_approve(self):
        """The general manager approves and the complaint is archived."""
        self._capa_move("approval", "archived", _("CAPA approved and archived."))
        self.write(
            {
                "capa_approved_by_id": self.env.user.id,
                "capa_approved_date": fields.Datetime.now(),
            }
        )

    def action_capa_send_back(self):
        """Send the CAPA back to the analysis (quality reviewer or manager)."""
        self.filtered(lambda t: t.capa_state not in ("analysis", "archived")).write(
            {"capa_state": "analysis"}
        )
