# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, fields, models
from odoo.exceptions import UserError

APPROVAL_STATES = [
    ("not_required", "Not required"),
    ("to_approve", "To approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class AftersalesRma(models.Model):
    """Return window (RMA-08): a late return needs a manager's approval."""

    _inherit = "aftersales.rma"

    request_date = fields.Date(
        string="Requested On",
        default=fields.Date.context_today,
        required=True,
        tracking=True,
        help="When the customer asked for the return; the return window is "
        "counted from the delivery to this date.",
    )
    approval_state = fields.Selection(
        APPROVAL_STATES,
        string="Late Return Approval",
        default="not_required",
        required=True,
        tracking=True,
        copy=False,
    )
    is_outside_return_window = fields.Boolean(
        compute="_compute_is_outside_return_window"
    )

    @api.depends("line_ids.is_outside_return_window")
    def _compute_is_outside_return_window(self):
        for rma in self:
            rma.is_outside_return_window = any(
                rma.line_ids.mapped("is_outside_return_window")
            )

    def _check_can_confirm(self):
        res = super()._check_can_confirm()
        self._check_return_window()
        return res

    def action_process(self):
        # a refund or exchange decided after the receipt is bound by the window
        self._check_return_window()
        return super().action_process()

    def _check_return_window(self):
        late = self.filtered(
            lambda rma: rma.is_outside_return_window
            and rma.approval_state != "approved"
        )
        if late:
            raise UserError(
                _(
                    "%(rmas)s: the return window of %(products)s is over. Request "
                    "a manager's approval first.",
                    rmas=", ".join(late.mapped("name")),
                    products=", ".join(
                        late.line_ids.filtered(
                            "is_outside_return_window"
                        ).product_id.mapped("display_name")
                    ),
                )
            )

    def _check_manager(self):
        if not self.env["aftersales.rma.line"]._is_rma_manager():
            raise UserError(
                _("Only an RMA manager can approve or reject a late return.")
            )

    def action_request_approval(self):
        for rma in self:
            if rma.state in ("done", "cancelled") or not rma.is_outside_return_window:
                raise UserError(
                    _("RMA %s is within its return window.", rma.name)
                    if rma.state not in ("done", "cancelled")
                    else _("RMA %s is closed.", rma.name)
                )
        self.approval_state = "to_approve"
        managers = self.env.ref("aftersales_rma.group_rma_manager").users
        for rma in self:
            rma.message_post(
                body=_("Approval of this late return requested."),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _set_approval(self, state, message):
        self._check_manager()
        not_waiting = self.filtered(lambda rma: rma.approval_state != "to_approve")
        if not_waiting:
            raise UserError(
                _(
                    "%s: no approval was requested.",
                    ", ".join(not_waiting.mapped("name")),
                )
            )
        self.approval_state = state
        for rma in self:
            rma.message_post(body=message, subtype_xmlid="mail.mt_note")
        return True

    def action_approve(self):
        return self._set_approval(
            "approved", _("Late return approved by %s.", self.env.user.name)
        )

    def action_reject(self):
        return self._set_approval(
            "rejected", _("Late return rejected by %s.", self.env.user.name)
        )
