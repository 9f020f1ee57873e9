# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=consider-merging-classes-inherited
from odoo import _, api, models
from odoo.fields import Command


class AftersalesRma(models.Model):
    """Where an RMA comes from: its ticket, sale order and delivery."""

    _inherit = "aftersales.rma"

    @api.onchange("sale_order_id", "picking_id")
    def _onchange_origin_fill_partner(self):
        for rma in self:
            partner = rma.picking_id.partner_id or rma.sale_order_id.partner_id
            if partner and not rma.partner_id:
                rma.partner_id = partner
            if rma.picking_id.sale_id and not rma.sale_order_id:
                rma.sale_order_id = rma.picking_id.sale_id

    @api.model
    def _complete_origin_vals(self, vals):
        """Fill the customer and sale order from the ticket, the delivery or
        the sale order when they are not given."""
        picking = self.env["stock.picking"].browse(vals.get("picking_id"))
        order = self.env["sale.order"].browse(vals.get("sale_order_id"))
        ticket = self.env["aftersales.ticket"].browse(vals.get("ticket_id"))
        if not order and picking.sale_id:
            order = picking.sale_id
            vals["sale_order_id"] = order.id
        if not vals.get("partner_id"):
            partner = picking.partner_id or order.partner_id or ticket.partner_id
            if partner:
                vals["partner_id"] = partner.id
        if picking and not vals.get("warehouse_id"):
            warehouse = picking.picking_type_id.warehouse_id
            if warehouse:
                vals["warehouse_id"] = warehouse.id

    @api.model
    def _prepare_ticket_vals(self, vals):
        """Values of the ticket created for an RMA that comes without one."""
        partner = self.env["res.partner"].browse(vals["partner_id"])
        origin = self.env["stock.picking"].browse(vals.get("picking_id")) or self.env[
            "sale.order"
        ].browse(vals.get("sale_order_id"))
        ticket_vals = {
            "name": _("Return of %s", origin.name)
            if origin
            else _("Return from %s", partner.display_name),
            "partner_id": partner.id,
            "company_id": vals.get("company_id") or self.env.company.id,
            "sale_order_id": vals.get("sale_order_id"),
        }
        return_type = self.env.ref(
            "aftersales_service.ticket_type_return", raise_if_not_found=False
        )
        if return_type:
            ticket_vals["ticket_type_id"] = return_type.id
        # a single returned unit is the ticket's product, for its warranty
        created = [
            cmd[2]
            for cmd in vals.get("line_ids") or []
            if isinstance(cmd, list | tuple) and cmd[0] == Command.CREATE
        ]
        if len(created) == 1:
            line = created[0]
            ticket_vals["product_id"] = line.get("product_id")
            ticket_vals["lot_id"] = line.get("lot_id")
            sale_line = self.env["sale.order.line"].browse(line.get("sale_line_id"))
            if sale_line and ticket_vals["sale_order_id"] in (
                False,
                None,
                sale_line.order_id.id,
            ):
                ticket_vals["sale_order_id"] = sale_line.order_id.id
                ticket_vals["sale_line_id"] = sale_line.id
        return ticket_vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._complete_origin_vals(vals)
        without_ticket = [
            vals
            for vals in vals_list
            if not vals.get("ticket_id") and vals.get("partner_id")
        ]
        if without_ticket:
            tickets = self.env["aftersales.ticket"].create(
                [self._prepare_ticket_vals(vals) for vals in without_ticket]
            )
            for vals, ticket in zip(without_ticket, tickets, strict=True):
                vals["ticket_id"] = ticket.id
        rmas = super().create(vals_list)
        rmas.line_ids._fill_origin()
        return rmas

    def action_confirm(self):
        self.line_ids._fill_origin()
        return super().action_confirm()


class AftersalesRmaLine(models.Model):
    _inherit = "aftersales.rma.line"

    def _fill_origin(self):
        """Link each line to the sale line and delivered move it returns,
        where the RMA's sale order, delivery or the line's lot tell them."""
        for line in self.filtered(lambda rec: not rec.sale_line_id):
            order_lines = line.rma_id.sale_order_id.order_line.filtered(
                lambda sol, line=line: sol.product_id == line.product_id
                and not sol.display_type
            )
            if order_lines:
                line.sale_line_id = order_lines[0]
        lines = self.filtered(lambda rec: not rec.origin_move_id)
        lot_moves = self._delivered_lot_move_lines(lines.lot_id)
        for line in lines:
            customer = line.rma_id.partner_id.commercial_partner_id
            moves = line.rma_id.picking_id.move_ids.filtered(
                lambda m, line=line: m.state == "done"
                and m.product_id == line.product_id
            )
            if line.lot_id:
                moves = (
                    moves.filtered(lambda m, line=line: line.lot_id in m.lot_ids)
                    or lot_moves.filtered(
                        lambda ml, line=line, customer=customer: ml.lot_id
                        == line.lot_id
                        and ml.move_id._aftersales_customer() == customer
                    ).move_id
                )
            if not moves and line.sale_line_id:
                moves = line.sale_line_id.move_ids.filtered(
                    lambda m: m.state == "done"
                    and m.location_dest_id.usage == "customer"
                )
            if line.sale_line_id:
                moves = (
                    moves.filtered(
                        lambda m, line=line: m.sale_line_id == line.sale_line_id
                    )
                    or moves
                )
            if moves:
                line.origin_move_id = moves.sorted("date")[-1]
            if not line.sale_line_id and line.origin_move_id.sale_line_id:
                line.sale_line_id = line.origin_move_id.sale_line_id

    @api.model
    def _delivered_lot_move_lines(self, lots):
        """Done move lines that took or brought back these lots to or from a
        customer."""
        if not lots:
            return self.env["stock.move.line"]
        return self.env["stock.move.line"].search(
            [
                ("lot_id", "in", lots.ids),
                ("state", "=", "done"),
                "|",
                ("location_dest_id.usage", "=", "customer"),
                ("location_id.usage", "=", "customer"),
            ]
        )
