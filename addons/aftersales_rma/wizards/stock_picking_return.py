# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    aftersales_rma_line_id = fields.Many2one("aftersales.rma.line", readonly=True)

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        if self.aftersales_rma_line_id:
            vals["aftersales_rma_line_id"] = self.aftersales_rma_line_id.id
        return vals

    def _aftersales_prepare_rma_line_vals(self):
        self.ensure_one()
        move = self.move_id
        lots = move.move_line_ids.lot_id
        return {
            "product_id": self.product_id.id,
            "product_uom_qty": self.quantity,
            "product_uom": self.uom_id.id,
            "lot_id": lots.id if len(lots) == 1 else False,
            "origin_move_id": move.id,
            "sale_line_id": move.sale_line_id.id,
        }


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    # Unticked by default: Odoo's return stays a plain return unless the user
    # asks for an RMA.
    aftersales_create_rma = fields.Boolean(
        string="Create RMA",
        help="Follow this return as an RMA: the return becomes its receipt.",
    )
    aftersales_rma_partner_id = fields.Many2one(
        related="picking_id.partner_id.commercial_partner_id"
    )
    aftersales_rma_ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="Ticket",
        domain="[('commercial_partner_id', '=', aftersales_rma_partner_id)]",
        help="Ticket of the RMA; a new one is created when empty.",
    )
    aftersales_is_customer_delivery = fields.Boolean(
        compute="_compute_aftersales_is_customer_delivery"
    )

    @api.depends("picking_id")
    def _compute_aftersales_is_customer_delivery(self):
        for wizard in self:
            picking = wizard.picking_id
            wizard.aftersales_is_customer_delivery = (
                picking.picking_type_code == "outgoing"
                and picking.location_dest_id.usage == "customer"
            )

    def _aftersales_prepare_rma_vals(self, return_lines):
        self.ensure_one()
        picking = self.picking_id
        return {
            "picking_id": picking.id,
            "partner_id": picking.partner_id.id,
            "sale_order_id": picking.sale_id.id,
            "ticket_id": self.aftersales_rma_ticket_id.id,
            "company_id": picking.company_id.id,
            "warehouse_id": picking.picking_type_id.warehouse_id.id,
            "line_ids": [
                Command.create(line._aftersales_prepare_rma_line_vals())
                for line in return_lines
            ],
        }

    def _aftersales_create_rma(self):
        """Create the RMA the return will belong to; it must pass the same
        guards as a confirmed RMA."""
        if any(line.quantity < 0 for line in self.product_return_moves):
            raise UserError(_("Quantities to return cannot be negative."))
        return_lines = self.product_return_moves.filtered(
            lambda line: line.quantity > 0 and line.move_id
        )
        if not return_lines:
            raise UserError(_("Please specify at least one non-zero quantity."))
        rma = self.env["aftersales.rma"].create(
            self._aftersales_prepare_rma_vals(return_lines)
        )
        if rma.is_outside_return_window:
            raise UserError(
                _(
                    "The return window of %(products)s is over: a manager must "
                    "approve this return. Create the RMA from the sale order and "
                    "request approval, or untick Create RMA.",
                    products=", ".join(
                        rma.line_ids.filtered(
                            "is_outside_return_window"
                        ).product_id.mapped("display_name")
                    ),
                )
            )
        rma._check_can_confirm()
        for return_line, rma_line in zip(return_lines, rma.line_ids, strict=True):
            return_line.aftersales_rma_line_id = rma_line
        return rma

    def action_create_returns(self):
        # OCA rma, when installed, offers its own "Create RMAs" on this
        # wizard: one return is followed by one RMA, ours or theirs
        if (
            self.aftersales_create_rma
            and self._fields.get("create_rma")
            and self["create_rma"]
        ):
            raise UserError(
                _(
                    "Tick either Create RMA or Create RMAs, not both: a return "
                    "is followed by one RMA."
                )
            )
        return super().action_create_returns()

    def _create_return(self):
        # the option is only offered on deliveries to customers
        if not (self.aftersales_create_rma and self.aftersales_is_customer_delivery):
            return super()._create_return()
        rma = self._aftersales_create_rma()
        new_picking = super()._create_return()
        new_picking.aftersales_rma_id = rma
        # confirmed as from its form: the return becomes its receipt, then
        # the same advance shipping and authorisation e-mail
        rma.action_confirm()
        return new_picking
