from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_revisit_mode = fields.Selection(
        [("activity", "Activity"), ("ticket", "Consultation ticket")],
        string="Revisit Reminder",
        default="activity",
        required=True,
        help="What the scheduled action creates for a key customer's due "
        "revisit besides the revisit itself: an activity for the responsible, "
        "or a consultation ticket.",
    )
