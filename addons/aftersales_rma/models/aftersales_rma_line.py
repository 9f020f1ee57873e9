# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesRmaLine(models.Model):
    _name = "aftersales.rma.line"
    _description = "RMA Line"

    rma_id = fields.Many2one(
        "aftersales.rma", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="rma_id.company_id", store=True)
    product_id = fields.Many2one("product.product", required=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Lot/Serial", domain="[('product_id', '=', product_id)]"
    )
    product_uom_qty = fields.Float(
        string="Quantity", default=1.0, digits="Product Unit of Measure"
    )
    product_uom = fields.Many2one(
        "uom.uom",
        compute="_compute_product_uom",
        store=True,
        readonly=False,
    )
    sale_line_id = fields.Many2one("sale.order.line", index=True)
    price_unit = fields.Float(
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        digits="Product Price",
        help="Unit price paid on the sale line, discount included.",
    )
    replacement_product_id = fields.Many2one(
        "product.product",
        help="Product shipped on a replace decision; the returned product "
        "when empty.",
    )
    origin_move_id = fields.Many2one("stock.move", string="Delivered Move")
    move_ids = fields.One2many("stock.move", "rma_line_id", readonly=True)
    qty_received = fields.Float(
        compute="_compute_qty_received", store=True, digits="Product Unit of Measure"
    )
    date_received = fields.Datetime(compute="_compute_qty_received", store=True)

    @api.depends("product_id")
    def _compute_product_uom(self):
        for line in self:
            line.product_uom = line.product_id.uom_id

    @api.depends("sale_line_id.price_unit", "sale_line_id.discount")
    def _compute_price_unit(self):
        for line in self:
            sale_line = line.sale_line_id
            line.price_unit = sale_line.price_unit * (1 - sale_line.discount / 100.0)

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_qty_received(self):
        for line in self:
            moves = line.move_ids.filtered(
                lambda m: m.state == "done" and m.picking_code == "incoming"
            )
            line.qty_received = sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in moves
            )
            line.date_received = max(moves.mapped("date"), default=False)

    @api.constrains("product_uom_qty")
    def _check_quantity_positive(self):
        for line in self:
            if line.product_uom_qty <= 0:
                raise ValidationError(
                    _(
                        "The quantity to return of %s must be positive.",
                        line.product_id.display_name,
                    )
                )

    def _prepare_receipt_move_vals(self, picking_type):
        self.ensure_one()
        return {
            "name": self.rma_id.name,
            "product_id": self.product_id.id,
            "product_uom_qty": self.product_uom_qty,
            "product_uom": self.product_uom.id,
            "location_id": self.env.ref("stock.stock_location_customers").id,
            "location_dest_id": self.rma_id.warehouse_id.rma_loc_id.id,
            "picking_type_id": picking_type.id,
            "rma_line_id": self.id,
            "origin_returned_move_id": self.origin_move_id.id,
            "to_refund": bool(self.origin_move_id),
            "company_id": self.company_id.id,
            "partner_id": self.rma_id.partner_id.id,
        }
