# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools


class IrSequence(models.Model):
    _name = "ir.sequence"
    _inherit = ["ir.sequence", "aftersales.cached.mixin"]
    # the cached sequence of a document (_aftersales_sequence_id)
    _aftersales_cache_fields = ("code", "company_id", "active")

    # ------------------------------------------------------------------
    # Business helpers: references of the after-sales documents
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache("code", "company_id")
    def _aftersales_sequence_id(self, code, company_id):
        """The sequence ``next_by_code`` draws from in the company: its own
        one, else the shared one. Cached (every ticket and RMA created one
        at a time would search it) until a sequence is created, changed or
        deleted."""
        return (
            self.sudo()
            .with_context(active_test=True)
            .search(
                [("code", "=", code), ("company_id", "in", [company_id, False])],
                order="company_id",
                limit=1,
            )
            .id
        )

    @api.model
    def _aftersales_next_by_code(self, code):
        """``next_by_code`` for the after-sales documents, without searching
        the sequence each time; False when the company has none."""
        self.browse().check_access("read")
        sequence_id = self._aftersales_sequence_id(code, self.env.company.id)
        return self.browse(sequence_id)._next() if sequence_id else False
