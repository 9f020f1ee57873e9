# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AftersalesCachedMixin(models.AbstractModel):
    """Records that an after-sales lookup keeps in Odoo's ``ormcache`` (the
    SLA policies of a company, the sequence of a document): creating or
    deleting one, or writing one of ``_aftersales_cache_fields``, clears the
    cache, and Odoo tells the other workers to clear theirs."""

    _name = "aftersales.cached.mixin"
    _description = "After-Sales: records behind a cached lookup"

    # Fields the cached lookup reads (its domain and order).
    _aftersales_cache_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        if set(self._aftersales_cache_fields) & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
