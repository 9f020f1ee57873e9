# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class AftersalesTicket(models.Model):
    """The ticket's RMAs and the supplier claims made for them."""

    _inherit = "aftersales.ticket"

    rma_ids = fields.One2many("aftersales.rma", "ticket_id", string="RMAs")
    rma_count = fields.Integer(compute="_compute_rma_count")
    supplier_claim_ids = fields.Many2many(
        "aftersales.supplier.claim",
        compute="_compute_supplier_claim_ids",
        string="Supplier Claims",
        groups="base.group_user",
    )
    # the header button Create RMA, computed from the refusal of its action
    can_create_rma = fields.Boolean(
        compute="_compute_can_create_rma", groups="base.group_user"
    )

    @api.depends("rma_ids")
    def _compute_rma_count(self):
        for ticket in self:
            ticket.rma_count = len(ticket.rma_ids)

    @api.depends("rma_ids.line_ids.claim_line_ids")
    def _compute_supplier_claim_ids(self):
        for ticket in self:
            ticket.supplier_claim_ids = ticket.rma_ids.line_ids.claim_line_ids.claim_id

    @api.depends("stage_id.is_closed", "stage_id.is_cancel")
    def _compute_can_create_rma(self):
        for ticket in self:
            ticket.can_create_rma = not ticket._refusal_create_rma()

    def _refusal_create_rma(self):
        return self._refusal_finished(_("returning goods on it"))

    def action_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_rma"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_create_rma(self):
        """Open a new RMA of this ticket, prefilled with its unit."""
        self.ensure_one()
        self._aftersales_ensure("_refusal_create_rma")
        context = {
            "default_ticket_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_sale_order_id": self.sale_order_id.id,
            "default_company_id": self.company_id.id,
        }
        if self.product_id:
            context["default_line_ids"] = [
                fields.Command.create(
                    {
                        "product_id": self.product_id.id,
                        "lot_id": self.lot_id.id,
                        "sale_line_id": self.sale_line_id.id,
                    }
                )
            ]
        return {
            "type": "ir.actions.act_window",
            "name": _("New RMA"),
            "res_model": "aftersales.rma",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": context,
        }
