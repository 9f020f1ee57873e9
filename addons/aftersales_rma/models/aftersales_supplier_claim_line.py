# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.aftersales_service.tools import (
    changed_field_labels,
    format_qty,
    lock_rows,
)


class AftersalesSupplierClaimLine(models.Model):
    _name = "aftersales.supplier.claim.line"
    _description = "Supplier Claim Line"
    _check_company_auto = True

    claim_id = fields.Many2one(
        "aftersales.supplier.claim", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    partner_id = fields.Many2one(related="claim_id.partner_id", store=True)
    state = fields.Selection(related="claim_id.state", store=True)
    rma_line_id = fields.Many2one(
        "aftersales.rma.line", string="RMA Line", index="btree_not_null"
    )
    product_id = fields.Many2one("product.product", required=True)
    lot_id = fields.Many2one(
        "stock.lot", string="Lot/Serial", domain="[('product_id', '=', product_id)]"
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    product_uom = fields.Many2one(
        "uom.uom",
        string="Unit of Measure",
        compute="_compute_product_uom",
        store=True,
        readonly=False,
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line", index="btree_not_null", check_company=True
    )
    unit_cost = fields.Monetary(
        compute="_compute_unit_cost",
        store=True,
        readonly=False,
        help="Purchase price of one unit, from the purchase line when known.",
    )
    amount = fields.Monetary(compute="_compute_amount", store=True)
    move_ids = fields.One2many(
        "stock.move",
        "aftersales_supplier_claim_line_id",
        string="Vendor Moves",
        readonly=True,
    )
    replacement_line_ids = fields.One2many(
        "purchase.order.line", "aftersales_supplier_claim_line_id", readonly=True
    )
    qty_returned = fields.Float(
        compute="_compute_qty_moved", store=True, digits="Product Unit of Measure"
    )
    qty_recovered = fields.Float(
        compute="_compute_qty_moved",
        store=True,
        digits="Product Unit of Measure",
        help="Units back from the vendor, replaced or repaired.",
    )

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("product_id")
    def _compute_product_uom(self):
        for line in self:
            line.product_uom = (
                line.purchase_line_id.product_uom or line.product_id.uom_id
            )

    @api.depends(
        "purchase_line_id.price_unit", "purchase_line_id.discount", "product_id"
    )
    def _compute_unit_cost(self):
        for line in self:
            pol = line.purchase_line_id
            if pol:
                line.unit_cost = pol.currency_id._convert(
                    pol.price_unit * (1 - pol.discount / 100.0),
                    line.claim_id.currency_id or pol.company_id.currency_id,
                    pol.company_id,
                    pol.order_id.date_order or fields.Date.today(),
                )
            else:
                line.unit_cost = line.product_id.standard_price

    @api.depends("quantity", "unit_cost")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.unit_cost

    @api.depends(
        "move_ids.state",
        "move_ids.quantity",
        "replacement_line_ids.qty_received",
    )
    def _compute_qty_moved(self):
        for line in self:
            done = line.move_ids.filtered(lambda m: m.state == "done")
            line.qty_returned = sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in done
                if m.picking_code == "outgoing"
            )
            back = sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in done
                if m.picking_code == "incoming"
            )
            replaced = sum(
                pol.product_uom._compute_quantity(pol.qty_received, line.product_uom)
                for pol in line.replacement_line_ids
            )
            line.qty_recovered = back + replaced

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------
    @api.constrains("quantity")
    def _check_quantity_positive(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    _(
                        "The claimed quantity of %s must be positive.",
                        line.product_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: what was submitted to the vendor is fixed
    # ------------------------------------------------------------------
    def write(self, vals):
        self._check_locked_once_submitted(vals)
        return super().write(vals)

    def _check_locked_once_submitted(self, vals):
        """The claimed product, lot, quantity and purchase line are what the
        vendor received: fixed once the claim leaves draft (writing the same
        value is no change)."""
        locked = (
            "product_id",
            "lot_id",
            "quantity",
            "product_uom",
            "purchase_line_id",
            "rma_line_id",
        )
        if not any(name in vals for name in locked):
            return
        for line in self.filtered(lambda rec: rec.claim_id.state != "draft"):
            changed = changed_field_labels(line, vals, locked)
            if changed:
                raise UserError(
                    _(
                        "Supplier claim %(claim)s is submitted: %(fields)s of "
                        "%(product)s are what the vendor was sent and cannot "
                        "change. Reset the claim to draft if it was cancelled, "
                        "or open a new claim.",
                        claim=line.claim_id.name,
                        fields=changed,
                        product=line.product_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # received-quantity guard
    # ------------------------------------------------------------------
    def _claim_key(self):
        """What the claimed units are counted against: the purchase line,
        else the lot from that vendor, else the vendor's product."""
        self.ensure_one()
        vendor = self.partner_id.commercial_partner_id
        if self.purchase_line_id:
            return ("pol", self.purchase_line_id.id)
        if self.lot_id:
            return ("lot", vendor.id, self.lot_id.id)
        return ("product", vendor.id, self.product_id.id)

    def _received_by_key(self):
        """Quantities received from the vendors, per claim key (3 queries)."""
        received = {}
        for pol in self.purchase_line_id:
            received[("pol", pol.id)] = pol.product_uom._compute_quantity(
                pol.qty_received, pol.product_id.uom_id
            )
        lot_lines = self.filtered(lambda c: not c.purchase_line_id and c.lot_id)
        if lot_lines:
            move_lines = self.env["stock.move.line"].search(
                [
                    ("lot_id", "in", lot_lines.lot_id.ids),
                    ("state", "=", "done"),
                    ("picking_code", "=", "incoming"),
                    ("location_id.usage", "=", "supplier"),
                ]
            )
            for ml in move_lines:
                key = (
                    "lot",
                    ml.picking_partner_id.commercial_partner_id.id,
                    ml.lot_id.id,
                )
                received[key] = received.get(key, 0.0) + ml.quantity_product_uom
        product_lines = self - self.filtered("purchase_line_id") - lot_lines
        if product_lines:
            groups = self.env["purchase.order.line"]._read_group(
                [
                    ("product_id", "in", product_lines.product_id.ids),
                    (
                        "partner_id",
                        "in",
                        product_lines.partner_id.commercial_partner_id.ids,
                    ),
                    ("state", "in", ("purchase", "done")),
                ],
                ["partner_id", "product_id"],
                ["qty_received:sum"],
            )
            for partner, product, qty in groups:
                key = ("product", partner.commercial_partner_id.id, product.id)
                received[key] = received.get(key, 0.0) + qty
        return received

    def _lock_claimed_units(self):
        """Lock the purchase lines, lots and (for claims by product) products
        a claim counts against, for the rest of the transaction, before
        counting what is left to claim: two buyers submitting claims on the
        same receipt at once would each count the other's claim as not
        there yet. As for returns (``aftersales.rma.line._lock_returned_units``)
        the rows are touched, so the second submission is refused at once or
        retried by Odoo after the first commits."""
        by_product = self.filtered(lambda c: not c.purchase_line_id and not c.lot_id)
        message = _(
            "Another claim on %s is being recorded right now: try again in a moment."
        )
        lock_rows(self.purchase_line_id, message)
        lock_rows(self.lot_id, message)
        lock_rows(by_product.product_id, message)

    def _check_claimable_qty(self):
        """Refuse claiming more than was received from the vendor for that
        purchase line / lot / product, minus what other claims hold."""
        if not self:
            return
        self._lock_claimed_units()
        received = self._received_by_key()
        domains = [
            [("purchase_line_id", "in", self.purchase_line_id.ids)],
            [("lot_id", "in", self.lot_id.ids)],
            [("product_id", "in", self.product_id.ids)],
        ]
        others = self.search(
            expression.AND(
                [
                    expression.OR(domains),
                    [("id", "not in", self.ids), ("state", "!=", "cancelled")],
                ]
            )
        )
        claimed = {}
        for line in others | self:
            key = line._claim_key()
            claimed[key] = claimed.get(key, 0.0) + line.product_uom._compute_quantity(
                line.quantity, line.product_id.uom_id
            )
        for line in self:
            key = line._claim_key()
            if claimed[key] > received.get(key, 0.0):
                raise UserError(
                    _(
                        "Cannot claim %(qty)s %(product)s from %(vendor)s: "
                        "%(received)s received%(what)s, %(claimed)s claimed in "
                        "all.",
                        qty=format_qty(self.env, line.quantity, line.product_uom),
                        product=line.product_id.display_name,
                        vendor=line.partner_id.display_name,
                        received=format_qty(self.env, received.get(key, 0.0)),
                        what=(
                            _(" on %s", line.purchase_line_id.order_id.name)
                            if line.purchase_line_id
                            # named for the buyer without Inventory
                            # rights
                            else (
                                _(" of lot %s", line.lot_id.sudo().name)
                                if line.lot_id
                                else ""
                            )
                        ),
                        claimed=format_qty(self.env, claimed[key]),
                    )
                )

    # ------------------------------------------------------------------
    # documents
    # ------------------------------------------------------------------
    def _rma_stock_location(self):
        """Where the claimed units sit: the destination of the RMA receipt."""
        self.ensure_one()
        receipts = self.rma_line_id and self.rma_line_id._received_moves()
        return (
            receipts and receipts[-1:].location_dest_id
        ) or self.claim_id.warehouse_id.lot_stock_id

    def _vendor_return_route(self):
        """Route the claimed unit leaves by: the Return to Vendor route of
        the RMA location it was received into, else the one from stock of
        the warehouse holding it (claims raised without an RMA receipt)."""
        self.ensure_one()
        location = self._rma_stock_location()
        warehouse = location.warehouse_id or self.claim_id.warehouse_id
        if location._child_of(warehouse.aftersales_rma_loc_id):
            route = warehouse.aftersales_rma_vendor_route_id
        elif location._child_of(warehouse.lot_stock_id):
            route = warehouse.aftersales_rma_vendor_stock_route_id
        else:
            route = self.env["stock.route"]
        if not route:
            raise UserError(
                _(
                    "%(product)s of %(claim)s sits in %(location)s, which no "
                    "Return to Vendor route of warehouse %(warehouse)s leaves "
                    "from: move it to the RMA location or to stock first.",
                    product=self.product_id.display_name,
                    claim=self.claim_id.name,
                    location=location.display_name,
                    warehouse=warehouse.name,
                )
            )
        return route

    def _prepare_procurement_vals(self, route, warehouse=None):
        """Values of the claim line's procurements (both ways)."""
        self.ensure_one()
        claim = self.claim_id
        return {
            "group_id": claim._get_procurement_group(),
            "route_ids": route,
            "warehouse_id": warehouse or claim.warehouse_id,
            "company_id": claim.company_id,
            "date_planned": fields.Datetime.now(),
            "aftersales_supplier_claim_line_id": self.id,
        }

    def _prepare_vendor_return_procurement_vals(self):
        self.ensure_one()
        route = self._vendor_return_route()
        return self._prepare_procurement_vals(
            route, warehouse=route.rule_ids.warehouse_id[:1]
        )

    def _prepare_vendor_return_procurement(self):
        """The claimed unit, from where it sits back to the vendor."""
        self.ensure_one()
        return self._prepare_procurement(
            self.claim_id.partner_id.property_stock_supplier,
            self._prepare_vendor_return_procurement_vals(),
        )

    def _prepare_vendor_receipt_procurement_vals(self):
        self.ensure_one()
        route = self.claim_id.warehouse_id.aftersales_rma_vendor_in_route_id
        if not route:
            raise UserError(
                _(
                    "Warehouse %s has no route to receive units back from a "
                    "vendor repair: update the After-Sales RMA module.",
                    self.claim_id.warehouse_id.name,
                )
            )
        return self._prepare_procurement_vals(route)

    def _prepare_vendor_receipt_procurement(self):
        """The repaired unit, from the vendor into the RMA location through
        the warehouse's reception steps."""
        self.ensure_one()
        return self._prepare_procurement(
            self.claim_id.warehouse_id.aftersales_rma_loc_id,
            self._prepare_vendor_receipt_procurement_vals(),
        )

    def _prepare_procurement(self, location, values):
        self.ensure_one()
        claim = self.claim_id
        return self.env["procurement.group"].Procurement(
            self.product_id,
            self.quantity,
            self.product_uom,
            location,
            claim.name,
            claim.name,
            self.company_id,
            values,
        )

    def _refund_taxes(self):
        self.ensure_one()
        if self.purchase_line_id:
            return self.purchase_line_id.taxes_id
        return self.product_id.supplier_taxes_id.filtered(
            lambda t: t.company_id == self.company_id
        )

    def _prepare_vendor_refund_line_vals(self):
        self.ensure_one()
        pol = self.purchase_line_id
        return {
            "product_id": self.product_id.id,
            "quantity": self.quantity,
            "product_uom_id": self.product_uom.id,
            "price_unit": pol.price_unit if pol else self.unit_cost,
            "discount": pol.discount if pol else 0.0,
            "tax_ids": [fields.Command.set(self._refund_taxes().ids)],
            "purchase_line_id": pol.id,
        }

    def _prepare_replacement_purchase_line_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_qty": self.quantity,
            "product_uom": self.product_uom.id,
            "price_unit": 0.0,
            "taxes_id": [fields.Command.clear()],
            "date_planned": fields.Datetime.now(),
            "aftersales_supplier_claim_line_id": self.id,
        }
