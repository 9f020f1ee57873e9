# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .aftersales_guarded_mixin import guarded_action

CAPA_STATES = [
    ("analysis", "Analysis"),
    ("quality_review", "Quality Review"),
    ("assessment", "Assessment"),
    ("approval", "Manager Approval"),
    ("archived", "Archived"),
]

# Who owns the step that leads *into* a state (CMP-06): the team analyses and
# submits, the quality reviewer gives the opinion and verifies the
# assessment, the general manager approves. The after-sales managers may do
# every step but the general manager's approval (a right of its own, REP-03).
CAPA_STEP_GROUPS = {
    "analysis": "aftersales_service.group_aftersales_quality_reviewer",
    "quality_review": "aftersales_service.group_aftersales_user",
    "assessment": "aftersales_service.group_aftersales_quality_reviewer",
    "approval": "aftersales_service.group_aftersales_quality_reviewer",
    "archived": "aftersales_service.group_aftersales_general_manager",
}

# The steps of the buttons: action -> (from states, to state)
CAPA_STEPS = {
    "submit": (("analysis",), "quality_review"),
    "review_done": (("quality_review",), "assessment"),
    "assessment_done": (("assessment",), "approval"),
    "approve": (("approval",), "archived"),
    "send_back": (("quality_review", "assessment", "approval"), "analysis"),
}

# ticket field -> CAPA field (the ticket shows its CAPA under these names)
CAPA_TICKET_FIELDS = {
    "capa_state": "state",
    "capa_participant_ids": "participant_ids",
    "capa_action_ids": "action_ids",
    "capa_quality_opinion": "quality_opinion",
    "capa_verification_result": "verification_result",
    "capa_approved_by_id": "approved_by_id",
    "capa_approved_date": "approved_date",
}


