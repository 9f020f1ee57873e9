from odoo import fields, models


class AftersalesApprovalRejectWizard(models.TransientModel):
    _name = "aftersales.approval.reject.wizard"
    _description = "Reject a Service Quotation Discount"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.order_id.action_aftersales_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
