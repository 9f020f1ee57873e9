# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
    rma_send_authorisation_mail = fields.Boolean(
        string="Send RMA Authorisation E-mail",
        default=True,
        help="E-mail the customer the return instructions when an RMA is confirmed.",
    )