class AftersalesCapa(models.Model):
    """The corrective and preventive actions of one complaint (CMP-03..06):
    analysis by the team, the quality manager's opinion, the verified
    assessment of the responsible department, the general manager's
    approval."""

    _name = "aftersales.capa"
    _description = "After-Sales Complaint CAPA"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.guarded.mixin"]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = ("state", "approved_by_id", "approved_date")
    _order = "id desc"
    _rec_names_search = ["ticket_id.reference", "ticket_id.name"]
    _check_company_auto = True

    # ------------------------------------------------------------------
    # The complaint
    # ------------------------------------------------------------------
    ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="Ticket",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(related="ticket_id.partner_id")
    product_id = fields.Many2one(related="ticket_id.product_id")
    lot_id = fields.Many2one(related="ticket_id.lot_id")
    team_id = fields.Many2one(related="ticket_id.team_id", store=True)
    user_id = fields.Many2one(
        related="ticket_id.user_id", string="Ticket Responsible", store=True
    )
    defect_code_id = fields.Many2one(related="ticket_id.defect_code_id")
    # the analysis is recorded on the ticket (diagnosis), edited from here too
    responsibility = fields.Selection(
        related="ticket_id.responsibility", readonly=False
    )
    root_cause = fields.Text(related="ticket_id.root_cause", readonly=False)

    # ------------------------------------------------------------------
    # Steps and approval
    # ------------------------------------------------------------------
    state = fields.Selection(
        CAPA_STATES,
        string="CAPA Step",
        default="analysis",
        required=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    participant_ids = fields.Many2many(
        "res.users",
        "aftersales_capa_participant_rel",
        "capa_id",
        "user_id",
        string="Analysis Participants",
        domain=[("share", "=", False)],
    )
    action_ids = fields.One2many(
        "aftersales.capa.action",
        "capa_id",
        string="Corrective / Preventive Actions",
    )
    quality_opinion = fields.Text(
        string="Quality Manager Opinion",
        help="Handling decision for the responsible department.",
        tracking=True,
    )
    verification_result = fields.Text(
        help="Did the actions work, and was the responsible department assessed?",
        tracking=True,
    )
    approved_by_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False
    )
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Guards of the buttons (the actions check the same rule)
    # ------------------------------------------------------------------
    can_submit = fields.Boolean(compute="_compute_can_steps")
    can_review_done = fields.Boolean(compute="_compute_can_steps")
    can_assessment_done = fields.Boolean(compute="_compute_can_steps")
    can_approve = fields.Boolean(compute="_compute_can_steps")
    can_send_back = fields.Boolean(compute="_compute_can_steps")

    _sql_constraints = [
        (
            "ticket_uniq",
            "unique(ticket_id)",
            "A ticket has one CAPA.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("ticket_id.reference", "ticket_id.name")
    def _compute_display_name(self):
        for capa in self:
            capa.display_name = _("CAPA %s", capa.ticket_id.display_name or "")

    @api.depends("state", "ticket_id.ticket_type_code")
    @api.depends_context("uid")
    def _compute_can_steps(self):
        allowed = {
            step: self._user_may_enter(to_state)
            for step, (__, to_state) in CAPA_STEPS.items()
        }
        for capa in self:
            complaint = capa.ticket_id.ticket_type_code == "complaint"
            for step, (from_states, __) in CAPA_STEPS.items():
                capa[f"can_{step}"] = (
                    complaint and capa.state in from_states and allowed[step]
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        # The CAPA step is checked first, before the guarded fields.
        if "state" in vals:
            self._check_step(vals["state"])
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @guarded_action
    def action_submit(self):
        """Analysis done: root cause, responsibility and an action are set."""
        self._check_is_complaint()
        for capa in self:
            if not (capa.root_cause and capa.responsibility and capa.action_ids):
                raise UserError(
                    _(
                        "Record the root cause, the responsible department and at "
                        "least one corrective or preventive action on %s before "
                        "sending it to the quality review.",
                        capa.ticket_id.display_name,
                    )
                )
        self._move("submit", _("CAPA analysis sent to the quality review."))

    @guarded_action
    def action_review_done(self):
        """The quality manager wrote the handling decision."""
        missing = self.filtered(lambda c: not c.quality_opinion)
        if missing:
            raise UserError(
                _(
                    "Write the quality manager's opinion on %s first.",
                    ", ".join(missing.ticket_id.mapped("display_name")),
                )
            )
        self._move("review_done", _("Quality review done, assessment next."))

    @guarded_action
    def action_assessment_done(self):
        """The responsible department's assessment was verified."""
        missing = self.filtered(lambda c: not c.verification_result)
        if missing:
            raise UserError(
                _(
                    "Record the verification result on %s first.",
                    ", ".join(missing.ticket_id.mapped("display_name")),
                )
            )
        self._move("assessment_done", _("Assessment verified, waiting for approval."))

    @guarded_action
    def action_approve(self):
        """The general manager approves and the complaint is archived."""
        self._move("approve", _("CAPA approved and archived."))
        self.write(
            {
                "approved_by_id": self.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )

    @guarded_action
    def action_send_back(self):
        """Send the CAPA back to the analysis (quality reviewer or manager).
        CAPAs already at the analysis or archived are left as they are."""
        from_states = CAPA_STEPS["send_back"][0]
        self.filtered(lambda c: c.state in from_states)._move(
            "send_back", _("CAPA sent back to the analysis.")
        )

    def action_open_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    @api.model
    def _user_may_enter(self, state):
        """Whether the current user owns the step into ``state``."""
        if self.env.su:
            return True
        user = self.env.user
        if state == "archived":
            return user.has_group(CAPA_STEP_GROUPS[state])
        return user.has_group(CAPA_STEP_GROUPS[state]) or user.has_group(
            "aftersales_service.group_aftersales_manager"
        )

    def _check_step(self, new_state):
        """Only the owner of a step moves the complaint into its next state."""
        moving = self.filtered(lambda c: c.state != new_state)
        if not moving or self._user_may_enter(new_state):
            return
        if new_state == "archived":
            raise UserError(
                _(
                    "Only the general manager approves and archives the CAPA of "
                    "%(tickets)s (CMP-06).",
                    tickets=", ".join(moving.ticket_id.mapped("display_name")),
                )
            )
        raise UserError(
            _(
                "You may not move the CAPA of %(tickets)s to '%(step)s': this "
                "step belongs to the quality reviewer or the managers.",
                tickets=", ".join(moving.ticket_id.mapped("display_name")),
                step=dict(CAPA_STATES)[new_state],
            )
        )

    def _check_is_complaint(self):
        for capa in self:
            if capa.ticket_id.ticket_type_code != "complaint":
                raise UserError(
                    _(
                        "Ticket %s is not a complaint: it has no CAPA.",
                        capa.ticket_id.display_name,
                    )
                )

    @guarded_action
    def _move(self, step, message):
        """Move along ``step`` of CAPA_STEPS: from its states, by its owner."""
        self._check_is_complaint()
        from_states, to_state = CAPA_STEPS[step]
        for capa in self:
            if capa.state not in from_states:
                raise UserError(
                    _(
                        "The CAPA of %(ticket)s is at '%(step)s', not at "
                        "'%(expected)s'.",
                        ticket=capa.ticket_id.display_name,
                        step=dict(CAPA_STATES)[capa.state],
                        expected=", ".join(dict(CAPA_STATES)[s] for s in from_states),
                    )
                )
        self.write({"state": to_state})  # checks the step's owner
        for capa in self:
            capa.message_post(body=message, subtype_xmlid="mail.mt_note")

    @api.model
    def _prepare_ticket_capa_vals(self, ticket, ticket_vals=None):
        """Values of the CAPA of ``ticket`` from the ticket's ``capa_*``
        values (the names the ticket shows them under)."""
        vals = {"ticket_id": ticket.id}
        for ticket_field, capa_field in CAPA_TICKET_FIELDS.items():
            if ticket_vals and ticket_field in ticket_vals:
                vals[capa_field] = ticket_vals[ticket_field]
        return vals
