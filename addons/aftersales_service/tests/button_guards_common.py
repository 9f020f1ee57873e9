# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks that a document's buttons are shown exactly when their actions are
allowed, shared by the after-sales addons' button guard tests."""

import re

from odoo.exceptions import AccessError, UserError, ValidationError

REFUSALS = (UserError, ValidationError, AccessError)


class _Allowed(Exception):
    """Raised inside the savepoint to roll back an action that succeeded."""


class ButtonGuardsMixin:
    """For TransactionCase classes: compare each ``can_*`` field with the
    outcome of its action, and each form button with its ``can_*`` field."""

    def _action_allowed(self, record, method, *args):
        """Run ``record.method(*args)`` in a savepoint that is always rolled
        back; True when it succeeded."""
        try:
            with self.env.cr.savepoint():
                getattr(record, method)(*args)
                record.env.flush_all()
                raise _Allowed
        except _Allowed:
            return True
        except REFUSALS:
            return False
        finally:
            record.env.invalidate_all()

    def assertButtonsFollowGuards(self, record, guards, step):
        """``guards``: (can field, action method[, args]) of the buttons;
        ``step``: the state the document is in, for the messages."""
        record.ensure_one()
        shown = {}
        for guard in guards:
            record.invalidate_recordset()
            shown[guard[0]] = record[guard[0]]
        for can_field, method, *args in guards:
            with self.subTest(step=step, button=method):
                allowed = self._action_allowed(record, method, *args)
                self.assertEqual(
                    shown[can_field],
                    allowed,
                    f"{record._name} {step}: {can_field} is {shown[can_field]} "
                    f"but {method} {'succeeds' if allowed else 'is refused'}",
                )
        return shown

    def assertButtonsUseGuards(
        self, view_xmlid, buttons, scope="//header", exhaustive=True
    ):
        """Every button of the view (with its extensions) under ``scope``
        named in ``buttons`` ({method: can field}) is invisible by ``not <can
        field>`` (possibly further restricted). With ``exhaustive``, any other
        button there (another addon's) is driven by a can_* field too."""
        arch = self.env.ref(view_xmlid)._get_combined_arch()
        found = set()
        for button in arch.xpath(f"{scope}//button[@type='object']"):
            name = button.get("name")
            invisible = button.get("invisible") or ""
            if name not in buttons:
                if exhaustive:
                    self.assertRegex(
                        invisible,
                        r"^not (aftersales_)?can_\w+",
                        f"{view_xmlid}: button {name} has no can_* guard",
                    )
                continue
            self.assertRegex(
                invisible,
                rf"^not {re.escape(buttons[name])}\b",
                f"{view_xmlid}: button {name} is not driven by {buttons[name]}",
            )
            found.add(name)
        self.assertEqual(found, set(buttons), f"{view_xmlid}: buttons missing")
