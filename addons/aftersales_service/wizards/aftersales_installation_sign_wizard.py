# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesInstallationSignWizard(models.TransientModel):
    """The customer signs the final acceptance on the technician's device."""

    _name = "aftersales.installation.sign.wizard"
    _description = "Customer Signs the Final Acceptance On Site"

    installation_id = fields.Many2one(
        "aftersales.installation", required=True, ondelete="cascade"
    )
    signed_by = fields.Char(string="Name of the Signer", required=True)
    signature = fields.Binary(required=True)
    comment = fields.Text(string="Customer Remarks")

    def action_sign(self):
        self.ensure_one()
        self.installation_id.action_sign_on_site(
            self.signed_by, self.signature, self.comment or None
        )
        return {"type": "ir.actions.act_window_close"}
