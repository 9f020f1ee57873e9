# The ticket model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict

from odoo import _, api, fields, models

from .working_time import plan_working_hours, write_planned_deadlines

SLA_STATUSES = [
    ("ongoing", "Ongoing"),
    ("at_risk", "At risk"),
    ("met", "Met"),
    ("breached", "Breached"),
]


class AftersalesTicket(models.Model):
    """SLA: working-time deadlines, pauses, first response and breach alerts."""

    _inherit = "aftersales.ticket"

    sla_policy_id = fields.Many2one(
        "aftersales.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        readonly=False,
        index=True,
    )
    sla_start_date = fields.Datetime(
        string="SLA Start",
        compute="_compute_sla_start_date",
        store=True,
        help="When the SLA clock started: when the customer reported the problem.",
    )
    response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, index=True
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, index=True
    )
    first_response_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    sla_paused_hours = fields.Float(
        string="SLA Paused (working hours)",
        readonly=True,
        copy=False,
        help="Working hours spent in stages that pause the SLA; they extend the "
        "resolution deadline.",
    )
    sla_pause_start = fields.Datetime(
        string="SLA Paused Since", readonly=True, copy=False
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        default="ongoing",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    sla_response_met = fields.Boolean(
        string="Response SLA Met", readonly=True, copy=False
    )
    sla_resolution_met = fields.Boolean(
        string="Resolution SLA Met", readonly=True, copy=False
    )
    sla_success_rate = fields.Float(
        string="SLA Met Rate (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="100 when the SLA was met, 0 when breached; averaged in reports.",
    )

    @api.depends("team_id", "ticket_type_id", "priority", "partner_id", "company_id")
    def _compute_sla_policy_id(self):
        policies = self.env["aftersales.sla.policy"]._find_for_tickets(self)
        for ticket in self:
            ticket.sla_policy_id = policies.get(ticket)

    @api.depends("request_date")
    def _compute_sla_start_date(self):
        for ticket in self:
            ticket.sla_start_date = ticket.request_date or fields.Datetime.now()

    @api.depends(
        "sla_start_date",
        "sla_policy_id.response_hours",
        "sla_policy_id.resolution_hours",
        "sla_paused_hours",
        "team_id.resource_calendar_id",
        "company_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        requests = []
        for ticket in self:
            ticket.response_deadline = False
            ticket.resolution_deadline = False
            policy = ticket.sla_policy_id
            start = ticket.sla_start_date
            if not policy or not start:
                continue
            if policy.response_hours:
                requests.append(
                    (ticket, "response_deadline", start, policy.response_hours)
                )
            if policy.resolution_hours:
                hours = policy.resolution_hours + ticket.sla_paused_hours
                requests.append((ticket, "resolution_deadline", start, hours))
        by_calendar = defaultdict(list)
        for request in requests:
            by_calendar[request[0]._get_sla_calendar()].append(request)
        write_planned_deadlines(by_calendar)

    def _get_sla_calendar(self):
        self.ensure_one()
        if self.team_id:
            return self.team_id._get_calendar()
        return self.company_id.resource_calendar_id

    def _plan_working_hours(self, start, hours):
        """Deadline `hours` working hours after `start` (naive UTC)."""
        return plan_working_hours(self._get_sla_calendar(), [(start, hours)])[0]

    def _working_hours_between(self, start, end):
        calendar = self._get_sla_calendar()
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.get_work_hours_count(start, end, compute_leaves=True)

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def _sla_stage_left(self, new_stage, when):
        for ticket in self.filtered(
            lambda t: t.stage_id.pause_sla and t.sla_pause_start
        ):
            if new_stage.pause_sla:
                continue
            paused = ticket._working_hours_between(ticket.sla_pause_start, when)
            ticket.write(
                {
                    "sla_paused_hours": ticket.sla_paused_hours + paused,
                    "sla_pause_start": False,
                }
            )

    def _sla_stage_entered(self, stage, when):
        if stage.pause_sla:
            self.filtered(lambda t: not t.sla_pause_start).sla_pause_start = when
        self._update_sla_status(now=when)

    # ------------------------------------------------------------------
    # Status
    # ------------------------------------------------------------------
    def _compute_sla_values(self, now):
        """Return the SLA values of one ticket at `now` without writing them."""
        self.ensure_one()
        if self.is_cancel or not self.sla_policy_id:
            return {}
        response_met = bool(
            self.response_deadline
            and self.first_response_date
            and self.first_response_date <= self.response_deadline
        )
        response_breached = bool(
            self.response_deadline
            and (self.first_response_date or now) > self.response_deadline
        )
        resolution_end = self.closed_date if self.is_closed else now
        resolution_met = bool(
            self.resolution_deadline
            and self.is_closed
            and self.closed_date <= self.resolution_deadline
        )
        # Time does not run against the resolution target while paused.
        resolution_breached = bool(
            self.resolution_deadline
            and not (self.sla_pause_start and not self.is_closed)
            and resolution_end > self.resolution_deadline
        )
        if response_breached or resolution_breached:
            status = "breached"
        elif self.is_closed:
            status = "met"
        elif self._sla_is_at_risk(now):
            status = "at_risk"
        else:
            status = "ongoing"
        values = {
            "sla_status": status,
            "sla_response_met": response_met,
            "sla_resolution_met": resolution_met,
        }
        if status in ("met", "breached"):
            values["sla_success_rate"] = 100.0 if status == "met" else 0.0
        return values

    def _sla_is_at_risk(self, now):
        risk = self.company_id.aftersales_sla_risk_percent / 100.0
        start = self.sla_start_date
        deadlines = []
        if self.response_deadline and not self.first_response_date:
            deadlines.append(self.response_deadline)
        if self.resolution_deadline and not self.sla_pause_start:
            deadlines.append(self.resolution_deadline)
        for deadline in deadlines:
            total = (deadline - start).total_seconds()
            left = (deadline - now).total_seconds()
            if total > 0 and left < total * risk:
                return True
        return False

    def _update_sla_status(self, now=None):
        """Write the SLA status of the tickets at `now`; alert on new breaches.

        Tickets with the same changes are written together.
        """
        now = now or fields.Datetime.now()
        newly_breached = self.browse()
        to_write = defaultdict(lambda: self.browse())
        for ticket in self:
            values = ticket._compute_sla_values(now)
            changed = {
                fname: value
                for fname, value in values.items()
                if ticket[fname] != value
            }
            # An empty rate reads as 0.0: write it so breaches count in averages.
            if "sla_success_rate" in values and changed.get("sla_status"):
                changed["sla_success_rate"] = values["sla_success_rate"]
            if not changed:
                continue
            if changed.get("sla_status") == "breached":
                newly_breached |= ticket
            to_write[tuple(sorted(changed.items()))] |= ticket
        for changes, tickets in to_write.items():
            tickets.write(dict(changes))
        newly_breached._notify_sla_breach()

    def _notify_sla_breach(self):
        """Log a note on each breached ticket and give the team leader (else
        the assignee) a to-do activity, in two batch operations."""
        if not self:
            return
        bodies = {}
        activity_vals = []
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        for ticket in self:
            bodies[ticket.id] = _(
                "The SLA %(policy)s of this ticket is breached.",
                policy=ticket.sla_policy_id.name,
            )
            responsible = ticket.team_id.user_id or ticket.user_id
            if responsible:
                activity_vals.append(
                    {
                        "activity_type_id": todo.id,
                        "res_model_id": model_id,
                        "res_id": ticket.id,
                        "user_id": responsible.id,
                        "summary": _("SLA breached: %s", ticket.display_name),
                        "date_deadline": fields.Date.context_today(ticket),
                    }
                )
        self._message_log_batch(bodies=bodies)
        # The activities show in the leader's activity menu; no e-mail for each
        # one, as a late scheduled action may breach hundreds at once.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activity_vals
        )

    @api.model
    def _cron_update_sla_status(self, batch_size=500):
        """Scheduled action: re-evaluate open tickets only, in batches."""
        domain = [
            ("is_closed", "=", False),
            ("is_cancel", "=", False),
            ("sla_policy_id", "!=", False),
            ("sla_status", "in", ("ongoing", "at_risk")),
        ]
        last_id = 0
        now = fields.Datetime.now()
        while True:
            tickets = self.search(
                domain + [("id", ">", last_id)], order="id", limit=batch_size
            )
            if not tickets:
                break
            tickets._update_sla_status(now=now)
            last_id = tickets[-1].id
            if len(tickets) < batch_size:
                break
