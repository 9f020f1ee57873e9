# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesSupplierClaimCost(models.Model):
    _name = "aftersales.supplier.claim.cost"
    _description = "Supplier Claim Extra Cost"

    claim_id = fields.Many2one(
        "aftersales.supplier.claim", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    cost_type = fields.Selection(
        [("labour", "Labour"), ("freight", "Freight"), ("other", "Other")],
        required=True,
        default="labour",
    )
    name = fields.Char(string="Description", required=True)
    amount = fields.Monetary(required=True)

    @api.constrains("amount")
    def _check_amount_positive(self):
        for cost in self:
            if cost.amount <= 0:
                raise ValidationError(
                    _("The extra cost %s must be positive.", cost.name)
                )

    def _prepare_vendor_refund_line_vals(self):
        self.ensure_one()
        return {
            "name": _(
                "%(type)s: %(name)s",
                type=dict(self._fields["cost_type"]._description_selection(self.env))[
                    self.cost_type
                ],
                name=self.name,
            ),
            "quantity": 1.0,
            "price_unit": self.amount,
            "tax_ids": [fields.Command.clear()],
        }
