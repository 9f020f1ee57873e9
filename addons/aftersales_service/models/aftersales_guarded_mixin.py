# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fields that only a model's own actions change (states, approvals,
signatures).

A client with write access to a model can ``write`` any of its fields over
RPC, readonly in the form or not. Fields listed in
``_aftersales_guarded_fields`` are refused in ``create``/``write`` unless the
call runs inside a method decorated with :func:`guarded_action` (the actions
that check who may approve, then write) or as the superuser (data files,
``sudo()`` by trusted server code). The permission lives in a
:class:`contextvars.ContextVar`: nothing a client sends, context included,
can grant it.
"""

import contextvars
import functools

from odoo import _, api, models
from odoo.exceptions import UserError

_GUARDED_WRITE = contextvars.ContextVar("aftersales_guarded_write", default=False)


def guarded_action(method):
    """Let ``method`` (and what it calls) write the guarded fields: decorate
    the ``action_*`` methods that check the rule, and the hooks that follow
    done documents (receipts, deliveries)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        token = _GUARDED_WRITE.set(True)
        try:
            return method(*args, **kwargs)
        finally:
            _GUARDED_WRITE.reset(token)

    return wrapper


class AftersalesGuardedMixin(models.AbstractModel):
    _name = "aftersales.guarded.mixin"
    _description = "After-Sales: fields changed only through actions"

    # Names of the fields only the model's actions change.
    _aftersales_guarded_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        self._aftersales_check_guarded_fields(vals_list, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._aftersales_check_guarded_fields([vals])
        return super().write(vals)

    def _aftersales_ensure(self, refusal):
        """Raise the reason why the action guarded by ``refusal`` is refused
        on one of the records. ``refusal`` names a method returning that
        reason (or ``False`` when the action is allowed); the action's
        ``can_*`` field is computed from the same method, so a button is shown
        exactly when its action is allowed."""
        for record in self:
            reason = getattr(record, refusal)()
            if reason:
                raise UserError(reason)

    def _aftersales_check_guarded_fields(self, vals_list, creating=False):
        if self.env.su or _GUARDED_WRITE.get() or not self._aftersales_guarded_fields:
            return
        touched = set()
        for vals in vals_list:
            for name in self._aftersales_guarded_fields:
                if name not in vals:
                    continue
                field = self._fields[name]
                # creating with the field's own default is no decision
                if creating and not vals[name]:
                    continue
                if creating and field.default and vals[name] == field.default(self):
                    continue
                touched.add(name)
        if touched:
            labels = ", ".join(
                sorted(self._fields[n]._description_string(self.env) for n in touched)
            )
            raise UserError(
                _(
                    "%(fields)s of %(document)s change only through the "
                    "document's buttons, which check who may decide; they "
                    "cannot be written directly.",
                    fields=labels,
                    document=self._description,
                )
            )
