# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from odoo.addons.aftersales_service.models.aftersales_guarded_mixin import (
    guarded_action,
)

CLAIM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("returned", "Returned"),
    ("settled", "Settled"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
SETTLEMENTS = [
    ("credit", "Vendor Credit"),
    ("replacement", "Replacement"),
    ("repair_by_vendor", "Repair by Vendor"),
    ("rejected", "Rejected"),
]


class AftersalesSupplierClaim(models.Model):
    _name = "aftersales.supplier.claim"
    _description = "Supplier Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.guarded.mixin"]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = (
        "state",
        "over_credit_approved",
    )
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # identity
    # ------------------------------------------------------------------
    name = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: _("New")
    )
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, tracking=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Buyer",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        tracking=True,
    )

    # ------------------------------------------------------------------
    # claimed lines and costs
    # ------------------------------------------------------------------
    line_ids = fields.One2many("aftersales.supplier.claim.line", "claim_id", copy=True)
    cost_ids = fields.One2many(
        "aftersales.supplier.claim.cost", "claim_id", string="Extra Costs", copy=True
    )
    purchase_order_ids = fields.Many2many(
        "purchase.order",
        compute="_compute_purchase_order_ids",
        store=True,
        string="Purchase Orders",
    )
    rma_ids = fields.Many2many(
        "aftersales.rma", compute="_compute_rma_ids", string="RMAs"
    )
    vendor_reference = fields.Char(
        help="The vendor's own RMA / claim number.", tracking=True
    )

    # ------------------------------------------------------------------
    # status and dates
    # ------------------------------------------------------------------
    state = fields.Selection(
        CLAIM_STATES, default="draft", required=True, tracking=True, copy=False
    )
    settlement = fields.Selection(SETTLEMENTS, tracking=True, copy=False)
    reject_reason = fields.Text(copy=False, tracking=True)
    submit_date = fields.Date(readonly=True, copy=False)
    settle_date = fields.Date(readonly=True, copy=False)
    deadline = fields.Date(tracking=True, copy=False)
    days_open = fields.Integer(compute="_compute_days_open")

    # ------------------------------------------------------------------
    # amounts
    # ------------------------------------------------------------------
    claim_amount = fields.Monetary(compute="_compute_claim_amount", store=True)
    credited_amount = fields.Monetary(
        compute="_compute_credited_amount",
        store=True,
        help="Untaxed total of the posted vendor credit notes.",
    )
    recovered_amount = fields.Monetary(
        compute="_compute_recovered_amount",
        store=True,
        help="Credited amount plus the cost of the units the vendor replaced "
        "or repaired.",
    )
    unrecovered_amount = fields.Monetary(
        compute="_compute_recovered_amount", store=True
    )
    recovery_rate = fields.Float(
        string="Recovery Rate (%)",
        compute="_compute_recovered_amount",
        store=True,
        aggregator="avg",
        help="Recovered amount as a percentage of the claim amount.",
    )
    over_credit_approved = fields.Boolean(
        string="Over-credit Approved", readonly=True, copy=False, tracking=True
    )

    # ------------------------------------------------------------------
    # documents
    # ------------------------------------------------------------------
    return_picking_ids = fields.One2many(
        "stock.picking",
        "aftersales_supplier_claim_id",
        string="Vendor Transfers",
        readonly=True,
    )
    procurement_group_id = fields.Many2one(
        "procurement.group",
        readonly=True,
        copy=False,
        groups="stock.group_stock_user",
    )
    vendor_refund_ids = fields.One2many(
        "account.move",
        "aftersales_supplier_claim_id",
        string="Vendor Credit Notes",
        readonly=True,
    )
    replacement_purchase_ids = fields.One2many(
        "purchase.order",
        "aftersales_supplier_claim_id",
        string="Replacement Orders",
        readonly=True,
    )
    return_done = fields.Boolean(compute="_compute_return_done")

    # ------------------------------------------------------------------
    # next steps: which header buttons apply to the claim as it stands
    # ------------------------------------------------------------------
    can_return_to_vendor = fields.Boolean(compute="_compute_can_settle")
    can_create_vendor_refund = fields.Boolean(compute="_compute_can_settle")
    can_request_replacement = fields.Boolean(compute="_compute_can_settle")
    can_send_for_repair = fields.Boolean(compute="_compute_can_settle")
    can_receive_repaired = fields.Boolean(compute="_compute_can_settle")
    can_reject = fields.Boolean(compute="_compute_can_settle")
    can_approve_over_credit = fields.Boolean(compute="_compute_can_settle")

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("line_ids.purchase_line_id")
    def _compute_purchase_order_ids(self):
        for claim in self:
            claim.purchase_order_ids = claim.line_ids.purchase_line_id.order_id

    @api.depends("line_ids.rma_line_id")
    def _compute_rma_ids(self):
        for claim in self:
            claim.rma_ids = claim.line_ids.rma_line_id.rma_id

    @api.depends("purchase_order_ids.user_id", "partner_id.buyer_id")
    def _compute_user_id(self):
        for claim in self:
            buyer = claim.purchase_order_ids.user_id[:1]
            claim.user_id = buyer or claim.partner_id.buyer_id or claim.user_id

    @api.depends("submit_date", "settle_date", "state")
    def _compute_days_open(self):
        today = fields.Date.context_today(self)
        for claim in self:
            end = claim.settle_date or today
            start = claim.submit_date
            claim.days_open = (end - start).days if start else 0

    @api.depends("line_ids.amount", "cost_ids.amount")
    def _compute_claim_amount(self):
        for claim in self:
            claim.claim_amount = sum(claim.line_ids.mapped("amount")) + sum(
                claim.cost_ids.mapped("amount")
            )

    @api.depends("vendor_refund_ids.state", "vendor_refund_ids.amount_untaxed_signed")
    def _compute_credited_amount(self):
        for claim in self:
            posted = claim.vendor_refund_ids.filtered(lambda m: m.state == "posted")
            # in_refund amounts are signed positive in company currency
            claim.credited_amount = sum(abs(m.amount_untaxed_signed) for m in posted)

    @api.depends(
        "credited_amount",
        "claim_amount",
        "line_ids.qty_recovered",
        "line_ids.unit_cost",
    )
    def _compute_recovered_amount(self):
        for claim in self:
            units = sum(line.qty_recovered * line.unit_cost for line in claim.line_ids)
            recovered = claim.credited_amount + units
            claim.recovered_amount = recovered
            claim.unrecovered_amount = max(claim.claim_amount - recovered, 0.0)
            claim.recovery_rate = claim._recovery_rate_of(recovered, claim.claim_amount)

    @api.depends("return_picking_ids.state", "return_picking_ids.picking_type_code")
    def _compute_return_done(self):
        for claim in self:
            returns = claim.return_picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
            )
            claim.return_done = bool(returns) and all(
                p.state == "done" for p in returns
            )

    @api.depends(
        "state",
        "settlement",
        "reject_reason",
        "over_credit_approved",
        "claim_amount",
        "return_done",
        "partner_id.commercial_partner_id.aftersales_claim_requires_return",
        "return_picking_ids.state",
        "vendor_refund_ids.state",
        "vendor_refund_ids.amount_untaxed_signed",
        "replacement_purchase_ids.state",
    )
    def _compute_can_settle(self):
        """One settlement at a time: once the vendor's answer is known (a
        credit note, a replacement order, a repair, a typed rejection
        reason) only the buttons of that answer stay, so the header never
        shows more than three next steps."""
        for claim in self:
            # booleans only: whoever reads the claim sees its next steps,
            # even without access to the credit notes or transfers
            doc = claim.sudo()
            open_claim = claim.state in ("submitted", "returned")
            rejecting = bool((claim.reject_reason or "").strip())
            refunds = doc.vendor_refund_ids.filtered(lambda m: m.state != "cancel")
            pickings = doc.return_picking_ids.filtered(lambda p: p.state != "cancel")
            returns = pickings.filtered(lambda p: p.picking_type_code == "outgoing")
            receipts = pickings - returns
            replacements = doc.replacement_purchase_ids.filtered(
                lambda o: o.state != "cancel"
            )
            requires_return = (
                doc.partner_id.commercial_partner_id.aftersales_claim_requires_return
            )
            choosing = open_claim and not claim.settlement and not rejecting
            claim.can_create_vendor_refund = (
                choosing and not refunds and (claim.return_done or not requires_return)
            )
            claim.can_request_replacement = choosing and not replacements
            claim.can_send_for_repair = (
                choosing and claim.state == "submitted" and not returns
            )
            # the goods go back on their own when the vendor wants them before
            # a credit, or once a credit or replacement is agreed
            claim.can_return_to_vendor = (
                claim.state == "submitted"
                and not returns
                and not rejecting
                and (
                    claim.settlement in ("credit", "replacement")
                    or (not claim.settlement and requires_return)
                )
            )
            claim.can_receive_repaired = (
                claim.state == "returned"
                and claim.settlement == "repair_by_vendor"
                and claim.return_done
                and not receipts
            )
            claim.can_reject = open_claim and rejecting
            credited = sum(abs(m.amount_untaxed_signed) for m in refunds)
            claim.can_approve_over_credit = (
                open_claim
                and not claim.over_credit_approved
                and claim.currency_id.compare_amounts(credited, claim.claim_amount) > 0
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"]._aftersales_next_by_code(
                    "aftersales.supplier.claim"
                ) or _("New")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    @guarded_action
    def action_submit(self):
        """Send the claim to purchasing: assign the buyer and notify them."""
        self._check_can_submit()
        today = fields.Date.context_today(self)
        for claim in self:
            days = claim.partner_id.commercial_partner_id.aftersales_claim_days or 30
            claim.write(
                {
                    "state": "submitted",
                    "submit_date": today,
                    "deadline": claim.deadline or today + timedelta(days=days),
                }
            )
            if claim.user_id:
                claim.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=claim.deadline,
                    summary=_("Settle supplier claim %s", claim.name),
                    user_id=claim.user_id.id,
                )
            claim.message_post(body=_("Claim submitted to the vendor."))
        return True

    def action_return_to_vendor(self):
        """Ship the claimed units to the vendor through the warehouse's
        Return to Vendor routes (operation type Return to Vendor)."""
        self._check_state(("submitted",), _("returned"))
        for claim in self:
            if claim.return_picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
            ):
                raise UserError(_("Claim %s is already being returned.", claim.name))
            picking_type = claim.warehouse_id.aftersales_rma_vendor_type_id
            if not picking_type:
                raise UserError(
                    _(
                        "Warehouse %s has no Return to Vendor operation type.",
                        claim.warehouse_id.name,
                    )
                )
            # from the RMA location, or from stock for units kept there
            # (claims raised without an RMA receipt): one route each
            moves = claim._run_line_procurements(
                [line._prepare_vendor_return_procurement() for line in claim.line_ids]
            )
            pickings = moves.picking_id
            moves._aftersales_reserve_claimed_lot()
            pickings.action_assign()
            claim.message_post(
                body=_(
                    "Return to vendor %s created.",
                    ", ".join(p._get_html_link() for p in pickings),
                )
            )
        return True

    def action_receive_repaired(self):
        """Expect the units the vendor repaired back in the RMA location,
        through the warehouse's reception steps."""
        self._check_state(("returned",), _("received back"))
        for claim in self:
            if claim.settlement != "repair_by_vendor" or not claim.return_done:
                raise UserError(
                    _(
                        "Claim %s must be repaired by the vendor and returned "
                        "first.",
                        claim.name,
                    )
                )
            # into the RMA location, through the warehouse's reception steps
            moves = claim._run_line_procurements(
                [line._prepare_vendor_receipt_procurement() for line in claim.line_ids]
            )
            pickings = moves.picking_id
            claim.message_post(
                body=_(
                    "Receipt of repaired units %s created.",
                    ", ".join(p._get_html_link() for p in pickings),
                )
            )
        return True

    def action_create_vendor_refund(self):
        """Prepare the vendor credit note of the claim (left in draft for
        accounting to check and post)."""
        self._check_can_credit()
        refunds = self.env["account.move"]
        for claim in self:
            vals = claim._prepare_vendor_refund_vals()
            if not vals["invoice_line_ids"]:
                raise UserError(
                    _(
                        "Nothing is left to credit on %s: the vendor replaces "
                        "its units and it claims no extra costs.",
                        claim.name,
                    )
                )
            refund = self.env["account.move"].create(vals)
            refunds |= refund
            if claim.settlement != "replacement":
                claim.settlement = "credit"
            claim.message_post(
                body=_("Vendor credit note %s prepared.", refund._get_html_link())
            )
        self._check_credit_within_claim()
        if len(refunds) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "account.move",
                "res_id": refunds.id,
                "view_mode": "form",
            }
        return True

    def action_request_replacement(self):
        """Order the replacement units from the vendor at zero price."""
        self._check_state(("submitted", "returned"), _("replaced"))
        for claim in self:
            if claim.replacement_purchase_ids.filtered(lambda o: o.state != "cancel"):
                raise UserError(
                    _("Claim %s already has a replacement order.", claim.name)
                )
        for claim in self:
            # checked before anything is ordered
            claim._check_credit_within_claim(
                replacing=sum(line.quantity * line.unit_cost for line in claim.line_ids)
            )
            order = self.env["purchase.order"].create(
                claim._prepare_replacement_purchase_vals()
            )
            order.button_confirm()
            claim.settlement = "replacement"
            claim.message_post(
                body=_("Replacement order %s confirmed.", order._get_html_link())
            )
        return True

    def action_send_for_repair(self):
        """The vendor repairs the units: return them now, receive them later."""
        self.settlement = "repair_by_vendor"
        return self.action_return_to_vendor()

    @guarded_action
    def action_approve_over_credit(self):
        if not (
            self.env.user.has_group("purchase.group_purchase_manager")
            or self.env.user.has_group("aftersales_rma.group_rma_manager")
        ):
            raise UserError(
                _("Only purchase or RMA managers can approve an over-credit.")
            )
        self.over_credit_approved = True
        return True

    @guarded_action
    def action_reject(self):
        """The vendor refuses the claim: the cost stays with the company."""
        self._check_state(("submitted", "returned"), _("rejected"))
        for claim in self:
            if not (claim.reject_reason or "").strip():
                raise UserError(
                    _("Give the vendor's reason for rejecting %s.", claim.name)
                )
        self.write(
            {
                "state": "settled",
                "settlement": "rejected",
                "settle_date": fields.Date.context_today(self),
            }
        )
        self._close_settle_activities()
        for claim in self:
            claim.message_post(
                body=_(
                    "Claim rejected by the vendor; %(amount)s stay unrecovered.",
                    amount=format_amount(
                        self.env, claim.unrecovered_amount, claim.currency_id
                    ),
                )
            )
        return True

    @guarded_action
    def action_close(self):
        self._check_state(("settled",), _("closed"))
        for claim in self:
            if claim.vendor_refund_ids.filtered(lambda m: m.state == "draft"):
                raise UserError(
                    _(
                        "Post or cancel the draft credit notes of %s before "
                        "closing it.",
                        claim.name,
                    )
                )
        self.state = "closed"
        self.activity_ids.action_feedback()
        return True

    @guarded_action
    def action_cancel(self):
        self._check_state(("draft", "submitted"), _("cancelled"))
        for claim in self:
            if claim.return_picking_ids.filtered(lambda p: p.state == "done"):
                raise UserError(
                    _("Claim %s cannot be cancelled: goods went back.", claim.name)
                )
        self.return_picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        self.state = "cancelled"
        self.activity_ids.unlink()
        return True

    @guarded_action
    def action_draft(self):
        self._check_state(("cancelled",), _("reset to draft"))
        self.state = "draft"
        return True

    def action_view_vendor_refunds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_in_refund_type"
        )
        action["domain"] = [("id", "in", self.vendor_refund_ids.ids)]
        action["context"] = {"default_move_type": "in_refund"}
        return action

    # ------------------------------------------------------------------
    # guards
    # ------------------------------------------------------------------
    def _check_state(self, states, action):
        for claim in self:
            if claim.state not in states:
                raise UserError(
                    _(
                        "Claim %(claim)s cannot be %(action)s in its current "
                        "status.",
                        claim=claim.name,
                        action=action,
                    )
                )

    def _check_can_submit(self):
        self._check_state(("draft",), _("submitted"))
        for claim in self:
            if not claim.line_ids:
                raise UserError(_("Claim %s has no line to claim.", claim.name))
        self.line_ids._check_claimable_qty()

    def _check_can_credit(self):
        self._check_state(("submitted", "returned"), _("credited"))
        for claim in self:
            vendor = claim.partner_id.commercial_partner_id
            if vendor.aftersales_claim_requires_return and not claim.return_done:
                raise UserError(
                    _(
                        "Vendor %(vendor)s requires the goods back before a "
                        "credit: return the units of %(claim)s first.",
                        vendor=vendor.display_name,
                        claim=claim.name,
                    )
                )
            if claim.vendor_refund_ids.filtered(lambda m: m.state != "cancel"):
                raise UserError(
                    _("Claim %s already has a vendor credit note.", claim.name)
                )

    def _check_credit_within_claim(self, replacing=0.0):
        """Refuse a settlement worth more than the claim unless approved: the
        credit notes plus the units the vendor replaces (at their claimed
        cost). A claim is settled by credit or by replacement — both only up
        to the claimed amount (e.g. units replaced, freight credited)."""
        for claim in self:
            refunds = claim.vendor_refund_ids.filtered(lambda m: m.state != "cancel")
            credited = sum(abs(m.amount_untaxed_signed) for m in refunds)
            replaced = claim._replacement_value() + replacing
            total = credited + replaced
            if (
                claim.currency_id.compare_amounts(total, claim.claim_amount) > 0
                and not claim.over_credit_approved
            ):
                if replaced and credited:
                    raise UserError(
                        _(
                            "%(claim)s would be settled twice: credit notes of "
                            "%(credited)s and replacement units worth "
                            "%(replaced)s exceed the claimed %(claimed)s. "
                            "Credit only what the replacement does not cover, "
                            "or have a purchase or RMA manager approve the "
                            "over-credit first.",
                            claim=claim.name,
                            credited=credited,
                            replaced=replaced,
                            claimed=claim.claim_amount,
                        )
                    )
                raise UserError(
                    _(
                        "Credit notes of %(claim)s total %(total)s, more than "
                        "the claimed %(claimed)s: a purchase or RMA manager "
                        "must approve the over-credit first.",
                        claim=claim.name,
                        total=total,
                        claimed=claim.claim_amount,
                    )
                )

    def _replaced_lines(self):
        """Claim lines ordered as replacements (orders not cancelled)."""
        self.ensure_one()
        return self.replacement_purchase_ids.filtered(
            lambda o: o.state != "cancel"
        ).order_line.aftersales_supplier_claim_line_id

    def _replacement_value(self):
        """Claimed cost of the units ordered as replacements (orders not
        cancelled)."""
        self.ensure_one()
        lines = self.replacement_purchase_ids.filtered(
            lambda o: o.state != "cancel"
        ).order_line.filtered("aftersales_supplier_claim_line_id")
        return sum(
            line.product_qty * line.aftersales_supplier_claim_line_id.unit_cost
            for line in lines
        )

    # ------------------------------------------------------------------
    # business helpers: documents to create
    # ------------------------------------------------------------------
    def _prepare_picking_vals(self):
        """Header values of every transfer of the claim, added to those Odoo
        gives a new picking."""
        self.ensure_one()
        return {
            "aftersales_supplier_claim_id": self.id,
            "partner_id": self.partner_id.id,
            "origin": self.name,
        }

    def _prepare_procurement_group_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "partner_id": self.partner_id.id,
            "move_type": "direct",
        }

    def _get_procurement_group(self):
        """The claim's procurement group, created on first use."""
        self.ensure_one()
        claim = self.sudo()
        if not claim.procurement_group_id:
            claim.procurement_group_id = (
                self.env["procurement.group"]
                .sudo()
                .create(self._prepare_procurement_group_vals())
            )
        return claim.procurement_group_id

    def _run_line_procurements(self, procurements):
        """Run procurements of the claim's lines; return the moves created
        (the first step of each route)."""
        self.ensure_one()
        Move = self.env["stock.move"].sudo()
        domain = [
            ("aftersales_supplier_claim_line_id", "in", self.line_ids.ids),
            ("move_orig_ids", "=", False),
        ]
        before = Move.search(domain)
        self.env["procurement.group"].run(procurements)
        return (Move.search(domain) - before).with_env(self.env)

    def _prepare_vendor_refund_vals(self):
        """Vendor credit note at the purchase price and taxes of the claimed
        lines, plus the claimed extra costs."""
        self.ensure_one()
        orders = self.purchase_order_ids
        return {
            "move_type": "in_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": ", ".join([self.name] + orders.mapped("name")),
            "ref": self.vendor_reference or self.name,
            "aftersales_supplier_claim_id": self.id,
            "fiscal_position_id": orders[:1].fiscal_position_id.id,
            "invoice_line_ids": [
                fields.Command.create(line._prepare_vendor_refund_line_vals())
                # units the vendor replaces are not credited as well
                for line in self.line_ids - self._replaced_lines()
            ]
            + [
                fields.Command.create(cost._prepare_vendor_refund_line_vals())
                for cost in self.cost_ids
            ],
        }

    def _prepare_replacement_purchase_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "partner_ref": self.vendor_reference,
            "aftersales_supplier_claim_id": self.id,
            "picking_type_id": self.warehouse_id.in_type_id.id,
            "user_id": self.user_id.id,
            "order_line": [
                fields.Command.create(line._prepare_replacement_purchase_line_vals())
                for line in self.line_ids
            ],
        }

    # ------------------------------------------------------------------
    # business helpers: recovery rate (the one rule of the claim form, the
    # vendor scorecard and the finance workbook)
    # ------------------------------------------------------------------
    @api.model
    def _recovery_rate_of(self, recovered, claimed):
        """Recovery rate (%) of amounts in company currency: recovered
        (posted vendor credit notes, untaxed, plus the cost of the units the
        vendor replaced or repaired) over the claimed amount. Over a set of
        claims it is the ratio of their sums, never the mean of their rates."""
        return 100.0 * recovered / claimed if claimed else 0.0

    @api.model
    def _recovery_domain(self):
        """The claims that count in a recovery rate: all but cancelled."""
        return [("state", "!=", "cancelled")]

    def _recovery_totals(self):
        """Claimed amount, recovered amount and recovery rate (%) of the
        claims of ``self`` that count (see ``_recovery_domain``)."""
        claims = self.filtered_domain(self._recovery_domain())
        claimed = sum(claims.mapped("claim_amount"))
        recovered = sum(claims.mapped("recovered_amount"))
        return claimed, recovered, self._recovery_rate_of(recovered, claimed)

    # ------------------------------------------------------------------
    # progress from the documents
    # ------------------------------------------------------------------
    def _close_settle_activities(self):
        """Mark done the 'Settle supplier claim' to-do scheduled on submission:
        once the claim is settled, nothing is left for the buyer to settle."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        # the claim may be settled by whoever posts the credit note or
        # validates the transfer, not only by the buyer the to-do belongs to
        self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == todo
        ).action_feedback(feedback=_("Claim settled."))

    @guarded_action
    def _update_from_documents(self):
        """Move claims forward once their pickings, orders or credit notes
        are done."""
        today = fields.Date.context_today(self)
        for claim in self.filtered(lambda c: c.state in ("submitted", "returned")):
            if claim.state == "submitted" and claim.return_done:
                claim.state = "returned"
            settled = False
            if claim.settlement == "credit":
                settled = (
                    claim.credited_amount > 0
                    and not claim.vendor_refund_ids.filtered(
                        lambda m: m.state == "draft"
                    )
                )
            elif claim.settlement in ("replacement", "repair_by_vendor"):
                settled = all(
                    line.qty_recovered >= line.quantity for line in claim.line_ids
                )
            if settled:
                claim.write({"state": "settled", "settle_date": today})
                claim._close_settle_activities()
                claim.message_post(body=_("Claim settled."))
