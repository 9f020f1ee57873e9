# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The RMA model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, fields, models


class AftersalesRma(models.Model):
    """Summary fields for views and reports, and the smart buttons' actions."""

    _inherit = "aftersales.rma"

    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    decision = fields.Selection(
        selection="_selection_decision",
        compute="_compute_decision",
        store=True,
        help="The decision of the lines when they all share one, else Mixed.",
    )
    is_awaiting_decision = fields.Boolean(
        compute="_compute_decision",
        store=True,
        help="Received with at least one line still without decision.",
    )
    receipt_count = fields.Integer(compute="_compute_document_counts")
    delivery_count = fields.Integer(compute="_compute_document_counts")
    repair_count = fields.Integer(compute="_compute_document_counts")
    refund_count = fields.Integer(
        compute="_compute_refund_count",
        groups="account.group_account_invoice,account.group_account_readonly",
    )

    @api.model
    def _selection_decision(self):
        line_decision = self.env["aftersales.rma.line"]._fields["decision"]
        return line_decision._description_selection(self.env) + [("mixed", _("Mixed"))]

    @api.depends("state", "line_ids.decision")
    def _compute_decision(self):
        for rma in self:
            decisions = set(rma.line_ids.mapped("decision"))
            rma.is_awaiting_decision = rma.state == "received" and (
                not decisions or False in decisions
            )
            decisions.discard(False)
            if len(decisions) > 1:
                rma.decision = "mixed"
            else:
                rma.decision = decisions.pop() if decisions else False

    @api.depends("picking_ids", "line_ids.repair_id")
    def _compute_document_counts(self):
        for rma in self:
            rma.receipt_count = len(rma.in_picking_ids)
            rma.delivery_count = len(rma.out_picking_ids)
            rma.repair_count = len(rma.repair_ids)

    @api.depends("line_ids.refund_line_ids")
    def _compute_refund_count(self):
        for rma in self:
            rma.refund_count = len(rma.refund_ids)

    def _action_view_records(self, xml_id, records):
        """Open ``records`` with the action ``xml_id``, in a form when single."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        if len(records) == 1:
            action.update(views=[(False, "form")], view_mode="form", res_id=records.id)
        else:
            action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        return action

    def action_view_receipts(self):
        self.ensure_one()
        return self._action_view_records(
            "stock.action_picking_tree_all", self.in_picking_ids
        )

    def action_view_deliveries(self):
        self.ensure_one()
        return self._action_view_records(
            "stock.action_picking_tree_all", self.out_picking_ids
        )

    def action_view_repairs(self):
        self.ensure_one()
        return self._action_view_records(
            "repair.action_repair_order_tree", self.repair_ids
        )

    def action_view_refunds(self):
        self.ensure_one()
        return self._action_view_records(
            "account.action_move_out_refund_type", self.refund_ids
        )

    def action_view_ticket(self):
        self.ensure_one()
        return self._action_view_records(
            "aftersales_service.action_aftersales_ticket", self.ticket_id
        )

    @api.model
    def _action_for_domain(self, domain, context=None):
        """The RMA action restricted to ``domain`` (smart buttons of other
        documents)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_rma"
        )
        action["domain"] = domain
        action["context"] = context or {}
        return action


class AftersalesRmaLine(models.Model):
    """Stored copies of the RMA's fields so lines can be analysed."""

    _inherit = "aftersales.rma.line"

    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="rma_id.commercial_partner_id", string="Customer", store=True
    )
    rma_state = fields.Selection(
        related="rma_id.state", string="RMA Status", store=True
    )
    sla_status = fields.Selection(related="rma_id.sla_status", store=True)
    rma_date = fields.Datetime(
        related="rma_id.create_date", string="RMA Date", store=True
    )
