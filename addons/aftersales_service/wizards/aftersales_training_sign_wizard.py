# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesTrainingSignWizard(models.TransientModel):
    """The trainees sign their attendance on the trainer's device."""

    _name = "aftersales.training.sign.wizard"
    _description = "Trainees Sign the Attendance"

    training_id = fields.Many2one(
        "aftersales.training", required=True, ondelete="cascade"
    )
    signed_by = fields.Char(string="Name of the Signer", required=True)
    signature = fields.Binary(required=True)

    def action_sign(self):
        self.ensure_one()
        self.training_id.action_sign_on_site(self.signed_by, self.signature)
        return {"type": "ir.actions.act_window_close"}
