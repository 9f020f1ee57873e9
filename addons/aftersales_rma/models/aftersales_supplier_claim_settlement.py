# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.exceptions import UserError


class AftersalesSupplierClaim(models.Model):
    _inherit = "aftersales.supplier.claim"

    # ------------------------------------------------------------------
    # credit
    # ------------------------------------------------------------------
    def _prepare_vendor_refund_vals(self):
        """Vendor credit note at the purchase price and taxes of the claimed
        lines, plus the claimed extra costs."""
        self.ensure_one()
        orders = self.purchase_order_ids
        return {
            "move_type": "in_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": ", ".join([self.name] + orders.mapped("name")),
            "ref": self.vendor_reference or self.name,
            "supplier_claim_id": self.id,
            "fiscal_position_id": orders[:1].fiscal_position_id.id,
            "invoice_line_ids": [
                fields.Command.create(line._prepare_vendor_refund_line_vals())
                for line in self.line_ids
            ]
            + [
                fields.Command.create(cost._prepare_vendor_refund_line_vals())
                for cost in self.cost_ids
            ],
        }

    def action_create_vendor_refund(self):
        """Prepare the vendor credit note of the claim (left in draft for
        accounting to check and post)."""
        self._check_can_credit()
        refunds = self.env["account.move"]
        for claim in self:
            refund = self.env["account.move"].create(
                claim._prepare_vendor_refund_vals()
            )
            refunds |= refund
            claim.settlement = "credit"
            claim.message_post(
                body=_("Vendor credit note %s prepared.", refund._get_html_link())
            )
        self._check_credit_within_claim()
        if len(refunds) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "account.move",
                "res_id": refunds.id,
                "view_mode": "form",
            }
        return True

    # ------------------------------------------------------------------
    # replacement
    # ------------------------------------------------------------------
    def _prepare_replacement_purchase_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "partner_ref": self.vendor_reference,
            "supplier_claim_id": self.id,
            "picking_type_id": self.warehouse_id.in_type_id.id,
            "user_id": self.user_id.id,
            "order_line": [
                fields.Command.create(line._prepare_replacement_purchase_line_vals())
                for line in self.line_ids
            ],
        }

    def action_request_replacement(self):
        """Order the replacement units from the vendor at zero price."""
        self._check_state(("submitted", "returned"), _("replaced"))
        for claim in self:
            if claim.replacement_purchase_ids.filtered(lambda o: o.state != "cancel"):
                raise UserError(
                    _("Claim %s already has a replacement order.", claim.name)
                )
        for claim in self:
            order = self.env["purchase.order"].create(
                claim._prepare_replacement_purchase_vals()
            )
            order.button_confirm()
            claim.settlement = "replacement"
            claim.message_post(
                body=_("Replacement order %s confirmed.", order._get_html_link())
            )
        return True

    # ------------------------------------------------------------------
    # repair by the vendor
    # ------------------------------------------------------------------
    def action_send_for_repair(self):
        """The vendor repairs the units: return them now, receive them later."""
        self.settlement = "repair_by_vendor"
        return self.action_return_to_vendor()
