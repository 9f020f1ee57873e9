# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "aftersales.cached.mixin"]
    # the cached working intervals of a calendar read its public holidays
    # and those of every calendar
    _aftersales_cache_fields = None

    def _aftersales_cache_relevant(self):
        # public holidays: an employee's time off (a leave of a resource)
        # does not move the SLA deadlines, nor clear the cache
        return self.filtered(lambda leave: not leave.resource_id)
