# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

LINE_TYPES = [("check", "Check"), ("document", "Handover Document")]


class AftersalesInstallationLine(models.Model):
    """A check of the installation with its measured value (INS-03), or a
    document handed over to the customer (INS-06)."""

    _name = "aftersales.installation.line"
    _description = "After-Sales Installation Checklist Line"
    _order = "installation_id, line_type, sequence, id"
    _check_company_auto = True

    installation_id = fields.Many2one(
        "aftersales.installation", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="installation_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(LINE_TYPES, default="check", required=True)
    name = fields.Char(string="Description", required=True)
    expected_value = fields.Char(help="The value or range the check expects.")
    measured_value = fields.Char(help="What was measured on site.")
    result = fields.Selection([("ok", "OK"), ("not_ok", "Not OK")])
    done = fields.Boolean(
        string="Done / Handed Over",
        help="The check was made, or the document handed over.",
    )
    note = fields.Char()

    @api.onchange("result")
    def _onchange_result(self):
        if self.result:
            self.done = True

    # ------------------------------------------------------------------
    # CRUD: a signed acceptance is a record, its lines stay as signed
    # ------------------------------------------------------------------
    def write(self, vals):
        self._aftersales_check_open()
        return super().write(vals)

    def unlink(self):
        self._aftersales_check_open()
        return super().unlink()

    def _aftersales_check_open(self):
        closed = self.installation_id.filtered(lambda i: i.state == "done")
        if closed and not self.env.su:
            raise UserError(
                _(
                    "The acceptance of %s is signed: its checklist can no "
                    "longer change.",
                    ", ".join(closed.mapped("name")),
                )
            )
