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
    decision = fields.Selection(
        [
            ("repair", "Repair"),
            ("replace", "Replace"),
            ("advance_replace", "Advance Replacement"),
            ("refund", "Refund"),
            ("return", "Return"),
            ("scrap", "Scrap"),
        ]
    )
    scrap_ids = fields.One2many("stock.scrap", "rma_line_id", readonly=True)
    repair_id = fields.Many2one("repair.order", readonly=True, copy=False)
    refund_line_ids = fields.One2many(
        "account.move.line",
        "rma_line_id",
        string="Credit Note Lines",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    qty_refunded = fields.Float(
        compute="_compute_qty_refunded", store=True, digits="Product Unit of Measure"
    )
    qty_delivered = fields.Float(
        compute="_compute_qty_delivered", store=True, digits="Product Unit of Measure"
    )
    is_settled = fields.Boolean(compute="_compute_is_settled")
    # advance exchange (备件替代返修): what became of the returned faulty unit
    faulty_unit_action = fields.Selection(
        [("repair", "To Repair"), ("stock", "To Stock")],
        string="Faulty Unit",
        readonly=True,
        copy=False,
        help="What became of the faulty unit returned after an advance replacement.",
    )
    qty_restocked = fields.Float(
        compute="_compute_qty_restocked",
        store=True,
        digits="Product Unit of Measure",
        help="Quantity of the returned faulty unit moved into stock.",
    )

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

    @api.depends("refund_line_ids.parent_state", "refund_line_ids.quantity")
    def _compute_qty_refunded(self):
        for line in self:
            posted = line.refund_line_ids.filtered(
                lambda aml: aml.parent_state == "posted"
            )
            line.qty_refunded = sum(
                aml.product_uom_id._compute_quantity(aml.quantity, line.product_uom)
                for aml in posted
            )

    @api.depends(
        "decision",
        "qty_delivered",
        "qty_received",
        "qty_refunded",
        "scrap_ids.state",
        "faulty_unit_action",
        "qty_restocked",
        "repair_id.state",
    )
    def _compute_is_settled(self):
        for line in self:
            if line.decision == "scrap":
                line.is_settled = bool(line.scrap_ids) and all(
                    s.state == "done" for s in line.scrap_ids
                )
            elif line.decision == "refund":
                line.is_settled = bool(line.qty_received) and (
                    line.qty_refunded >= line.qty_received
                )
            elif line.decision == "advance_replace":
                line.is_settled = (
                    line.qty_received >= line.product_uom_qty
                    and line.qty_delivered >= line.product_uom_qty
                    and line._is_faulty_unit_settled()
                )
            elif line.decision in ("return", "replace", "repair"):
                line.is_settled = bool(line.qty_received) and (
                    line.qty_delivered >= line.qty_received
                )
            else:
                line.is_settled = False

    def _is_faulty_unit_settled(self):
        """The advance replacement's faulty unit was repaired or restocked."""
        self.ensure_one()
        if self.faulty_unit_action == "repair":
            return self.repair_id.state == "done"
        if self.faulty_unit_action == "stock":
            return self.qty_restocked >= self.qty_received
        return False

    def _check_can_process(self):
        for line in self:
            if not line.decision:
                raise UserError(
                    _("Set a decision on %s first.", line.product_id.display_name)
                )
            # an advance replacement ships before the faulty unit arrives
            if line.decision != "advance_replace" and line.qty_received <= 0:
                raise UserError(
                    _(
                        "%(product)s on %(rma)s has not been received yet.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )
            if (
                line.decision in ("return", "replace", "repair", "advance_replace")
                and not line.rma_id.warehouse_id.rma_out_type_id
            ):
                raise UserError(
                    _(
                        "Warehouse %s has no RMA delivery operation type.",
                        line.rma_id.warehouse_id.name,
                    )
                )

    def _prepare_scrap_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "scrap_qty": self.qty_received,
            "product_uom_id": self.product_uom.id,
            "lot_id": self.lot_id.id,
            "location_id": self._rma_unit_location().id,
            "company_id": self.company_id.id,
            "origin": self.rma_id.name,
            "rma_line_id": self.id,
        }

    def _rma_unit_location(self):
        """Where the returned unit was received (the warehouse RMA location)."""
        self.ensure_one()
        receipt_moves = self.move_ids.filtered(
            lambda m: m.state == "done" and m.picking_code == "incoming"
        )
        return (
            receipt_moves[-1:].location_dest_id or self.rma_id.warehouse_id.rma_loc_id
        )

    def _customer_delivery_location(self):
        """Source of the unit shipped to the customer: the returned unit itself
        for return / repair, a new unit from stock for (advance) replacement."""
        self.ensure_one()
        if self.decision in ("replace", "advance_replace"):
            return self.rma_id.warehouse_id.lot_stock_id
        return self._rma_unit_location()

    def _prepare_return_move_vals(self, picking_type):
        self.ensure_one()
        product = self.product_id
        qty = self.qty_received
        if self.decision in ("replace", "advance_replace"):
            product = self.replacement_product_id or product
        if self.decision == "advance_replace":
            qty = self.product_uom_qty
        return {
            "name": self.rma_id.name,
            "product_id": product.id,
            "product_uom_qty": qty,
            "product_uom": (
                self.product_uom if product == self.product_id else product.uom_id
            ).id,
            "location_id": self._customer_delivery_location().id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "picking_type_id": picking_type.id,
            "rma_line_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.rma_id.partner_id.id,
        }

    def _has_outgoing_move(self):
        self.ensure_one()
        return any(
            m.picking_code == "outgoing" and m.state != "cancel" for m in self.move_ids
        )

    def _process_advance_replace(self):
        """Ship the spare at confirmation, before the faulty unit arrives."""
        self.filtered(
            lambda line: line.decision == "advance_replace"
            and not line._has_outgoing_move()
        )._process_return()

    def _process_scrap(self):
        scraps = self.env["stock.scrap"].create(
            [line._prepare_scrap_vals() for line in self]
        )
        for scrap in scraps:
            scrap.action_validate()

    def _process_return(self):
        """Ship to the customer through the RMA Deliveries operation type, one
        transfer per RMA and source location."""
        groups = self.grouped(
            lambda line: (line.rma_id, line._customer_delivery_location())
        )
        for (rma, location), lines in groups.items():
            picking_type = rma.warehouse_id.rma_out_type_id
            if not picking_type:
                raise UserError(
                    _(
                        "Warehouse %s has no RMA delivery operation type.",
                        rma.warehouse_id.name,
                    )
                )
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": rma.partner_id.id,
                    "origin": rma.name,
                    "rma_id": rma.id,
                    "company_id": rma.company_id.id,
                    "location_id": location.id,
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

    def _original_invoices(self):
        self.ensure_one()
        return self.sale_line_id.invoice_lines.move_id.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )

    def _check_can_refund(self):
        for line in self:
            if not line.sale_line_id or not line._original_invoices():
                raise UserError(
                    _(
                        "%(product)s on %(rma)s has no posted invoice to refund.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )
            to_refund = line.qty_received - line.qty_refunded
            invoiced = line.sale_line_id.product_uom._compute_quantity(
                line.sale_line_id.qty_invoiced, line.product_uom
            )
            if to_refund > invoiced:
                raise UserError(
                    _(
                        "Cannot refund %(qty)s of %(product)s on %(rma)s: only "
                        "%(invoiced)s are invoiced on %(order)s.",
                        qty=to_refund,
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                        invoiced=invoiced,
                        order=line.sale_line_id.order_id.name,
                    )
                )

    def _prepare_refund_line_vals(self):
        self.ensure_one()
        sale_line = self.sale_line_id
        return {
            "product_id": self.product_id.id,
            "quantity": self.qty_received - self.qty_refunded,
            "product_uom_id": self.product_uom.id,
            "price_unit": sale_line.price_unit,
            "discount": sale_line.discount,
            "tax_ids": [fields.Command.set(sale_line.tax_id.ids)],
            "sale_line_ids": [fields.Command.link(sale_line.id)],
            "rma_line_id": self.id,
        }

    def _prepare_refund_vals(self, invoice):
        """Credit note values for these lines of one RMA against ``invoice``."""
        rma = self.rma_id
        return {
            "move_type": "out_refund",
            "partner_id": invoice.partner_id.id,
            "reversed_entry_id": invoice.id,
            "journal_id": invoice.journal_id.id,
            "currency_id": invoice.currency_id.id,
            "fiscal_position_id": invoice.fiscal_position_id.id,
            "invoice_origin": rma.name,
            "ref": _(
                "Return %(rma)s of %(invoice)s", rma=rma.name, invoice=invoice.name
            ),
            "company_id": rma.company_id.id,
            "invoice_line_ids": [
                fields.Command.create(line._prepare_refund_line_vals()) for line in self
            ],
        }

    def _process_refund(self):
        """Credit the received quantity at the sale-line price, reversing and
        reconciling with the original invoice."""
        self._check_can_refund()
        # one credit note per RMA and original invoice
        groups = self.grouped(lambda line: (line.rma_id, line._original_invoices()[:1]))
        for (rma, invoice), lines in groups.items():
            refund = self.env["account.move"].create(
                lines._prepare_refund_vals(invoice)
            )
            refund.action_post()
            (refund.line_ids + invoice.line_ids).filtered(
                lambda aml: aml.account_type == "asset_receivable"
                and not aml.reconciled
            ).reconcile()
            rma.message_post(body=_("Credit note %s created.", refund._get_html_link()))

    def _prepare_repair_vals(self):
        self.ensure_one()
        warehouse = self.rma_id.warehouse_id
        # the unit is repaired where it was received and stays there
        location = self._rma_unit_location()
        return {
            "product_id": self.product_id.id,
            "product_qty": self.qty_received,
            "product_uom": self.product_uom.id,
            "lot_id": self.lot_id.id,
            "partner_id": self.rma_id.partner_id.id,
            "picking_type_id": warehouse.repair_type_id.id,
            # spare parts come from stock, the unit stays in the RMA location
            "location_id": warehouse.lot_stock_id.id,
            "product_location_src_id": location.id,
            "product_location_dest_id": location.id,
            "under_warranty": self.rma_id.ticket_id.warranty_state == "in_warranty",
            "company_id": self.company_id.id,
        }

    def _process_repair(self):
        for line in self:
            line.repair_id = self.env["repair.order"].create(
                line._prepare_repair_vals()
            )
            line.rma_id.message_post(
                body=_("Repair %s created.", line.repair_id._get_html_link())
            )

    def _process_decision(self):
        """Run each line's decision through Odoo's own documents."""
        self._check_can_process()
        self.filtered(lambda line: line.decision == "scrap")._process_scrap()
        self.filtered(
            lambda line: line.decision in ("return", "replace")
            or (line.decision == "advance_replace" and not line._has_outgoing_move())
        )._process_return()
        self.filtered(lambda line: line.decision == "refund")._process_refund()
        self.filtered(lambda line: line.decision == "repair")._process_repair()

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_qty_restocked(self):
        for line in self:
            moves = line.move_ids.filtered(
                lambda m: m.state == "done" and m.picking_code == "internal"
            )
            line.qty_restocked = sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in moves
            )

    def _check_can_follow_up(self):
        for line in self:
            if line.decision != "advance_replace":
                raise UserError(
                    _(
                        "%(product)s on %(rma)s is not an advance replacement.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )
            if line.faulty_unit_action:
                raise UserError(
                    _(
                        "The faulty unit of %(product)s on %(rma)s already went "
                        "to repair or stock.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )
            if line.qty_received < line.product_uom_qty:
                raise UserError(
                    _(
                        "The faulty unit of %(product)s on %(rma)s has not been "
                        "received yet.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )

    def _start_follow_up(self, action):
        self.faulty_unit_action = action
        rmas = self.rma_id
        rmas.filtered(
            lambda r: r.state in ("confirmed", "received")
        ).state = "processing"

    def action_faulty_unit_to_repair(self):
        """Repair the returned faulty unit; the customer keeps the spare, so
        nothing ships back once repaired."""
        self._check_can_follow_up()
        self._start_follow_up("repair")
        self._process_repair()
        return True

    def _prepare_restock_move_vals(self, picking_type):
        self.ensure_one()
        return {
            "name": self.rma_id.name,
            "product_id": self.product_id.id,
            "product_uom_qty": self.qty_received,
            "product_uom": self.product_uom.id,
            "location_id": self._rma_unit_location().id,
            "location_dest_id": self.rma_id.warehouse_id.lot_stock_id.id,
            "picking_type_id": picking_type.id,
            "rma_line_id": self.id,
            "company_id": self.company_id.id,
        }

    def action_faulty_unit_to_stock(self):
        """Move the returned faulty unit from the RMA location into stock
        through an internal transfer."""
        self._check_can_follow_up()
        self._start_follow_up("stock")
        for (rma, location), lines in self.grouped(
            lambda line: (line.rma_id, line._rma_unit_location())
        ).items():
            warehouse = rma.warehouse_id
            picking_type = warehouse.int_type_id
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "origin": rma.name,
                    "rma_id": rma.id,
                    "company_id": rma.company_id.id,
                    "location_id": location.id,
                    "location_dest_id": warehouse.lot_stock_id.id,
                    "move_ids": [
                        fields.Command.create(
                            line._prepare_restock_move_vals(picking_type)
                        )
                        for line in lines
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()
            rma.message_post(
                body=_("Faulty unit sent to stock: %s.", picking._get_html_link())
            )
        return True
