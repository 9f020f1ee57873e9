# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # RMA-08: 7-day returns are the most common rule in the seeds; categories
    # such as furniture (15 days from delivery) set their own window.
    aftersales_return_days = fields.Integer(
        string="Return Window (days)",
        default=7,
        help="Days after delivery during which a return needs no manager "
        "approval, for product categories without their own window.",
    )
    # WTY-12: a unit repaired more than 3 times is replaced.
    aftersales_max_repairs = fields.Integer(
        string="Repairs Before Replacement",
        default=3,
        help="A serial already repaired this many times is replaced instead of "
        "repaired again, unless an RMA manager decides otherwise.",
    )
    aftersales_rma_send_authorisation_mail = fields.Boolean(
        string="Send RMA Authorisation E-mail",
        default=True,
        help="E-mail the customer the return instructions when an RMA is confirmed.",
    )
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
    aftersales_inspection_product_id = fields.Many2one(
        "product.product",
        string="Inspection Fee Product",
        domain=[("type", "=", "service")],
        help="Service quoted when a unit is sent back unchanged and the RMA line "
        "asks for an inspection fee.",
    )
    # WTY-13: the warranty of a replacement unit
    aftersales_replacement_warranty = fields.Selection(
        [
            ("rest", "Rest of the original period"),
            ("new", "New period from the replacement"),
        ],
        string="Replacement Unit Warranty",
        default="rest",
        required=True,
        help="Rest: the unit shipped by an RMA in place of a faulty one keeps "
        "the original unit's warranty start. New: its warranty starts again "
        "on the day the replacement is delivered.",
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
