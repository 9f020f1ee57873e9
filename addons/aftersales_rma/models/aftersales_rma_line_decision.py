# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AftersalesRmaLine(models.Model):
    _inherit = "aftersales.rma.line"

    inspection_result = fields.Selection(
        [
            ("pending", "Pending"),
            ("defect_confirmed", "Defect confirmed"),
            ("no_fault_found", "No fault found"),
            ("customer_damage", "Customer damage"),
            ("transport_damage", "Transport damage"),
        ],
        default="pending",
        required=True,
    )
    decision = fields.Selection([("return", "Return"), ("scrap", "Scrap")])
    scrap_ids = fields.One2many("stock.scrap", "rma_line_id", readonly=True)
    qty_delivered = fields.Float(
        compute="_compute_qty_delivered", store=True, digits="Product Unit of Measure"
    )
    is_settled = fields.Boolean(compute="_compute_is_settled")

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_qty_delivered(self):
        for line in self:
            moves = line.move_ids.filtered(
                lambda m: m.state == "done" and m.picking_code == "outgoing"
            )
            line.qty_delivered = sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in moves
            )

    @api.depends("decision", "qty_delivered", "qty_received", "scrap_ids.state")
    def _compute_is_settled(self):
        for line in self:
            if line.decision == "scrap":
                line.is_settled = bool(line.scrap_ids) and all(
                    s.state == "done" for s in line.scrap_ids
                )
            elif line.decision == "return":
                line.is_settled = bool(line.qty_received) and (
                    line.qty_delivered >= line.qty_received
                )
            else:
                line.is_settled = False

    def _check_can_process(self):
        for line in self:
            if not line.decision:
                raise UserError(
                    _("Set a decision on %s first.", line.product_id.display_name)
                )
            if line.qty_received <= 0:
                raise UserError(
                    _(
                        "%(product)s on %(rma)s has not been received yet.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )

    def _prepare_scrap_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "scrap_qty": self.qty_received,
            "product_uom_id": self.product_uom.id,
            "lot_id": self.lot_id.id,
            "location_id": self.rma_id.warehouse_id.lot_stock_id.id,
            "company_id": self.company_id.id,
            "origin": self.rma_id.name,
            "rma_line_id": self.id,
        }

    def _prepare_return_move_vals(self, picking_type):
        self.ensure_one()
        return {
            "name": self.rma_id.name,
            "product_id": self.product_id.id,
            "product_uom_qty": self.qty_received,
            "product_uom": self.product_uom.id,
            "location_id": picking_type.default_location_src_id.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "picking_type_id": picking_type.id,
            "rma_line_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.rma_id.partner_id.id,
        }

    def _process_scrap(self):
        scraps = self.env["stock.scrap"].create(
            [line._prepare_scrap_vals() for line in self]
        )
        for scrap in scraps:
            scrap.action_validate()

    def _process_return(self):
        for rma, lines in self.grouped("rma_id").items():
            picking_type = rma.warehouse_id.out_type_id
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": rma.partner_id.id,
                    "origin": rma.name,
                    "rma_id": rma.id,
                    "company_id": rma.company_id.id,
                    "location_id": picking_type.default_location_src_id.id,
                    "location_dest_id": self.env.ref(
                        "stock.stock_location_customers"
                    ).id,
                    "move_ids": [
                        fields.Command.create(
                            line._prepare_return_move_vals(picking_type)
                        )
                        for line in lines
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()

    def _process_decision(self):
        """Run each line's decision through Odoo's own stock documents."""
        self._check_can_process()
        self.filtered(lambda line: line.decision == "scrap")._process_scrap()
        self.filtered(lambda line: line.decision == "return")._process_return()
