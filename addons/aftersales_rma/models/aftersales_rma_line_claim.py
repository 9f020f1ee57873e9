# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .aftersales_supplier_claim import CLAIM_STATES


class AftersalesRmaLine(models.Model):
    _inherit = "aftersales.rma.line"

    bought_in_failure = fields.Boolean(
        string="Bought-in Part Failed",
        help="Inspection found that a purchased part or product failed: the "
        "vendor is claimed even when the ticket blames another department.",
    )
    supplier_responsible = fields.Boolean(
        compute="_compute_supplier_responsible",
        store=True,
        help="The ticket holds the supplier responsible or a bought-in part " "failed.",
    )
    claim_reason = fields.Text(
        string="Reason to Claim",
        help="Why the vendor is claimed although the supplier is not the "
        "responsible party; logged on the RMA.",
    )
    claim_line_ids = fields.One2many(
        "aftersales.supplier.claim.line", "rma_line_id", readonly=True
    )
    supplier_claim_id = fields.Many2one(
        "aftersales.supplier.claim",
        compute="_compute_supplier_claim",
        string="Supplier Claim",
    )
    supplier_claim_state = fields.Selection(
        selection=CLAIM_STATES,
        compute="_compute_supplier_claim",
        string="Claim Status",
    )

    @api.depends("rma_id.ticket_id.responsibility", "bought_in_failure")
    def _compute_supplier_responsible(self):
        for line in self:
            line.supplier_responsible = line.bought_in_failure or (
                line.rma_id.ticket_id.responsibility == "supplier"
            )

    @api.depends("claim_line_ids.claim_id.state")
    def _compute_supplier_claim(self):
        for line in self:
            claims = line.claim_line_ids.claim_id.filtered(
                lambda c: c.state != "cancelled"
            )
            line.supplier_claim_id = claims[:1]
            line.supplier_claim_state = claims[:1].state

    def _trace_purchase_lines(self):
        """Purchase line each RMA line's unit came from: the receipt of its
        lot, else none. Returns {rma line id: purchase.order.line}."""
        result = {line.id: self.env["purchase.order.line"] for line in self}
        with_lot = self.filtered("lot_id")
        if not with_lot:
            return result
        # buyers may lack inventory rights: the trace itself is not sensitive
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", with_lot.lot_id.ids),
                    ("state", "=", "done"),
                    ("picking_code", "=", "incoming"),
                    ("move_id.purchase_line_id", "!=", False),
                ],
                order="date desc, id desc",
            )
        )
        by_lot = {}
        for ml in move_lines:
            by_lot.setdefault(ml.lot_id.id, ml.move_id.purchase_line_id.id)
        for line in with_lot:
            result[line.id] = self.env["purchase.order.line"].browse(
                by_lot.get(line.lot_id.id)
            )
        return result

    def _claim_vendors(self):
        """{rma line id: (vendor, purchase line)} from the lot's receipt,
        else the product's main vendor."""
        traced = self._trace_purchase_lines()
        vendors = {}
        for line in self:
            pol = traced[line.id]
            vendor = (
                pol.partner_id or line.product_id.seller_ids[:1].partner_id
            ).commercial_partner_id
            vendors[line.id] = (vendor, pol)
        return vendors

    def _check_can_claim(self):
        for line in self:
            if line.supplier_claim_id:
                raise UserError(
                    _(
                        "%(product)s on %(rma)s is already claimed on %(claim)s.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                        claim=line.supplier_claim_id.name,
                    )
                )
            if line.rma_id.state in ("draft", "cancelled"):
                raise UserError(
                    _("RMA %s is not confirmed: nothing to claim.", line.rma_id.name)
                )
            if not line.supplier_responsible and not (line.claim_reason or "").strip():
                raise UserError(
                    _(
                        "%(product)s on %(rma)s is not the supplier's "
                        "responsibility: give a reason to claim the vendor.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )
        vendors = self._claim_vendors()
        for line in self:
            if not vendors[line.id][0]:
                raise UserError(
                    _(
                        "No vendor found for %(product)s on %(rma)s: no purchase "
                        "receipt of its lot and no vendor on the product.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )
        return vendors

    def _prepare_claim_line_vals(self, purchase_line):
        self.ensure_one()
        return {
            "rma_line_id": self.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "quantity": self.qty_received or self.product_uom_qty,
            "product_uom": self.product_uom.id,
            "purchase_line_id": purchase_line.id,
        }

    def _create_supplier_claims(self):
        """One draft claim per vendor and company for these RMA lines."""
        vendors = self._check_can_claim()
        groups = {}
        for line in self:
            vendor, pol = vendors[line.id]
            groups.setdefault((vendor, line.company_id), []).append((line, pol))
        vals_list = [
            {
                "partner_id": vendor.id,
                "company_id": company.id,
                "warehouse_id": items[0][0].rma_id.warehouse_id.id,
                "line_ids": [
                    fields.Command.create(line._prepare_claim_line_vals(pol))
                    for line, pol in items
                ],
            }
            for (vendor, company), items in groups.items()
        ]
        claims = self.env["aftersales.supplier.claim"].create(vals_list)
        claims.line_ids._check_claimable_qty()
        for line in self.filtered(lambda r: not r.supplier_responsible):
            line.rma_id.sudo().message_post(
                body=_(
                    "%(product)s claimed to the vendor although not the "
                    "supplier's responsibility: %(reason)s",
                    product=line.product_id.display_name,
                    reason=line.claim_reason,
                )
            )
        for rma in self.rma_id:
            rma.sudo().message_post(
                body=_(
                    "Supplier claim %s created.",
                    ", ".join(
                        claims.filtered(lambda c, r=rma: r in c.rma_ids).mapped("name")
                    ),
                )
            )
        return claims

    def action_claim_to_vendor(self):
        claims = self._create_supplier_claims()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_supplier_claim"
        )
        if len(claims) == 1:
            action.update({"res_id": claims.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", claims.ids)]
        return action


class AftersalesTicket(models.Model):
    _inherit = "aftersales.ticket"

    supplier_claim_ids = fields.Many2many(
        "aftersales.supplier.claim",
        compute="_compute_supplier_claim_ids",
        string="Supplier Claims",
    )

    @api.depends("rma_ids.line_ids.claim_line_ids")
    def _compute_supplier_claim_ids(self):
        for ticket in self:
            ticket.supplier_claim_ids = ticket.rma_ids.line_ids.claim_line_ids.claim_id
