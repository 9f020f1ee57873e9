# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data steps in the language of the database's administrator.

Odoo loads a module's demo data with an environment without ``lang`` (and
before the module's translations), so every message an action posts through
``_()`` while a demo ``<function>`` runs would read English on a Chinese
database. The demo files call the actions through :meth:`AftersalesDemo._run`
instead, which runs them in the administrator's language: ``_()`` reads the
code translations from the addons' ``i18n/*.po`` files on disk, so the
language in the context is enough.
"""

from odoo import api, models


class AftersalesDemo(models.AbstractModel):
    _name = "aftersales.demo"
    _description = "After-Sales: demo data steps"

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    @api.model
    def _demo_lang(self):
        """The language of the database's administrator (``base.user_admin``),
        ``en_US`` when there is none or it is not active."""
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        lang = admin and admin.sudo().lang
        return (lang and self.env["res.lang"]._get_code(lang)) or "en_US"

    @api.model
    def _run(self, model_name, method, records, *args, **kwargs):
        """Call ``method`` on the records (ids or a recordset) of
        ``model_name`` with ``args`` and ``kwargs``, in the administrator's
        language, and return its result: the demo files' single entry point
        to the actions, so the messages the actions post read in the language
        of the people who look at the demo.

        Private (not callable over RPC): only data files and server code run
        it, with the environment they already have."""
        if isinstance(records, models.BaseModel):
            records = records.ids
        target = (
            self.env[model_name].browse(records).with_context(lang=self._demo_lang())
        )
        return getattr(target, method)(*args, **kwargs)
