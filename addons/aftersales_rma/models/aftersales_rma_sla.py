# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The RMA model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from odoo.addons.aftersales_service.models.working_time import (
    write_planned_deadlines,
)

RMA_SLA_STATUSES = [
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]


class AftersalesRma(models.Model):
    """SLA of a return: receipt → decision (SLA-02) and decision → resolution
    (SLA-15) in working days of the ticket team's calendar."""

    _inherit = "aftersales.rma"

    date_received = fields.Datetime(
        readonly=True, copy=False, help="When the first receipt was validated."
    )
    date_decided = fields.Datetime(
        readonly=True, copy=False, help="When the decisions were first processed."
    )
    date_done = fields.Datetime(readonly=True, copy=False)
    decision_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, index=True
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, index=True
    )
    sla_status = fields.Selection(
        RMA_SLA_STATUSES,
        string="SLA Status",
        default="on_track",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    is_late = fields.Boolean(
        compute="_compute_is_late",
        search="_search_is_late",
        help="Still open and past its decision or resolution deadline.",
    )

    @api.depends("sla_status", "state")
    def _compute_is_late(self):
        for rma in self:
            rma.is_late = rma.sla_status == "breached" and rma.state not in (
                "done",
                "cancelled",
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Operation not supported."))
        domain = [
            ("sla_status", "=", "breached"),
            ("state", "not in", ("done", "cancelled")),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _get_sla_calendar(self):
        self.ensure_one()
        return (
            self.ticket_id._get_sla_calendar() or self.company_id.resource_calendar_id
        )

    @api.depends(
        "date_received",
        "date_decided",
        "company_id.aftersales_rma_decision_days",
        "company_id.aftersales_rma_resolution_days",
        "company_id.resource_calendar_id",
        "ticket_id.team_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        by_calendar = defaultdict(list)
        for rma in self:
            rma.decision_deadline = False
            rma.resolution_deadline = False
            calendar = rma._get_sla_calendar()
            hours_per_day = calendar.hours_per_day or 8.0
            company = rma.company_id
            targets = (
                (
                    "decision_deadline",
                    rma.date_received,
                    company.aftersales_rma_decision_days,
                ),
                (
                    "resolution_deadline",
                    rma.date_decided,
                    company.aftersales_rma_resolution_days,
                ),
            )
            for fname, start, days in targets:
                if start and days > 0:
                    by_calendar[calendar].append(
                        (rma, fname, start, days * hours_per_day)
                    )
        write_planned_deadlines(by_calendar)

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def _update_state_from_receipts(self):
        res = super()._update_state_from_receipts()
        for rma in self.filtered(lambda r: not r.date_received):
            done = rma.in_picking_ids.filtered(lambda p: p.state == "done")
            if done:
                rma.date_received = min(done.mapped("date_done"))
        self._update_sla_status()
        return res

    def action_process(self):
        res = super().action_process()
        self.filtered(lambda r: not r.date_decided).date_decided = fields.Datetime.now()
        self._update_sla_status()
        return res

    def action_done(self):
        now = fields.Datetime.now()
        res = super().action_done()
        # an RMA can be closed without processing (e.g. everything settled)
        self.filtered(lambda r: not r.date_decided).date_decided = now
        self.date_done = now
        self._update_sla_status(now=now)
        return res

    # ------------------------------------------------------------------
    # Status
    # ------------------------------------------------------------------
    def _compute_sla_status(self, now):
        """Return the SLA status of one RMA at ``now`` without writing it."""
        self.ensure_one()
        decision_end = self.date_decided or now
        resolution_end = self.date_done or now
        if (self.decision_deadline and decision_end > self.decision_deadline) or (
            self.resolution_deadline and resolution_end > self.resolution_deadline
        ):
            return "breached"
        if self.state == "done":
            return "met"
        if self._sla_is_at_risk(now):
            return "at_risk"
        return "on_track"

    def _sla_is_at_risk(self, now):
        risk = self.company_id.aftersales_sla_risk_percent / 100.0
        running = []
        if self.decision_deadline and not self.date_decided:
            running.append((self.date_received, self.decision_deadline))
        if self.resolution_deadline and not self.date_done:
            running.append((self.date_decided, self.resolution_deadline))
        for start, deadline in running:
            total = (deadline - start).total_seconds()
            left = (deadline - now).total_seconds()
            if total > 0 and left < total * risk:
                return True
        return False

    def _update_sla_status(self, now=None):
        """Write the SLA status of the RMAs at ``now`` (grouped writes) and
        alert on the ones newly breached."""
        now = now or fields.Datetime.now()
        to_write = defaultdict(lambda: self.browse())
        for rma in self.filtered(lambda r: r.state != "cancelled"):
            status = rma._compute_sla_status(now)
            if status != rma.sla_status:
                to_write[status] |= rma
        for status, rmas in to_write.items():
            rmas.sla_status = status
        to_write["breached"]._notify_sla_breach(now)

    def _notify_sla_breach(self, now):
        """Log a note on each breached RMA and give its responsible a to-do
        activity, in two batch operations."""
        if not self:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        bodies = {}
        activity_vals = []
        for rma in self:
            if rma.decision_deadline and (rma.date_decided or now) > (
                rma.decision_deadline
            ):
                bodies[rma.id] = _(
                    "The decision deadline of this return (%s) is breached.",
                    format_datetime(self.env, rma.decision_deadline),
                )
            else:
                bodies[rma.id] = _(
                    "The resolution deadline of this return (%s) is breached.",
                    format_datetime(self.env, rma.resolution_deadline),
                )
            if rma.user_id:
                activity_vals.append(
                    {
                        "activity_type_id": todo.id,
                        "res_model_id": model_id,
                        "res_id": rma.id,
                        "user_id": rma.user_id.id,
                        "summary": _("RMA SLA breached: %s", rma.name),
                        "date_deadline": fields.Date.context_today(rma),
                    }
                )
        self._message_log_batch(bodies=bodies)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activity_vals
        )

    @api.model
    def _cron_update_sla_status(self, batch_size=500):
        """Scheduled action: re-evaluate open RMAs with a running deadline."""
        domain = [
            ("state", "in", ("received", "processing", "confirmed")),
            ("sla_status", "in", ("on_track", "at_risk")),
            "|",
            ("decision_deadline", "!=", False),
            ("resolution_deadline", "!=", False),
        ]
        now = fields.Datetime.now()
        last_id = 0
        while True:
            rmas = self.search(
                domain + [("id", ">", last_id)], order="id", limit=batch_size
            )
            if not rmas:
                break
            rmas._update_sla_status(now=now)
            last_id = rmas[-1].id
            if len(rmas) < batch_size:
                break
