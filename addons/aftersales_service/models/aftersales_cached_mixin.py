# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AftersalesCachedMixin(models.AbstractModel):
    """Records that an after-sales lookup keeps in Odoo's ``ormcache`` (the
    SLA policies of a company, the sequence of a document, the working
    intervals of a calendar): creating or deleting one, or writing one of
    ``_aftersales_cache_fields``, clears the cache, and Odoo tells the other
    workers to clear theirs (and clears it again when the transaction that
    changed them is rolled back)."""

    _name = "aftersales.cached.mixin"
    _description = "After-Sales: records behind a cached lookup"

    # Fields the cached lookup reads (its domain and order); None: all.
    _aftersales_cache_fields = ()

    def _aftersales_cache_relevant(self):
        """The records of ``self`` the cached lookup reads (all of them
        unless a model narrows it)."""
        return self

    def _aftersales_cache_written(self, vals):
        fnames = self._aftersales_cache_fields
        return fnames is None or bool(set(fnames) & set(vals))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._aftersales_cache_relevant():
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        written = self._aftersales_cache_written(vals)
        relevant = written and bool(self._aftersales_cache_relevant())
        res = super().write(vals)
        if written and (relevant or self._aftersales_cache_relevant()):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        relevant = bool(self._aftersales_cache_relevant())
        res = super().unlink()
        if relevant:
            self.env.registry.clear_cache()
        return res
