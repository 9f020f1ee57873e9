# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One SLA engine for every after-sales document with deadlines.

A model inheriting ``aftersales.sla.mixin`` says which targets it has through
:meth:`~AftersalesSlaMixin._sla_targets` (a ticket: response and resolution;
an RMA: decision and resolution from the receipt). The mixin plans their
deadlines in clock hours or in working time, pauses them, decides the status
(one vocabulary: ongoing, at risk, met, breached) and the stored outcome of
each target, alerts on breaches in batch and runs the paged scheduled action.
"""

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.tools import format_datetime

from .aftersales_guarded_mixin import guarded_action
from .working_time import write_planned_deadlines

SLA_STATUSES = [
    ("ongoing", "Ongoing"),
    ("at_risk", "At risk"),
    ("met", "Met"),
    ("breached", "Breached"),
]

# Stored outcome of one target; empty while the target still runs.
SLA_OUTCOMES = [
    ("met", "Met"),
    ("breached", "Breached"),
]


class AftersalesSlaMixin(models.AbstractModel):
    """SLA deadlines, pause, status, outcomes and breach alerts.

    A model using it inherits ``mail.thread`` and ``mail.activity.mixin``,
    declares one stored deadline field and one outcome field (selection
    :data:`SLA_OUTCOMES`) per target with ``compute="_compute_sla_deadlines"``
    and ``compute="_compute_sla_outcomes"`` (overriding both computes only to
    give their ``@api.depends``), and implements :meth:`_sla_targets`.
    """

    _name = "aftersales.sla.mixin"
    _description = "After-Sales SLA"

    # ------------------------------------------------------------------
    # Fields: status and pause
    # ------------------------------------------------------------------
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        default="ongoing",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        groups="base.group_user",
    )
    sla_paused_hours = fields.Float(
        string="SLA Paused (hours)",
        readonly=True,
        copy=False,
        help="Hours spent paused, counted in the unit of the paused target "
        "(working or clock hours); they extend its deadline.",
        groups="base.group_user",
    )
    sla_pause_start = fields.Datetime(
        string="SLA Paused Since",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_sla_deadlines(self):
        """Plan the deadline of every target, batched by calendar (clock-hour
        targets are planned without a calendar, 24/7). Models override it
        only to declare its dependencies."""
        no_calendar = self.env["resource.calendar"]
        by_calendar = defaultdict(list)
        for record in self:
            calendar = False
            for target in record._sla_targets():
                record[target["deadline_field"]] = False
                hours = target["hours"]
                if not target["start"] or not hours or hours <= 0:
                    continue
                if target.get("pausable"):
                    hours += record.sla_paused_hours
                if target["basis"] == "working":
                    if calendar is False:
                        calendar = record._get_sla_calendar()
                    key = calendar
                else:
                    key = no_calendar
                by_calendar[key].append(
                    (record, target["deadline_field"], target["start"], hours)
                )
        write_planned_deadlines(by_calendar)

    def _compute_sla_outcomes(self):
        """Outcome of each target from its deadline and its done marker (a
        running target is breached once its deadline has passed). Models
        override it only to declare its dependencies."""
        now = fields.Datetime.now()
        for record in self:
            active = record._sla_is_active()
            for target in record._sla_targets():
                record[target["outcome_field"]] = (
                    record._sla_target_outcome(target, now) if active else False
                )

    # ------------------------------------------------------------------
    # Hooks the models implement
    # ------------------------------------------------------------------
    def _sla_targets(self):
        """Targets of one record, as dicts:

        - ``key``: short name (``response``, ``decision``, ``resolution``),
          named in breach notes through :meth:`_sla_target_labels`;
        - ``deadline_field``: the stored deadline field;
        - ``outcome_field``: the stored outcome field (met / breached);
        - ``start``: when the clock starts (a datetime or False);
        - ``done``: when the target was reached (a datetime or False);
        - ``hours``: the target in hours of ``basis``;
        - ``basis``: ``"clock"`` (24/7) or ``"working"`` (the calendar of
          :meth:`_get_sla_calendar`);
        - ``pausable``: paused time extends it and does not run against it.
        """
        self.ensure_one()
        return []

    def _sla_target_labels(self):
        """{target key: what a breach note calls it, e.g. "decision
        deadline"}, translated."""
        return {}

    def _get_sla_calendar(self):
        """Calendar the working-time targets are counted in."""
        self.ensure_one()
        return self.company_id.resource_calendar_id

    def _sla_is_active(self):
        """Whether the SLA of the record is evaluated (e.g. not cancelled)."""
        self.ensure_one()
        return True

    def _sla_is_finished(self):
        """Whether the record's work is done (met unless a target was
        breached)."""
        self.ensure_one()
        return False

    def _sla_responsible(self):
        """User who gets the to-do activity of a breach."""
        self.ensure_one()
        return self.env["res.users"]

    def _sla_cron_domain(self):
        """Records the scheduled action re-evaluates, besides a running status."""
        return []

    @api.model
    def _sla_cron_other_targets(self, now):
        """Decide, at ``now``, the model's time-bound targets kept outside the
        SLA status (e.g. the ticket's contract on-site target): called once
        by the scheduled action after the SLA status."""
        return None

    # ------------------------------------------------------------------
    # Business helpers: pause
    # ------------------------------------------------------------------
    @guarded_action
    def _sla_pause(self, when):
        """Stop the clock of the pausable targets at ``when``."""
        self.filtered(lambda r: not r.sla_pause_start).sla_pause_start = when

    @guarded_action
    def _sla_resume(self, when):
        """Restart the clock: the paused time extends the pausable targets,
        counted in their own basis (clock or working hours)."""
        for record in self.filtered("sla_pause_start"):
            pausable = [t for t in record._sla_targets() if t.get("pausable")]
            if pausable and pausable[0]["basis"] == "working":
                paused = record._working_hours_between(record.sla_pause_start, when)
            else:
                paused = (when - record.sla_pause_start).total_seconds() / 3600
            record.write(
                {
                    "sla_paused_hours": record.sla_paused_hours + paused,
                    "sla_pause_start": False,
                }
            )

    def _working_hours_between(self, start, end):
        calendar = self._get_sla_calendar()
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.get_work_hours_count(start, end, compute_leaves=True)

    # ------------------------------------------------------------------
    # Business helpers: status and outcomes
    # ------------------------------------------------------------------
    def _sla_target_running(self, target):
        """Whether time runs against the target now (not done, not paused)."""
        return not target["done"] and not (
            target.get("pausable") and self.sla_pause_start
        )

    def _sla_target_outcome(self, target, now):
        """'met', 'breached' or False (still running, or no deadline)."""
        deadline = self[target["deadline_field"]]
        if not deadline:
            return False
        if target["done"]:
            return "met" if target["done"] <= deadline else "breached"
        if self._sla_target_running(target) and now > deadline:
            return "breached"
        return False

    def _sla_evaluate(self, now):
        """Status and outcomes of one record at ``now``, not written."""
        self.ensure_one()
        targets = self._sla_targets()
        values = {
            target["outcome_field"]: self._sla_target_outcome(target, now)
            for target in targets
        }
        if "breached" in values.values():
            status = "breached"
        elif self._sla_is_finished():
            status = "met"
        elif self._sla_is_at_risk(targets, now):
            status = "at_risk"
        else:
            status = "ongoing"
        values["sla_status"] = status
        return values

    def _sla_is_at_risk(self, targets, now):
        """A running target has less than the company's risk share of its
        time left."""
        risk = self.company_id.aftersales_sla_risk_percent / 100.0
        for target in targets:
            deadline = self[target["deadline_field"]]
            if not deadline or not target["start"]:
                continue
            if not self._sla_target_running(target):
                continue
            total = (deadline - target["start"]).total_seconds()
            left = (deadline - now).total_seconds()
            if total > 0 and left < total * risk:
                return True
        return False

    @guarded_action
    def _update_sla_status(self, now=None):
        """Write the status and the outcomes of the records at ``now``
        (records with the same changes written together) and alert on the
        ones newly breached."""
        now = now or fields.Datetime.now()
        newly_breached = self.browse()
        to_write = defaultdict(lambda: self.browse())
        for record in self:
            if not record._sla_is_active():
                continue
            values = record._sla_evaluate(now)
            changed = {
                fname: value
                for fname, value in values.items()
                if record[fname] != value
            }
            if not changed:
                continue
            if changed.get("sla_status") == "breached":
                newly_breached |= record
            to_write[tuple(sorted(changed.items()))] |= record
        for changes, records in to_write.items():
            records.write(dict(changes))
        newly_breached._notify_sla_breach(now)

    # ------------------------------------------------------------------
    # Business helpers: breach alerts and scheduled action
    # ------------------------------------------------------------------
    def _notify_sla_breach(self, now=None):
        """Log a note naming the breached deadlines on each record and give
        its responsible a to-do activity, in two batch operations."""
        if not self:
            return
        now = now or fields.Datetime.now()
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        labels = self._sla_target_labels()
        # translated once for the batch: a late scheduled action may breach
        # hundreds of records at once
        body_template = _("SLA breached: %(deadlines)s.")
        item_template = _("%(target)s %(deadline)s")
        summary_template = _("SLA breached: %s")
        formatted = {}
        bodies = {}
        activity_vals = []
        for record in self:
            items = []
            for target in record._sla_targets():
                if record._sla_target_outcome(target, now) != "breached":
                    continue
                deadline = record[target["deadline_field"]]
                if deadline not in formatted:
                    formatted[deadline] = format_datetime(self.env, deadline)
                items.append(
                    item_template
                    % {
                        "target": labels.get(target["key"], target["key"]),
                        "deadline": formatted[deadline],
                    }
                )
            bodies[record.id] = body_template % {"deadlines": ", ".join(items)}
            responsible = record._sla_responsible()
            if responsible:
                activity_vals.append(
                    {
                        "activity_type_id": todo.id,
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "user_id": responsible.id,
                        "summary": summary_template % record.display_name,
                        "date_deadline": fields.Date.context_today(record),
                    }
                )
        self._message_log_batch(bodies=bodies)
        # The activities show in the responsible's activity menu; no e-mail
        # for each one, as a late scheduled action may breach hundreds at once.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activity_vals
        )

    @api.model
    def _cron_update_sla_status(self, batch_size=500):
        """Scheduled action: re-evaluate the records whose SLA still runs,
        in batches of ``batch_size`` ordered by id."""
        domain = self._sla_cron_domain() + [
            ("sla_status", "in", ("ongoing", "at_risk")),
        ]
        now = fields.Datetime.now()
        last_id = 0
        while True:
            records = self.search(
                domain + [("id", ">", last_id)], order="id", limit=batch_size
            )
            if not records:
                break
            records._update_sla_status(now=now)
            last_id = records[-1].id
            if len(records) < batch_size:
                break
        self._sla_cron_other_targets(now)
