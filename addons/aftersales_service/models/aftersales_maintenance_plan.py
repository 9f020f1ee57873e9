# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


def shift_into_season(day, month_from, month_to):
    """``day``, or the first day of the next seasonal window when ``day``
    falls outside it (a window may wrap around the new year: 11 → 2)."""
    if not (day and month_from and month_to):
        return day
    month_from, month_to = int(month_from), int(month_to)
    if month_from <= month_to:
        inside = month_from <= day.month <= month_to
    else:
        inside = day.month >= month_from or day.month <= month_to
    if inside:
        return day
    start = day.replace(month=month_from, day=1)
    if start < day:
        start = start.replace(year=day.year + 1)
    return start


class AftersalesMaintenancePlan(models.Model):
    """Preventive maintenance plan of one unit (巡检/保养, FLD-14..16): every
    so many days or months, optionally inside a seasonal window, the
    designated engineer visits the unit and takes the checklist's readings.
    The scheduled action creates the due visits in batch."""

    _name = "aftersales.maintenance.plan"
    _description = "After-Sales Preventive Maintenance Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "next_due_date, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # The plan
    # ------------------------------------------------------------------
    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Equipment",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="equipment_id.company_id", store=True, index=True, precompute=True
    )
    product_id = fields.Many2one(related="equipment_id.product_id")
    lot_id = fields.Many2one(related="equipment_id.lot_id")
    partner_id = fields.Many2one(related="equipment_id.partner_id", string="Customer")
    commercial_partner_id = fields.Many2one(
        related="equipment_id.commercial_partner_id", store=True, index=True
    )
    technician_id = fields.Many2one(
        "res.users",
        string="Designated Engineer",
        compute="_compute_technician_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="Assigned to the maintenance visits; the unit's designated "
        "engineer unless changed here (FLD-16).",
    )
    contract_id = fields.Many2one(
        "aftersales.contract",
        string="Service Contract",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The contract whose included visits this plan carries out.",
    )
    checklist_id = fields.Many2one(
        "aftersales.maintenance.checklist",
        string="Checklist",
        tracking=True,
        check_company=True,
        help="Its items are copied to each maintenance visit as readings.",
    )
    note = fields.Html()

    # ------------------------------------------------------------------
    # Schedule
    # ------------------------------------------------------------------
    interval_number = fields.Integer(
        string="Every", required=True, default=6, tracking=True
    )
    interval_unit = fields.Selection(
        [("day", "Days"), ("month", "Months"), ("meter", "Meter Reading")],
        required=True,
        default="month",
        tracking=True,
        help="Every so many days or months, or each time the unit's meter "
        "(running hours, counter) advanced by the meter interval.",
    )
    meter_interval = fields.Float(
        digits=(16, 3),
        tracking=True,
        help="Due each time the unit's meter advanced by this much since the "
        "last maintenance.",
    )
    meter_last_done = fields.Float(
        string="Meter at Last Maintenance",
        compute="_compute_meter_last_done",
        store=True,
        readonly=False,
        digits=(16, 3),
        help="The meter read on the last maintenance done (set it by hand "
        "before the first one).",
    )
    meter_value = fields.Float(related="equipment_id.meter_value")
    meter_uom = fields.Char(related="equipment_id.meter_uom")
    meter_max_days = fields.Integer(
        string="At Least Every (days)",
        help="Meter plans: also due this many days after the last maintenance "
        "(the first due date before any), whatever the meter reads; 0 for "
        "no limit.",
    )
    season_month_from = fields.Selection(
        MONTHS,
        string="Season From",
        help="Seasonal window (e.g. March to May before summer for air "
        "conditioning): a due date outside it moves to the window's start.",
    )
    season_month_to = fields.Selection(MONTHS, string="Season To")
    start_date = fields.Date(
        string="First Due On",
        required=True,
        default=fields.Date.context_today,
        help="Due date of the first maintenance, before any is done.",
    )
    visit_duration = fields.Float(
        string="Visit Duration (hours)", default=2.0, help="Planned on site."
    )
    last_done_date = fields.Date(
        compute="_compute_last_done_date",
        store=True,
        help="Day of the last maintenance visit done.",
    )
    next_due_date = fields.Date(
        compute="_compute_next_due_date",
        store=True,
        index=True,
        help="The last maintenance done plus the interval (the first due date "
        "before any), moved into the seasonal window.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="The next maintenance was due before today and is not done.",
    )

    # ------------------------------------------------------------------
    # Visits
    # ------------------------------------------------------------------
    visit_ids = fields.One2many(
        "aftersales.visit", "maintenance_plan_id", string="Maintenance Visits"
    )
    visit_count = fields.Integer(compute="_compute_visit_count")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("equipment_id")
    def _compute_name(self):
        for plan in self:
            if not plan.name and plan.equipment_id:
                plan.name = _("Maintenance %s", plan.equipment_id.display_name)
            else:
                plan.name = plan.name

    @api.depends("equipment_id.technician_id")
    def _compute_technician_id(self):
        for plan in self:
            plan.technician_id = plan.equipment_id.technician_id or plan.technician_id

    @api.depends("visit_ids.state", "visit_ids.scheduled_start")
    def _compute_last_done_date(self):
        # all the plan's visits count, also those the user does not see (a
        # technician sees their own)
        last_done = dict(
            self.env["aftersales.visit"]
            .sudo()
            ._read_group(
                [
                    ("maintenance_plan_id", "in", self._origin.ids),
                    ("state", "=", "done"),
                ],
                ["maintenance_plan_id"],
                ["scheduled_start:max"],
            )
        )
        last_done = {plan.id: start for plan, start in last_done.items()}
        for plan in self:
            start = last_done.get(plan._origin.id)
            plan.last_done_date = (
                fields.Date.context_today(plan, start) if start else False
            )

    @api.depends("visit_ids.state", "visit_ids.reading_ids.measured_number")
    def _compute_meter_last_done(self):
        # the meter read on the plan's done visits in the unit's current
        # cycle (also visits the user does not see); kept as set otherwise
        plans = self.filtered(lambda p: p._origin.id and p.interval_unit == "meter")
        readings = (
            self.env["aftersales.visit.reading"]
            .sudo()
            .search_fetch(
                [
                    ("visit_id.maintenance_plan_id", "in", plans._origin.ids),
                    ("visit_id.state", "=", "done"),
                    ("is_meter", "=", True),
                    ("is_measured", "=", True),
                ],
                ["visit_id", "measured_number", "meter_cycle", "equipment_id"],
            )
            if plans
            else []
        )
        done = {}
        for reading in readings:
            if reading.meter_cycle != reading.equipment_id.meter_cycle:
                continue
            plan_id = reading.visit_id.maintenance_plan_id.id
            done[plan_id] = max(done.get(plan_id, 0.0), reading.measured_number)
        for plan in self:
            plan.meter_last_done = done.get(plan._origin.id, plan.meter_last_done)

    @api.depends(
        "start_date",
        "last_done_date",
        "interval_number",
        "interval_unit",
        "season_month_from",
        "season_month_to",
        "meter_interval",
        "meter_last_done",
        "meter_max_days",
        "equipment_id.meter_value",
        "equipment_id.meter_date",
    )
    def _compute_next_due_date(self):
        for plan in self:
            plan.next_due_date = plan._get_next_due_date()

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.is_overdue = bool(
                plan.active and plan.next_due_date and plan.next_due_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(_("Unsupported search on the overdue flag."))
        today = fields.Date.context_today(self)
        overdue = [("next_due_date", "<", today)]
        if (operator == "=") == bool(value):
            return overdue
        return ["|", ("next_due_date", "=", False), ("next_due_date", ">=", today)]

    def _compute_visit_count(self):
        counts = dict(
            self.env["aftersales.visit"]._read_group(
                [("maintenance_plan_id", "in", self.ids)],
                ["maintenance_plan_id"],
                ["__count"],
            )
        )
        for plan in self:
            plan.visit_count = counts.get(plan, 0)

    # ------------------------------------------------------------------
    # Constraints (bad input)
    # ------------------------------------------------------------------
    @api.constrains("interval_number")
    def _check_interval(self):
        for plan in self:
            if plan.interval_number <= 0:
                raise ValidationError(
                    _(
                        "The maintenance interval of %s must be more than zero.",
                        plan.display_name,
                    )
                )

    @api.constrains("interval_unit", "meter_interval", "meter_max_days")
    def _check_meter_interval(self):
        for plan in self.filtered(lambda p: p.interval_unit == "meter"):
            if plan.meter_interval <= 0:
                raise ValidationError(
                    _(
                        "The meter interval of %s must be more than zero.",
                        plan.display_name,
                    )
                )
            if plan.meter_max_days < 0:
                raise ValidationError(
                    _(
                        "The maximum days between maintenances of %s cannot be "
                        "negative.",
                        plan.display_name,
                    )
                )

    @api.constrains("season_month_from", "season_month_to")
    def _check_season(self):
        for plan in self:
            if bool(plan.season_month_from) != bool(plan.season_month_to):
                raise ValidationError(
                    _(
                        "The seasonal window of %s needs both its first and "
                        "its last month.",
                        plan.display_name,
                    )
                )

    @api.constrains("visit_duration")
    def _check_visit_duration(self):
        for plan in self:
            if plan.visit_duration < 0:
                raise ValidationError(
                    _(
                        "The visit duration of %s cannot be negative.",
                        plan.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_maintenance_visit"
        )
        action["domain"] = [("maintenance_plan_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    def _get_next_due_date(self):
        self.ensure_one()
        if self.interval_unit == "meter":
            due = self._get_meter_due_date()
            return shift_into_season(due, self.season_month_from, self.season_month_to)
        if self.interval_number <= 0:
            return False
        if self.last_done_date:
            due = self.last_done_date + relativedelta(
                **{f"{self.interval_unit}s": self.interval_number}
            )
        else:
            due = self.start_date
        return shift_into_season(due, self.season_month_from, self.season_month_to)

    def _get_meter_due_date(self):
        """Meter plans: the day the unit's meter was read at or beyond the
        meter at the last maintenance plus the interval (a reading taken
        after the last maintenance), or the day the maximum days run out,
        whichever comes first; False when neither."""
        self.ensure_one()
        if self.meter_interval <= 0:
            return False
        due = False
        equipment = self.equipment_id
        if equipment.meter_date:
            read_on = fields.Date.context_today(self, equipment.meter_date)
            advanced = equipment.meter_value - self.meter_last_done
            if advanced >= self.meter_interval and not (
                self.last_done_date and self.last_done_date >= read_on
            ):
                due = read_on
        if self.meter_max_days > 0:
            cap = (self.last_done_date or self.start_date) + timedelta(
                days=self.meter_max_days
            )
            due = min(due, cap) if due else cap
        return due

    @api.model
    def _prepare_plan_vals_for_equipment(self, equipment, values=None):
        """Values of a plan for ``equipment``. Hook for plans per service
        contract (``aftersales.contract``, built on another branch): a
        contract creates one plan per covered unit from these values and its
        own (interval, checklist, and the link to the contract it adds to
        this model), so this model needs no field to a model it does not
        know."""
        vals = {"equipment_id": equipment.id}
        vals.update(values or {})
        return vals

    def _prepare_maintenance_visit_vals(self, due_date):
        """Values of the maintenance visit due on ``due_date``: the designated
        engineer, 09:00 in their time zone, the checklist's readings."""
        self.ensure_one()
        tz = pytz.timezone(self.technician_id.tz or "UTC")
        start = (
            tz.localize(datetime.combine(due_date, time(9, 0)))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        return {
            "maintenance_plan_id": self.id,
            "maintenance_due_date": due_date,
            "equipment_id": self.equipment_id.id,
            "user_ids": [Command.set(self.technician_id.ids)],
            "scheduled_start": start,
            "scheduled_end": start + timedelta(hours=self.visit_duration or 0.0),
            "reading_ids": [
                Command.create(vals)
                for vals in self.checklist_id._prepare_reading_vals_list()
            ]
            if self.checklist_id
            else [],
        }

    def _create_due_visits(self):
        """Create the visit of each plan's next due date, unless the plan
        already has a visit for that date or one still open. One query for
        the existing visits of the whole batch, one ``create``."""
        plans = self.filtered("next_due_date")
        if not plans:
            return self.env["aftersales.visit"]
        existing = self.env["aftersales.visit"].search_fetch(
            [
                ("maintenance_plan_id", "in", plans.ids),
                "|",
                ("state", "not in", ("done", "cancelled")),
                ("maintenance_due_date", ">=", min(plans.mapped("next_due_date"))),
            ],
            ["maintenance_plan_id", "maintenance_due_date", "state"],
        )
        busy = set()
        for visit in existing:
            plan_id = visit.maintenance_plan_id.id
            if visit.state not in ("done", "cancelled"):
                busy.add(plan_id)
            busy.add((plan_id, visit.maintenance_due_date))
        vals_list = [
            plan._prepare_maintenance_visit_vals(plan.next_due_date)
            for plan in plans
            if plan.id not in busy and (plan.id, plan.next_due_date) not in busy
        ]
        return (
            self.env["aftersales.visit"]
            .with_context(mail_create_nosubscribe=True)
            .create(vals_list)
        )

    def _cron_domain(self, today):
        """Plans whose next maintenance is due within the largest lead time
        of the companies (each plan is then held to its company's)."""
        lead = max(
            self.env["res.company"]
            .sudo()
            .search([])
            .mapped("aftersales_maintenance_lead_days")
            or [0]
        )
        # the unit's state is checked on the batch (one read), not by a join
        # to the units in the search
        return [("next_due_date", "<=", today + timedelta(days=lead))]

    @api.model
    def _cron_create_due_visits(self, batch_size=1000):
        """Scheduled action: create the maintenance visits due within each
        company's lead time, for all plans, in batches of ``batch_size``
        ordered by id. Running it twice creates nothing more."""
        today = fields.Date.context_today(self)
        domain = self._cron_domain(today)
        visits = self.env["aftersales.visit"]
        last_id = 0
        while True:
            plans = self.search(
                domain + [("id", ">", last_id)], order="id", limit=batch_size
            )
            if not plans:
                break
            due = plans.filtered(
                lambda p: p.equipment_id.active
                and p.equipment_id.state != "retired"
                and p.next_due_date
                <= today + timedelta(days=p.company_id.aftersales_maintenance_lead_days)
            )
            visits |= due._create_due_visits()
            last_id = plans[-1].id
            if len(plans) < batch_size:
                break
        return visits
