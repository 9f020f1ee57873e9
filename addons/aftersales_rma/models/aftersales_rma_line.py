# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.aftersales_service.models.aftersales_guarded_mixin import (
    guarded_action,
)
from odoo.addons.aftersales_service.tools import (
    cache_unset_computed_columns,
    changed_field_labels,
    format_qty,
    lock_rows,
)

from .aftersales_supplier_claim import CLAIM_STATES

LINE_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Awaiting Receipt"),
    ("received", "Received"),
    ("processing", "Processing"),
    ("done", "Settled"),
    ("cancelled", "Cancelled"),
]

# inspection result -> (ticket quality_issue, ticket responsibility or None
# to keep the one the quality team diagnosed); the first found wins
INSPECTION_DIAGNOSIS = [
    ("defect_confirmed", "confirmed", None),
    ("transport_damage", "not_confirmed", "transport"),
    ("customer_damage", "not_confirmed", "customer"),
    ("no_fault_found", "not_confirmed", None),
]


class AftersalesRmaLine(models.Model):
    """One returned product of an RMA: what comes back, its inspection, the
    decision run through Odoo's own documents, the guards of a return
    (quantities and lots really delivered to this customer, return window,
    repeated repairs: RMA-08, WTY-12), the replacement's specification
    (RMA-15) and the claim to the vendor."""

    _name = "aftersales.rma.line"
    _description = "RMA Line"

    # ------------------------------------------------------------------
    # Fields: returned product and origin
    # ------------------------------------------------------------------
    rma_id = fields.Many2one(
        "aftersales.rma", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="rma_id.company_id", store=True)
    product_id = fields.Many2one("product.product", required=True)
    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", store=True, index=True
    )
    lot_id = fields.Many2one(
        "stock.lot", string="Lot/Serial", domain="[('product_id', '=', product_id)]"
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Equipment",
        compute="_compute_equipment_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="The unit in the field (设备档案) returned on this line; filled "
        "from the serial number.",
    )
    product_uom_qty = fields.Float(
        string="Quantity", default=1.0, digits="Product Unit of Measure"
    )
    product_uom = fields.Many2one(
        "uom.uom",
        string="Unit of Measure",
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
    # A done delivery: its date no longer changes, so the return window
    # depends on the move, not on its date (a dependency on the date would
    # cost every validated transfer of the company a search for RMA lines).
    origin_move_id = fields.Many2one(
        "stock.move",
        string="Delivered Move",
        groups="base.group_user",
        domain=[("state", "=", "done")],
    )
    delivery_date = fields.Datetime(related="origin_move_id.date")

    # ------------------------------------------------------------------
    # Fields: line status, stored copies of the RMA's fields for analysis
    # ------------------------------------------------------------------
    state = fields.Selection(
        LINE_STATES, compute="_compute_state", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="rma_id.commercial_partner_id", string="Customer", store=True
    )
    rma_state = fields.Selection(
        related="rma_id.state", string="RMA Status", store=True
    )
    sla_status = fields.Selection(
        related="rma_id.sla_status", store=True, groups="base.group_user"
    )
    rma_date = fields.Datetime(
        related="rma_id.create_date", string="RMA Date", store=True
    )

    # ------------------------------------------------------------------
    # Fields: inspection and decision
    # ------------------------------------------------------------------
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
        groups="base.group_user",
    )
    defect_code_id = fields.Many2one(
        "aftersales.defect.code",
        string="Defect Code",
        index="btree_not_null",
        help="Defect found when inspecting this unit; becomes the ticket's "
        "defect code when the ticket has none yet.",
        groups="base.group_user",
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
    replacement_product_id = fields.Many2one(
        "product.product",
        help="Product shipped on a replace decision; the returned product "
        "when empty.",
    )
    charge_inspection_fee = fields.Boolean(
        help="Return decision: quote the company's inspection fee to the "
        "customer (no fault found, customer damage).",
    )

    # ------------------------------------------------------------------
    # Fields: guards (return window, lots, repeated repairs)
    # ------------------------------------------------------------------
    lot_override_reason = fields.Char(
        copy=False,
        help="Set by an RMA manager to accept a lot or serial that was never "
        "delivered to this customer.",
        groups="base.group_user",
    )
    repair_limit_override = fields.Boolean(
        string="Repair Despite Limit",
        copy=False,
        help="Set by an RMA manager to repair a serial once more although it "
        "reached the company's repair limit.",
        groups="base.group_user",
    )
    lot_repair_count = fields.Integer(
        compute="_compute_lot_repair_count",
        string="Times Repaired",
        help="Done repair orders of this lot or serial.",
        groups="base.group_user",
    )
    # from the delivered move, which a service officer may not read
    return_deadline = fields.Date(
        compute="_compute_return_deadline", compute_sudo=True, groups="base.group_user"
    )
    is_outside_return_window = fields.Boolean(
        compute="_compute_return_deadline", compute_sudo=True, groups="base.group_user"
    )

    # ------------------------------------------------------------------
    # Fields: stock and accounting documents, quantities
    # ------------------------------------------------------------------
    move_ids = fields.One2many(
        "stock.move", "aftersales_rma_line_id", readonly=True, groups="base.group_user"
    )
    scrap_ids = fields.One2many(
        "stock.scrap", "aftersales_rma_line_id", readonly=True, groups="base.group_user"
    )
    repair_id = fields.Many2one(
        "repair.order", readonly=True, copy=False, groups="base.group_user"
    )
    refund_line_ids = fields.One2many(
        "account.move.line",
        "aftersales_rma_line_id",
        string="Credit Note Lines",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    qty_received = fields.Float(
        compute="_compute_qty_received", store=True, digits="Product Unit of Measure"
    )
    date_received = fields.Datetime(compute="_compute_qty_received", store=True)
    qty_refunded = fields.Float(
        compute="_compute_qty_refunded", store=True, digits="Product Unit of Measure"
    )
    qty_delivered = fields.Float(
        compute="_compute_qty_delivered", store=True, digits="Product Unit of Measure"
    )
    # reads the scraps and repairs, which a service officer may not
    is_settled = fields.Boolean(compute="_compute_is_settled", compute_sudo=True)
    # advance exchange (备件替代返修): what became of the returned faulty unit
    faulty_unit_action = fields.Selection(
        [("repair", "To Repair"), ("stock", "To Stock")],
        string="Faulty Unit",
        readonly=True,
        copy=False,
        help="What became of the faulty unit returned after an advance replacement.",
        groups="base.group_user",
    )
    qty_restocked = fields.Float(
        compute="_compute_qty_restocked",
        store=True,
        digits="Product Unit of Measure",
        help="Quantity of the returned faulty unit moved into stock.",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Fields: supplier claim
    # ------------------------------------------------------------------
    bought_in_failure = fields.Boolean(
        string="Bought-in Part Failed",
        help="Inspection found that a purchased part or product failed: the "
        "vendor is claimed even when the ticket blames another department.",
        groups="base.group_user",
    )
    supplier_responsible = fields.Boolean(
        compute="_compute_supplier_responsible",
        store=True,
        help="The ticket holds the supplier responsible or a bought-in part " "failed.",
        groups="base.group_user",
    )
    claim_reason = fields.Text(
        string="Reason to Claim",
        help="Why the vendor is claimed although the supplier is not the "
        "responsible party; logged on the RMA.",
        groups="base.group_user",
    )
    claim_line_ids = fields.One2many(
        "aftersales.supplier.claim.line",
        "rma_line_id",
        readonly=True,
        groups="base.group_user",
    )
    supplier_claim_id = fields.Many2one(
        "aftersales.supplier.claim",
        compute="_compute_supplier_claim",
        string="Supplier Claim",
        groups="base.group_user",
    )
    supplier_claim_state = fields.Selection(
        selection=CLAIM_STATES,
        compute="_compute_supplier_claim",
        string="Claim Status",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Fields: next steps, which buttons apply to the line as it stands (each
    # computed from the refusal its action raises)
    # ------------------------------------------------------------------
    can_faulty_unit_to_repair = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_faulty_unit_to_stock = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_claim_to_vendor = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "decision",
        "faulty_unit_action",
        "qty_received",
        "product_uom_qty",
        "rma_id.state",
        "supplier_claim_id",
        "supplier_responsible",
        "claim_reason",
    )
    def _compute_can_actions(self):
        for line in self:
            line.can_faulty_unit_to_repair = not line._refusal_follow_up()
            line.can_faulty_unit_to_stock = line.can_faulty_unit_to_repair
            line.can_claim_to_vendor = not line._refusal_claim()

    @api.depends("lot_id", "company_id")
    def _compute_equipment_id(self):
        by_lot = {}
        if self.lot_id:
            for equipment in (
                self.env["aftersales.equipment"]
                .sudo()
                .search([("lot_id", "in", self.lot_id.ids)])
            ):
                by_lot[(equipment.lot_id, equipment.company_id)] = equipment.id
        for line in self:
            if line.lot_id:
                line.equipment_id = by_lot.get((line.lot_id, line.company_id), False)
            elif line.equipment_id.lot_id:
                line.equipment_id = False

    @api.depends("rma_id.name", "product_id.display_name", "lot_id.name")
    def _compute_display_name(self):
        for line in self:
            name = f"{line.rma_id.name} - {line.product_id.display_name}"
            if line.lot_id:
                name = f"{name} ({line.lot_id.name})"
            line.display_name = name

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
            moves = line._received_moves()
            line.qty_received = sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in moves
            )
            line.date_received = max(moves.mapped("date"), default=False)

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_qty_delivered(self):
        for line in self:
            # the last delivery step, the one reaching the customer
            moves = line.move_ids.filtered(
                lambda m: m.state == "done"
                and m.location_dest_id.usage == "customer"
                and m._aftersales_is_rma_delivery()
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

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_qty_restocked(self):
        for line in self:
            moves = line.move_ids.filtered(
                lambda m: m.state == "done" and m._aftersales_is_rma_restock()
            )
            line.qty_restocked = sum(
                m.product_uom._compute_quantity(m.quantity, line.product_uom)
                for m in moves
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

    @api.depends(
        "rma_id.state",
        "decision",
        "product_uom_qty",
        "qty_received",
        "qty_delivered",
        "qty_refunded",
        "repair_id",
        "scrap_ids.state",
        "move_ids.state",
    )
    def _compute_state(self):
        for line in self:
            rma_state = line.rma_id.state
            if rma_state in ("draft", "cancelled"):
                line.state = rma_state
            elif line.is_settled:
                line.state = "done"
            elif (
                line.repair_id
                or line.scrap_ids
                or line.qty_refunded
                or any(
                    m.state != "cancel" and not m._aftersales_is_rma_receipt()
                    for m in line.move_ids
                )
            ):
                line.state = "processing"
            elif line.qty_received:
                line.state = "received"
            else:
                line.state = "confirmed"

    @api.depends("lot_id")
    def _compute_lot_repair_count(self):
        counts = self._get_lot_repair_counts(self.lot_id)
        for line in self:
            line.lot_repair_count = counts.get(line.lot_id, 0)

    @api.depends(
        "decision",
        "origin_move_id",
        "product_id.categ_id.aftersales_return_days",
        "rma_id.request_date",
        "company_id.aftersales_return_days",
    )
    def _compute_return_deadline(self):
        for line in self:
            delivered = line.origin_move_id.state == "done" and line.delivery_date
            # RMA-08: the window limits returns for refund or exchange (退货 /
            # 换货); repairs and other warranty service are not bound by it.
            # Undecided lines are checked as returns.
            bound = line.decision in (False, "refund", "replace")
            if not delivered or not bound:
                line.return_deadline = False
                line.is_outside_return_window = False
                continue
            days = line.product_id.categ_id._get_aftersales_return_days(
                line.company_id or self.env.company
            )
            # the day of the delivery where the request date is counted (the
            # user's time zone), not the UTC day of its timestamp
            line.return_deadline = fields.Date.add(
                fields.Date.context_today(line, delivered), days=days
            )
            request = line.rma_id.request_date or fields.Date.context_today(line)
            line.is_outside_return_window = request > line.return_deadline

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

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------
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

    @api.onchange("decision", "lot_id")
    def _onchange_decision_repair_limit(self):
        if self.decision == "repair" and self._is_over_repair_limit():
            return {
                "warning": {
                    "title": _("Repair limit reached"),
                    "message": _(
                        "%(lot)s was already repaired %(count)s times: replace "
                        "it instead of repairing it again.",
                        lot=self.lot_id.display_name,
                        count=self.lot_repair_count,
                    ),
                }
            }

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_override_rights(vals)
        lines = super().create(vals_list)
        for line, vals in zip(lines, vals_list, strict=True):
            line._log_overrides(vals)
        inspected = lines.filtered(
            lambda line: line.inspection_result != "pending" or line.defect_code_id
        )
        if inspected:
            inspected._sync_ticket_diagnosis()
        return lines

    @api.model
    def _create(self, data_list):
        lines = super()._create(data_list)
        # the unit's compute keeps a unit set by hand: it reads NULL from the
        # cache instead of fetching the new row
        cache_unset_computed_columns(lines, data_list)
        return lines

    def write(self, vals):
        self._check_override_rights(vals)
        self._check_locked_once_confirmed(vals)
        res = super().write(vals)
        self._log_overrides(vals)
        if "inspection_result" in vals or "defect_code_id" in vals:
            self._sync_ticket_diagnosis()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    # the follow-up moves the RMA to processing, a state only actions set
    @guarded_action
    def action_faulty_unit_to_repair(self):
        """Repair the returned faulty unit; the customer keeps the spare, so
        nothing ships back once repaired."""
        self._check_can_follow_up()
        self._start_follow_up("repair")
        self._process_repair()
        return True

    @guarded_action
    def action_faulty_unit_to_stock(self):
        """Move the returned faulty unit from the RMA location into stock
        through an internal transfer."""
        self._check_can_follow_up()
        self._start_follow_up("stock")
        for rma, lines in self.grouped("rma_id").items():
            moves = lines._run_procurements(
                [line._prepare_restock_procurement() for line in lines]
            )
            rma.message_post(
                body=_(
                    "Faulty unit sent to stock: %s.",
                    ", ".join(moves.picking_id.mapped("name")),
                )
            )
        return True

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

    # ------------------------------------------------------------------
    # Business helpers: origin and receipt
    # ------------------------------------------------------------------
    def _fill_origin(self):
        """Link each line to the sale line and delivered move it returns,
        where the RMA's sale order, delivery or the line's lot tell them.

        The sale lines and moves are looked up as superuser: the service
        officer who records a return needs no Sales nor Inventory rights.
        The links are written as the user."""
        for line in self.sudo().filtered(lambda rec: not rec.sale_line_id):
            order_lines = line.rma_id.sale_order_id.order_line.filtered(
                lambda sol, line=line: sol.product_id == line.product_id
                and not sol.display_type
            )
            if order_lines:
                line.with_env(self.env).sale_line_id = order_lines[0]
        lines = self.sudo().filtered(lambda rec: not rec.origin_move_id)
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
                line.with_env(self.env).origin_move_id = moves.sorted("date")[-1]
            if not line.sale_line_id and line.origin_move_id.sale_line_id:
                line.with_env(self.env).sale_line_id = line.origin_move_id.sale_line_id

    @api.model
    def _delivered_lot_move_lines(self, lots):
        """Done move lines that took or brought back these lots to or from a
        customer (as superuser: the return guards count them for users
        without Inventory rights)."""
        if not lots:
            return self.env["stock.move.line"].sudo()
        return (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    "|",
                    ("location_dest_id.usage", "=", "customer"),
                    ("location_id.usage", "=", "customer"),
                ]
            )
        )

    # ------------------------------------------------------------------
    # Business helpers: procurement through the warehouse's RMA routes
    # ------------------------------------------------------------------
    def _prepare_procurement_vals(self, route):
        """Procurement values common to every move of the line: the RMA's
        group, its warehouse and the RMA route to follow."""
        self.ensure_one()
        rma = self.rma_id
        return {
            "group_id": rma._get_procurement_group(),
            "route_ids": route,
            "warehouse_id": rma.warehouse_id,
            "company_id": rma.company_id,
            "date_planned": fields.Datetime.now(),
            "aftersales_rma_line_id": self.id,
        }

    def _prepare_procurement(self, product, qty, uom, location, values):
        self.ensure_one()
        return self.env["procurement.group"].Procurement(
            product,
            qty,
            uom,
            location,
            self.rma_id.name,
            self.rma_id.name,
            self.company_id,
            values,
        )

    def _run_procurements(self, procurements):
        """Run the procurements of these lines and reserve what they created;
        return the new moves (the first step of each chain)."""
        lines = self.sudo()
        # read once; the moves the procurements create are added to the
        # cached move_ids by the ORM (the inverse of aftersales_rma_line_id),
        # so neither a second search nor a re-read after an invalidation
        before = lines.move_ids
        # as superuser, like Odoo's own procurements of a sale order: the
        # service officer who confirms or processes the RMA (its guards
        # checked) has no Inventory rights
        self.env["procurement.group"].sudo().run(procurements)
        moves = lines.move_ids - before
        moves.filtered(
            lambda m: m.state in ("confirmed", "partially_available")
        )._action_assign()
        return moves.with_env(self.env)

    def _prepare_receipt_procurement_vals(self):
        """Receipt of the returned unit: customer to the RMA location through
        the warehouse's reception steps."""
        vals = self._prepare_procurement_vals(
            self.rma_id.warehouse_id.aftersales_rma_in_route_id
        )
        vals.update(
            {
                "origin_returned_move_id": self.origin_move_id.id,
                "to_refund": bool(self.origin_move_id),
            }
        )
        return vals

    def _prepare_receipt_procurement(self):
        self.ensure_one()
        return self._prepare_procurement(
            self.product_id,
            self.product_uom_qty,
            self.product_uom,
            self.rma_id.warehouse_id.aftersales_rma_loc_id,
            self._prepare_receipt_procurement_vals(),
        )

    def _run_receipt_procurements(self):
        """Procure the receipt of these lines; return its first-step moves."""
        return self._run_procurements(
            [line._prepare_receipt_procurement() for line in self]
        )

    def _received_moves(self):
        """Done moves that brought the returned unit to the end of its
        receipt: into the RMA location, after every reception step."""
        self.ensure_one()
        # as superuser: the moves of a line the user may read
        return self.sudo().move_ids.filtered(
            lambda m: m.state == "done"
            and m._aftersales_is_rma_receipt()
            and m._aftersales_is_last_step()
        )

    # ------------------------------------------------------------------
    # Business helpers: inspection
    # ------------------------------------------------------------------
    def _sync_ticket_diagnosis(self):
        """Set quality_issue / responsibility of the tickets from the
        inspection results of all their RMA lines."""
        tickets = self.rma_id.ticket_id
        lines = self.search(
            [
                ("rma_id.ticket_id", "in", tickets.ids),
                ("rma_id.state", "!=", "cancelled"),
                ("inspection_result", "!=", "pending"),
            ]
        )
        for line in self.filtered("defect_code_id"):
            if not line.rma_id.ticket_id.defect_code_id:
                line.rma_id.ticket_id.defect_code_id = line.defect_code_id
        results = {}
        for line in lines:
            results.setdefault(line.rma_id.ticket_id, set()).add(line.inspection_result)
        for ticket, found in results.items():
            _result, quality_issue, responsibility = next(
                diagnosis for diagnosis in INSPECTION_DIAGNOSIS if diagnosis[0] in found
            )
            vals = {"quality_issue": quality_issue}
            if responsibility:
                vals["responsibility"] = responsibility
            changed = {k: v for k, v in vals.items() if ticket[k] != v}
            if changed:
                ticket.write(changed)

    # ------------------------------------------------------------------
    # Business helpers: processing the decisions
    # ------------------------------------------------------------------
    def _check_can_process(self):
        self._check_replacement_spec()
        fee_lines = self.filtered(
            lambda line: line.decision == "return" and line.charge_inspection_fee
        )
        if fee_lines and not fee_lines.company_id.aftersales_inspection_product_id:
            raise UserError(
                _(
                    "Set the inspection fee product in the After-Sales settings "
                    "before charging an inspection fee."
                )
            )
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
                and not line.rma_id.warehouse_id.aftersales_rma_out_type_id
            ):
                raise UserError(
                    _(
                        "Warehouse %s has no RMA delivery operation type.",
                        line.rma_id.warehouse_id.name,
                    )
                )
        for line in self.filtered(
            lambda rec: rec.decision == "repair" and not rec.repair_limit_override
        ):
            if line._is_over_repair_limit():
                raise UserError(
                    _(
                        "%(lot)s was already repaired %(count)s times: choose "
                        "Replace, or ask an RMA manager to allow one more repair.",
                        lot=line.lot_id.display_name,
                        count=line.lot_repair_count,
                    )
                )

    def _is_decision_started(self):
        """The line's decision already has its document under way (a repair
        order, a delivery, a credit note or a scrap): processing it again
        would duplicate it."""
        self.ensure_one()
        if self.decision == "repair":
            return bool(self.repair_id) and self.sudo().repair_id.state != "cancel"
        if self.decision in ("return", "replace"):
            return self._has_outgoing_move()
        if self.decision == "refund":
            # as superuser: the service officer may not read credit notes
            return any(
                aml.move_id.state != "cancel" for aml in self.sudo().refund_line_ids
            )
        if self.decision == "scrap":
            return any(scrap.state != "cancel" for scrap in self.scrap_ids)
        # an advance replacement's spare ships at confirmation: its faulty
        # unit's follow-up is chosen apart (To Repair / To Stock)
        return False

    def _process_decision(self):
        """Run each line's decision through Odoo's own documents, once: lines
        whose document is already under way are left alone."""
        self = self.filtered(lambda line: not line._is_decision_started())
        if not self:
            return
        self._check_can_process()
        self.filtered(lambda line: line.decision == "scrap")._process_scrap()
        self.filtered(
            lambda line: line.decision in ("return", "replace")
            or (line.decision == "advance_replace" and not line._has_outgoing_move())
        )._process_return()
        self.filtered(lambda line: line.decision == "refund")._process_refund()
        self.filtered(lambda line: line.decision == "repair")._process_repair()
        self.filtered(
            lambda line: line.decision == "return" and line.charge_inspection_fee
        )._quote_inspection_fee()
        self.filtered(
            lambda line: line.decision in ("scrap", "refund")
        )._retire_units_out_of_the_field()

    def _retire_units_out_of_the_field(self):
        """A unit scrapped or taken back for a refund is no longer in the
        customer's hands: its equipment record is retired, with a note naming
        the RMA. Runs as superuser, like the stock hook that puts units under
        repair (the RMA officer has no rights on equipment)."""
        units = self.equipment_id.sudo().filtered(lambda u: u.state != "retired")
        if not units:
            return
        units._aftersales_step("retire")
        for line in self.filtered(lambda line: line.equipment_id in units):
            if line.decision == "scrap":
                body = _("Retired: scrapped on %s.", line.rma_id._get_html_link())
            else:
                body = _(
                    "Retired: taken back for a refund on %s.",
                    line.rma_id._get_html_link(),
                )
            line.equipment_id.sudo().message_post(body=body)

    def _check_replacement_spec(self):
        """RMA-15: the exchange unit is the same model or a higher one — same
        product category, list price not lower."""
        for line in self.filtered(
            lambda rec: rec.decision in ("replace", "advance_replace")
            and rec.replacement_product_id
            and rec.replacement_product_id != rec.product_id
        ):
            new, old = line.replacement_product_id, line.product_id
            if new.categ_id != old.categ_id or new.lst_price < old.lst_price:
                raise UserError(
                    _(
                        "%(new)s cannot replace %(old)s: a replacement must be of "
                        "the same or a higher specification (same product "
                        "category, list price not lower).",
                        new=new.display_name,
                        old=old.display_name,
                    )
                )

    def _is_faulty_unit_settled(self):
        """The advance replacement's faulty unit was repaired or restocked."""
        self.ensure_one()
        if self.faulty_unit_action == "repair":
            return self.repair_id.state == "done"
        if self.faulty_unit_action == "stock":
            return self.qty_restocked >= self.qty_received
        return False

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
            "aftersales_rma_line_id": self.id,
        }

    def _rma_unit_location(self):
        """Where the returned unit was received (the warehouse RMA location)."""
        self.ensure_one()
        return (
            self._received_moves()[-1:].location_dest_id
            or self.rma_id.warehouse_id.aftersales_rma_loc_id
        )

    def _delivery_route(self):
        """Route shipping to the customer: the returned unit itself from the
        RMA location for return / repair, a new unit from stock for (advance)
        replacement; both follow the warehouse's delivery steps."""
        self.ensure_one()
        warehouse = self.rma_id.warehouse_id
        if self.decision in ("replace", "advance_replace"):
            return warehouse.aftersales_rma_replace_route_id
        return warehouse.aftersales_rma_out_route_id

    def _prepare_delivery_procurement_vals(self):
        return self._prepare_procurement_vals(self._delivery_route())

    def _prepare_delivery_procurement(self):
        self.ensure_one()
        product = self.product_id
        qty = self.qty_received
        if self.decision in ("replace", "advance_replace"):
            product = self.replacement_product_id or product
        if self.decision == "advance_replace":
            qty = self.product_uom_qty
        return self._prepare_procurement(
            product,
            qty,
            self.product_uom if product == self.product_id else product.uom_id,
            self.rma_id.partner_id.property_stock_customer,
            self._prepare_delivery_procurement_vals(),
        )

    def _has_outgoing_move(self):
        self.ensure_one()
        return any(
            m.state != "cancel" and m._aftersales_is_rma_delivery()
            for m in self.sudo().move_ids
        )

    def _process_advance_replace(self):
        """Ship the spare at confirmation, before the faulty unit arrives."""
        self.filtered(
            lambda line: line.decision == "advance_replace"
            and not line._has_outgoing_move()
        )._process_return()

    def _process_scrap(self):
        # the warehouse's document, created and validated as superuser for
        # the service officer who decided the scrap (the RMA's guards
        # checked), like the repair order of a repair decision
        scraps = (
            self.env["stock.scrap"]
            .sudo()
            .create([line._prepare_scrap_vals() for line in self.sudo()])
        )
        for scrap in scraps:
            scrap.action_validate()

    def _process_return(self):
        """Ship to the customer through the warehouse's RMA delivery or
        replacement route (its delivery steps, the last one of the RMA
        Deliveries operation type); the RMA's procurement group gathers each
        step in one transfer per RMA and source location."""
        for rma, lines in self.grouped("rma_id").items():
            warehouse = rma.warehouse_id
            if not (
                warehouse.aftersales_rma_out_type_id
                and all(line._delivery_route() for line in lines)
            ):
                raise UserError(
                    _(
                        "Warehouse %s has no RMA delivery operation type.",
                        warehouse.name,
                    )
                )
            lines._run_procurements(
                [line._prepare_delivery_procurement() for line in lines]
            )

    def _original_invoices(self):
        """The posted invoices of the line's sale line (as superuser: the
        service officer who decides a refund has no Accounting rights)."""
        self.ensure_one()
        return self.sudo().sale_line_id.invoice_lines.move_id.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )

    def _check_can_refund(self):
        """Credit only what was received, and per sale line never more than
        is invoiced on it now (credit notes already posted deducted): the
        lines refunded together count together, e.g. two serials of one sale
        line of which one was invoiced."""
        self._lock_returned_units(self.sale_line_id)
        to_refund_by_sale_line = defaultdict(float)
        # the invoiced quantities read as superuser, for the service officer
        for line in self.sudo():
            if not line.sale_line_id or not line._original_invoices():
                raise UserError(
                    _(
                        "%(product)s on %(rma)s has no posted invoice to refund.",
                        product=line.product_id.display_name,
                        rma=line.rma_id.name,
                    )
                )
            to_refund_by_sale_line[line.sale_line_id] += (
                line.product_uom._compute_quantity(
                    line.qty_received - line.qty_refunded, line.sale_line_id.product_uom
                )
            )
        for sale_line, to_refund in to_refund_by_sale_line.items():
            invoiced = sale_line.qty_invoiced
            rounding = sale_line.product_uom.rounding
            if float_compare(to_refund, invoiced, precision_rounding=rounding) > 0:
                raise UserError(
                    _(
                        "Cannot refund %(qty)s of %(product)s: only %(invoiced)s "
                        "%(uom)s are invoiced (and not yet credited) on %(order)s.",
                        qty=format_qty(self.env, to_refund),
                        product=sale_line.product_id.display_name,
                        invoiced=format_qty(self.env, invoiced),
                        uom=sale_line.product_uom.name,
                        order=sale_line.order_id.name,
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
            "aftersales_rma_line_id": self.id,
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
        """Credit the received quantity at the sale-line price against the
        original invoice.

        The credit note is posted at once when the user may post invoices
        (an accountant, an RMA manager with invoicing rights). The service
        officer who decides a refund without Accounting rights gets it
        prepared in draft, as superuser once the guards above checked the
        RMA: accounting checks and posts it, which credits the units and
        settles the line (see ``account.move._post``)."""
        self._check_can_refund()
        self._count_refunded_units_as_returned()
        may_post = self._may_post_credit_notes()
        # one credit note per RMA and original invoice
        groups = self.grouped(lambda line: (line.rma_id, line._original_invoices()[:1]))
        for (rma, invoice), lines in groups.items():
            refund = (
                self.env["account.move"]
                .sudo()
                .create(lines.sudo()._prepare_refund_vals(invoice))
            )
            if may_post:
                refund.with_env(self.env).action_post()
                body = _("Credit note %s created.", refund._get_html_link())
            else:
                body = _(
                    "Credit note %s prepared for accounting to post.",
                    refund._get_html_link(),
                )
            rma.message_post(body=body)

    def _may_post_credit_notes(self):
        return self.env.is_superuser() or self.env.user.has_group(
            "account.group_account_invoice"
        )

    @api.model
    def _settle_posted_refunds(self, refunds):
        """Once an RMA credit note is posted: reconcile it with the invoice it
        reverses and close the RMAs now settled. Runs as superuser for
        whoever posts it (an accountant has no rights on RMAs)."""
        refunds = refunds.sudo()
        for refund in refunds.filtered("reversed_entry_id"):
            (refund.line_ids + refund.reversed_entry_id.line_ids).filtered(
                lambda aml: aml.account_type == "asset_receivable"
                and not aml.reconciled
            ).reconcile()
        refunds.line_ids.aftersales_rma_line_id.rma_id._try_done()

    def _count_refunded_units_as_returned(self):
        """Refunded units are no longer delivered: link their done receipt
        moves to the sale line as returns to refund, the way Odoo's own
        return wizard does, so the sale line's delivered quantity drops with
        the credit note and nothing is left to invoice (products invoiced on
        delivered quantities). Units repaired, sent back or replaced keep
        counting as delivered: the customer has one again, and nothing is
        invoiced twice.

        Whoever processes the refund (a service officer, an accountant, an
        RMA manager) may not be an Inventory user: the moves are read and
        linked as superuser; the link only records what the credit note
        decides."""
        for line in self.sudo().filtered("sale_line_id"):
            if line.product_id != line.sale_line_id.product_id:
                continue
            # the first reception step, the one leaving the customer, is
            # the return Odoo counts on the sale line
            receipts = line.move_ids.filtered(
                lambda m: m.state == "done"
                and m.location_id.usage == "customer"
                and not m.sale_line_id
            )
            receipts.write({"sale_line_id": line.sale_line_id.id, "to_refund": True})

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
            # the workshop's document, created as superuser for the service
            # officer who decided the repair (the RMA's guards checked)
            line.repair_id = (
                self.env["repair.order"].sudo().create(line._prepare_repair_vals())
            )
            line.rma_id.message_post(
                body=_("Repair %s created.", line.repair_id._get_html_link())
            )

    def _quote_inspection_fee(self):
        """One quotation per RMA for the inspection of the units sent back,
        linked to the ticket like any paid-service quotation."""
        for rma, lines in self.grouped("rma_id").items():
            order = self.env["sale.order"].create(
                lines._prepare_inspection_fee_order_vals()
            )
            rma.message_post(
                body=_("Inspection fee quoted on %s.", order._get_html_link())
            )

    def _prepare_inspection_fee_order_vals(self):
        """Header of the inspection-fee quotation of these lines of one RMA."""
        rma = self.rma_id
        rma.ensure_one()
        return {
            "partner_id": rma.partner_id.id,
            "company_id": rma.company_id.id,
            "aftersales_ticket_id": rma.ticket_id.id,
            "origin": rma.name,
            "order_line": [
                Command.create(line._prepare_inspection_fee_line_vals())
                for line in self
            ],
        }

    def _prepare_inspection_fee_line_vals(self):
        self.ensure_one()
        return {
            "product_id": self.company_id.aftersales_inspection_product_id.id,
            "product_uom_qty": 1.0,
            "name": _(
                "Inspection of %(product)s (%(rma)s)",
                product=self.product_id.display_name,
                rma=self.rma_id.name,
            ),
        }

    # ------------------------------------------------------------------
    # Business helpers: advance replacement's faulty unit
    # ------------------------------------------------------------------
    def _ensure(self, refusal):
        """Raise the reason why the action guarded by ``refusal`` (a method
        returning it, or False) is refused on one of the lines."""
        for line in self:
            reason = getattr(line, refusal)()
            if reason:
                raise UserError(reason)

    def _refusal_follow_up(self):
        self.ensure_one()
        if self.decision != "advance_replace":
            return _(
                "%(product)s on %(rma)s is not an advance replacement.",
                product=self.product_id.display_name,
                rma=self.rma_id.name,
            )
        if self.faulty_unit_action:
            return _(
                "The faulty unit of %(product)s on %(rma)s already went "
                "to repair or stock.",
                product=self.product_id.display_name,
                rma=self.rma_id.name,
            )
        if self.qty_received < self.product_uom_qty:
            return _(
                "The faulty unit of %(product)s on %(rma)s has not been "
                "received yet.",
                product=self.product_id.display_name,
                rma=self.rma_id.name,
            )
        return False

    def _check_can_follow_up(self):
        self._ensure("_refusal_follow_up")

    def _start_follow_up(self, action):
        self.faulty_unit_action = action
        rmas = self.rma_id
        rmas.filtered(
            lambda r: r.state in ("confirmed", "received")
        ).state = "processing"

    def _prepare_restock_procurement_vals(self):
        return self._prepare_procurement_vals(
            self.rma_id.warehouse_id.aftersales_rma_restock_route_id
        )

    def _prepare_restock_procurement(self):
        """The returned faulty unit, from the RMA location into stock."""
        self.ensure_one()
        return self._prepare_procurement(
            self.product_id,
            self.qty_received,
            self.product_uom,
            self.rma_id.warehouse_id.lot_stock_id,
            self._prepare_restock_procurement_vals(),
        )

    # ------------------------------------------------------------------
    # Business helpers: what a confirmed RMA's receipt was built from
    # ------------------------------------------------------------------
    def _check_locked_once_confirmed(self, vals):
        """The returned product, quantity, lot and sale line are what the
        authorisation and the receipt announce: fixed once the RMA leaves
        draft (writing the same value is no change)."""
        locked = (
            "product_id",
            "product_uom_qty",
            "product_uom",
            "lot_id",
            "sale_line_id",
            "origin_move_id",
        )
        if not any(name in vals for name in locked):
            return
        for line in self.filtered(lambda rec: rec.rma_id.state != "draft"):
            changed = changed_field_labels(line, vals, locked)
            if changed:
                raise UserError(
                    _(
                        "RMA %(rma)s is confirmed: %(fields)s of %(product)s are "
                        "what its receipt expects and cannot change. Cancel the "
                        "RMA and create a new one to return something else.",
                        rma=line.rma_id.name,
                        fields=changed,
                        product=line.product_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Business helpers: manager-only overrides
    # ------------------------------------------------------------------
    def _is_rma_manager(self):
        return self.env.is_superuser() or self.env.user.has_group(
            "aftersales_rma.group_rma_manager"
        )

    def _check_override_rights(self, vals):
        if (
            vals.get("lot_override_reason") or vals.get("repair_limit_override")
        ) and not self._is_rma_manager():
            raise UserError(
                _(
                    "Only an RMA manager can accept a lot never delivered to the "
                    "customer or repair a unit beyond the repair limit."
                )
            )

    def _log_overrides(self, vals):
        for line in self:
            if vals.get("lot_override_reason"):
                line.rma_id.message_post(
                    body=_(
                        "%(user)s accepted %(lot)s, never delivered to this "
                        "customer: %(reason)s",
                        user=self.env.user.name,
                        lot=line.lot_id.display_name or "",
                        reason=line.lot_override_reason,
                    )
                )
            if vals.get("repair_limit_override"):
                line.rma_id.message_post(
                    body=_(
                        "%(user)s allowed repairing %(lot)s again although it "
                        "was repaired %(count)s times.",
                        user=self.env.user.name,
                        lot=line.lot_id.display_name or "",
                        count=line.lot_repair_count,
                    )
                )

    # ------------------------------------------------------------------
    # Business helpers: returnable quantities
    # ------------------------------------------------------------------
    def _qty_in_product_uom(self):
        self.ensure_one()
        return self.product_uom._compute_quantity(
            self.product_uom_qty, self.product_id.uom_id
        )

    @api.model
    def _get_sale_line_returnable_qty(self, sale_lines, exclude=None):
        """Per sale line, the quantity (product unit) still returnable: what
        was delivered to the customer, minus what came back outside an RMA,
        minus what other open or done RMAs take back (a done RMA that sent
        units back to the customer no longer holds them).

        The sale lines and their moves are read as superuser: the service
        officer who records a return needs no Sales nor Inventory rights."""
        exclude = exclude or self.browse()
        sale_lines = sale_lines.sudo()
        moves = sale_lines.move_ids.filtered(lambda m: m.state == "done")
        others = self.search(
            [
                ("sale_line_id", "in", sale_lines.ids),
                ("id", "not in", exclude.ids),
                ("rma_id.state", "!=", "cancelled"),
            ]
        )
        result = {}
        for sale_line in sale_lines:
            line_moves = moves.filtered(
                lambda m, sol=sale_line: m.sale_line_id == sol
                and m.product_id == sol.product_id
            )
            delivered = sum(
                line_moves.filtered(
                    lambda m: m.location_dest_id.usage == "customer"
                ).mapped("product_qty")
            )
            back = sum(
                line_moves.filtered(
                    lambda m: m.location_id.usage == "customer"
                    and not m.aftersales_rma_line_id
                ).mapped("product_qty")
            )
            under_rma = sum(
                other._qty_in_product_uom()
                - (
                    other.product_uom._compute_quantity(
                        other.qty_delivered, other.product_id.uom_id
                    )
                    if other.rma_id.state == "done"
                    else 0.0
                )
                for other in others
                if other.sale_line_id == sale_line
            )
            result[sale_line] = delivered - back - under_rma
        return result

    @api.model
    def _get_lot_returnable_qty(self, lot_customers, exclude=None):
        """Per (lot, commercial partner), the quantity of the lot delivered to
        that customer and not yet back or under another open or done RMA."""
        exclude = exclude or self.browse()
        lots = self.env["stock.lot"].union(*(lot for lot, _customer in lot_customers))
        move_lines = self._delivered_lot_move_lines(lots)
        others = self.search(
            [
                ("lot_id", "in", lots.ids),
                ("id", "not in", exclude.ids),
                ("rma_id.state", "!=", "cancelled"),
            ]
        )
        delivered = defaultdict(float)
        for ml in move_lines:
            key = (ml.lot_id, ml.move_id._aftersales_customer())
            if ml.location_dest_id.usage == "customer":
                delivered[key] += ml.quantity_product_uom
            elif not ml.move_id.aftersales_rma_line_id:
                delivered[key] -= ml.quantity_product_uom
        for other in others:
            key = (other.lot_id, other.rma_id.partner_id.commercial_partner_id)
            delivered[key] -= other._qty_in_product_uom()
        return {key: delivered[key] for key in lot_customers}

    @api.model
    def _lot_was_delivered(self, lot_customers):
        move_lines = self._delivered_lot_move_lines(
            self.env["stock.lot"].union(*(lot for lot, _customer in lot_customers))
        ).filtered(lambda ml: ml.location_dest_id.usage == "customer")
        found = {(ml.lot_id, ml.move_id._aftersales_customer()) for ml in move_lines}
        return {key: key in found for key in lot_customers}

    def _lines_with_checked_lot(self):
        return self.filtered(lambda rec: rec.lot_id and not rec.lot_override_reason)

    def _check_returnable_qty(self):
        """Refuse returning more than was delivered to this customer on the
        sale line, or of the lot, minus what is already back or under another
        open or done RMA."""
        self._lock_returned_units(self.sale_line_id, self.lot_id)
        # sale lines and lots read as superuser, for the service officer
        # without Sales nor Inventory rights
        by_sale_line = defaultdict(float)
        for line in self.filtered("sale_line_id"):
            by_sale_line[line.sale_line_id.sudo()] += line._qty_in_product_uom()
        if by_sale_line:
            sale_lines = self.env["sale.order.line"].sudo().union(*by_sale_line)
            left = self._get_sale_line_returnable_qty(sale_lines, exclude=self)
            for sale_line, qty in by_sale_line.items():
                rounding = sale_line.product_id.uom_id.rounding
                if float_compare(qty, left[sale_line], precision_rounding=rounding) > 0:
                    raise UserError(
                        _(
                            "Cannot return %(qty)s of %(product)s: only %(left)s "
                            "delivered on %(order)s remain returnable.",
                            qty=format_qty(self.env, qty, sale_line.product_id.uom_id),
                            product=sale_line.product_id.display_name,
                            left=format_qty(
                                self.env,
                                max(left[sale_line], 0.0),
                                sale_line.product_id.uom_id,
                            ),
                            order=sale_line.order_id.name,
                        )
                    )
        self._check_lot_delivered()
        by_lot = defaultdict(float)
        for line in self._lines_with_checked_lot():
            key = (line.lot_id.sudo(), line.rma_id.partner_id.commercial_partner_id)
            by_lot[key] += line._qty_in_product_uom()
        if by_lot:
            left = self._get_lot_returnable_qty(list(by_lot), exclude=self)
            for (lot, customer), qty in by_lot.items():
                rounding = lot.product_id.uom_id.rounding
                left_qty = left[lot, customer]
                if float_compare(qty, left_qty, precision_rounding=rounding) > 0:
                    raise UserError(
                        _(
                            "Cannot return %(qty)s of %(lot)s: only %(left)s "
                            "delivered to %(customer)s remain returnable.",
                            qty=format_qty(self.env, qty, lot.product_id.uom_id),
                            lot=lot.display_name,
                            left=format_qty(
                                self.env,
                                max(left[lot, customer], 0.0),
                                lot.product_id.uom_id,
                            ),
                            customer=customer.display_name,
                        )
                    )

    @api.model
    def _lock_returned_units(self, sale_lines, lots=None):
        """Lock the sale lines and lots a return counts against, for the rest
        of the transaction, before counting what is left to return.

        Two users recording a return of the same unit at once would each
        count the other's return as not there yet. The rows are updated (a
        no-op), not only locked (see ``lock_rows``)."""
        message = _(
            "Another return of %s is being recorded right now: "
            "try again in a moment."
        )
        lock_rows(sale_lines, message)
        lock_rows(lots or self.env["stock.lot"], message)

    def _check_lot_delivered(self):
        """A lot or serial must have been delivered to this customer, unless an
        RMA manager accepted it with a reason."""
        keys = {
            (line.lot_id.sudo(), line.rma_id.partner_id.commercial_partner_id)
            for line in self._lines_with_checked_lot()
        }
        delivered = self._lot_was_delivered(list(keys))
        for lot, customer in keys:
            if not delivered[lot, customer]:
                raise UserError(
                    _(
                        "%(lot)s was never delivered to %(customer)s. An RMA "
                        "manager can accept it by giving a lot override reason.",
                        lot=lot.display_name,
                        customer=customer.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Business helpers: repeated repairs (WTY-12)
    # ------------------------------------------------------------------
    @api.model
    def _get_lot_repair_counts(self, lots):
        if not lots:
            return {}
        # as superuser: the guard counts repairs for users without
        # Inventory rights
        return dict(
            self.env["repair.order"]
            .sudo()
            ._read_group(
                [("lot_id", "in", lots.ids), ("state", "=", "done")],
                ["lot_id"],
                ["__count"],
            )
        )

    def _is_over_repair_limit(self):
        self.ensure_one()
        limit = (self.company_id or self.env.company).aftersales_max_repairs
        return bool(self.lot_id) and limit > 0 and self.lot_repair_count >= limit

    # ------------------------------------------------------------------
    # Business helpers: supplier claim
    # ------------------------------------------------------------------
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

    def _refusal_claim(self):
        self.ensure_one()
        if self.supplier_claim_id:
            return _(
                "%(product)s on %(rma)s is already claimed on %(claim)s.",
                product=self.product_id.display_name,
                rma=self.rma_id.name,
                claim=self.supplier_claim_id.name,
            )
        if self.rma_id.state in ("draft", "cancelled"):
            return _("RMA %s is not confirmed: nothing to claim.", self.rma_id.name)
        if not self.supplier_responsible and not (self.claim_reason or "").strip():
            return _(
                "%(product)s on %(rma)s is not the supplier's "
                "responsibility: give a reason to claim the vendor.",
                product=self.product_id.display_name,
                rma=self.rma_id.name,
            )
        return False

    def _check_can_claim(self):
        """The guard of the button, then the vendor the claim goes to (data
        to fill in on the product, so the button stays visible)."""
        self._ensure("_refusal_claim")
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

    @api.model
    def _prepare_supplier_claim_vals(self, vendor, company, items):
        """Header of the draft claim to ``vendor`` for ``items``, a list of
        (RMA line, purchase line) pairs."""
        return {
            "partner_id": vendor.id,
            "company_id": company.id,
            "warehouse_id": items[0][0].rma_id.warehouse_id.id,
            "line_ids": [
                fields.Command.create(line._prepare_claim_line_vals(pol))
                for line, pol in items
            ],
        }

    def _create_supplier_claims(self):
        """One draft claim per vendor and company for these RMA lines."""
        vendors = self._check_can_claim()
        groups = {}
        for line in self:
            vendor, pol = vendors[line.id]
            groups.setdefault((vendor, line.company_id), []).append((line, pol))
        vals_list = [
            self._prepare_supplier_claim_vals(vendor, company, items)
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
