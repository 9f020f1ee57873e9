# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # SLA-02: quality confirmation of a returned item takes 1-2 days;
    # SLA-15: a repair is completed within 15 working days.
    aftersales_rma_decision_days = fields.Integer(
        string="RMA Decision Target (working days)",
        default=2,
        help="Working days from the receipt of a returned item to the decision "
        "on it.",
    )
    aftersales_rma_resolution_days = fields.Integer(
        string="RMA Resolution Target (working days)",
        default=15,
        help="Working days from the decision on a returned item to its "
        "resolution (repaired unit, replacement or refund delivered).",
    )

    @api.constrains("aftersales_rma_decision_days", "aftersales_rma_resolution_days")
    def _check_aftersales_rma_targets(self):
        for company in self:
            if (
                company.aftersales_rma_decision_days < 0
                or company.aftersales_rma_resolution_days < 0
            ):
                raise ValidationError(
                    _(
                        "The RMA targets of %s cannot be negative; use 0 to "
                        "disable a target.",
                        company.name,
                    )
                )
