# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_compare


class AftersalesRmaSaleWizard(models.TransientModel):
    _name = "aftersales.rma.sale.wizard"
    _description = "Create an RMA from a Sale Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    partner_id = fields.Many2one(related="order_id.partner_id")
    company_id = fields.Many2one(related="order_id.company_id")
    ticket_id = fields.Many2one(
        "aftersales.ticket",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="Ticket of the RMA; a new one is created when empty.",
    )
    commercial_partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id"
    )
    line_ids = fields.One2many(
        "aftersales.rma.sale.wizard.line",
        "wizard_id",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("order_id")
    def _compute_line_ids(self):
        RmaLine = self.env["aftersales.rma.line"]
        for wizard in self:
            sale_lines = wizard.order_id.order_line.filtered(
                lambda sol: not sol.display_type and sol.qty_delivered > 0
            )
            left = RmaLine._get_sale_line_returnable_qty(sale_lines)
            lot_moves = sale_lines.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
            ).move_line_ids.filtered("lot_id")
            customer = wizard.commercial_partner_id
            lot_left = RmaLine._get_lot_returnable_qty(
                [(lot, customer) for lot in lot_moves.lot_id]
            )
            commands = [Command.clear()]
            for sale_line in sale_lines:
                lots = lot_moves.filtered(
                    lambda ml, sol=sale_line: ml.move_id.sale_line_id == sol
                ).lot_id
                for lot in lots:
                    qty = min(left[sale_line], lot_left[lot, customer])
                    if qty > 0:
                        commands.append(
                            Command.create(
                                {
                                    "sale_line_id": sale_line.id,
                                    "lot_id": lot.id,
                                    "qty_returnable": qty,
                                }
                            )
                        )
                if not lots and left[sale_line] > 0:
                    commands.append(
                        Command.create(
                            {
                                "sale_line_id": sale_line.id,
                                "qty_returnable": left[sale_line],
                            }
                        )
                    )
            wizard.line_ids = commands

    def _check_quantities(self):
        self.ensure_one()
        if any(line.quantity < 0 for line in self.line_ids):
            raise UserError(_("Quantities to return cannot be negative."))
        for line in self.line_ids:
            rounding = line.product_id.uom_id.rounding
            if (
                float_compare(
                    line.quantity, line.qty_returnable, precision_rounding=rounding
                )
                > 0
            ):
                raise UserError(
                    _(
                        "Only %(left)s of %(product)s can still be returned.",
                        left=line.qty_returnable,
                        product=line.product_id.display_name,
                    )
                )
        if not self.line_ids.filtered(lambda line: line.quantity > 0):
            raise UserError(_("Set the quantity to return on at least one line."))

    def _prepare_rma_vals(self):
        self.ensure_one()
        order = self.order_id
        return {
            "partner_id": order.partner_id.id,
            "sale_order_id": order.id,
            "ticket_id": self.ticket_id.id,
            "company_id": order.company_id.id,
            "warehouse_id": order.warehouse_id.id,
            "line_ids": [
                Command.create(line._prepare_rma_line_vals())
                for line in self.line_ids
                if line.quantity > 0
            ],
        }

    def action_create_rma(self):
        """Create the draft RMA (and its ticket) and open it."""
        self.ensure_one()
        self._check_quantities()
        rma = self.env["aftersales.rma"].create(self._prepare_rma_vals())
        # lines of several lots share their sale line's returnable quantity
        rma.line_ids._check_returnable_qty()
        rma.message_post(
            body=_("Created from sale order %s.", self.order_id._get_html_link())
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_aftersales_rma"
        )
        action.update(
            {"view_mode": "form", "views": [(False, "form")], "res_id": rma.id}
        )
        return action


class AftersalesRmaSaleWizardLine(models.TransientModel):
    _name = "aftersales.rma.sale.wizard.line"
    _description = "Sale Order Line to Return"

    wizard_id = fields.Many2one(
        "aftersales.rma.sale.wizard", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    product_id = fields.Many2one(related="sale_line_id.product_id")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    qty_returnable = fields.Float(
        string="Returnable", digits="Product Unit of Measure", readonly=True
    )
    quantity = fields.Float(string="To Return", digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="sale_line_id.product_id.uom_id")

    def _prepare_rma_line_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_uom_qty": self.quantity,
            "product_uom": self.uom_id.id,
            "lot_id": self.lot_id.id,
            "sale_line_id": self.sale_line_id.id,
        }
