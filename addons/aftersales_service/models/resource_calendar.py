# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models, tools

from .working_time import cumulated_work_intervals


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "aftersales.cached.mixin"]
    # the cached working intervals (_aftersales_work_intervals) read the
    # calendar's time zone, weeks, hours and attendances: any change counts
    _aftersales_cache_fields = None

    # ------------------------------------------------------------------
    # Business helpers: working intervals of the SLA deadlines
    # ------------------------------------------------------------------
    @tools.ormcache("self.id", "scope", "tz", "start", "end")
    def _aftersales_work_intervals(self, scope, tz, start, end):
        """(starts, stops, cumulated hours) of the calendar's working
        intervals between the naive UTC datetimes ``start`` and ``end``,
        public holidays excluded, as ``scope`` (the superuser, or a user and
        their companies, for the record rules) and the employee time zone
        ``tz`` of the context read them. Cached until the calendar, one of
        its attendances or a public holiday changes."""
        self.ensure_one()
        return cumulated_work_intervals(self, start, end)
