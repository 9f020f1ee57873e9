# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesVisitSignWizard(models.TransientModel):
    """The customer signs the service report on the technician's device."""

    _name = "aftersales.visit.sign.wizard"
    _description = "Customer Signs the Service Report On Site"

    visit_id = fields.Many2one("aftersales.visit", required=True, ondelete="cascade")
    signed_by = fields.Char(string="Name of the Signer", required=True)
    signature = fields.Binary(required=True)

    def action_sign(self):
        self.ensure_one()
        self.visit_id.action_sign_on_site(self.signed_by, self.signature)
        return {"type": "ir.actions.act_window_close"}
