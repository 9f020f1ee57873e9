from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .aftersales_guarded_mixin import guarded_action

APPROVAL_STATES = [
    ("not_required", "Not required"),
    ("to_approve", "To approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "aftersales.guarded.mixin"]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = (
        "aftersales_approval_state",
        "aftersales_approval_requester_id",
        "aftersales_approval_reason",
        "aftersales_warranty_free",
    )

    aftersales_ticket_ids = fields.One2many(
        "aftersales.ticket", "sale_order_id", string="After-Sales Tickets"
    )
    # Service quotation of a ticket (REP-01..03)
    aftersales_ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="After-Sales Ticket",
        index="btree_not_null",
        copy=False,
        check_company=True,
    )
    # Sale of a service contract (its term or one invoicing period)
    aftersales_contract_id = fields.Many2one(
        "aftersales.contract",
        string="Service Contract",
        index="btree_not_null",
        copy=False,
        check_company=True,
    )
    aftersales_warranty_free = fields.Boolean(
        string="Under Warranty",
        copy=False,
        help="Quoted at zero price because the unit is under warranty.",
    )
    aftersales_approval_state = fields.Selection(
        APPROVAL_STATES,
        string="Discount Approval",
        default="not_required",
        required=True,
        copy=False,
        tracking=True,
    )
    aftersales_approval_requester_id = fields.Many2one(
        "res.users", string="Approval Requested By", copy=False, readonly=True
    )
    aftersales_approval_reason = fields.Text(
        string="Rejection Reason", copy=False, readonly=True
    )
    aftersales_standard_amount = fields.Monetary(
        string="Standard Service Price",
        compute="_compute_aftersales_deviation",
        help="The same lines at the service pricelist price.",
    )
    aftersales_deviation_percent = fields.Float(
        string="Below Standard (%)", compute="_compute_aftersales_deviation"
    )
    aftersales_ticket_count = fields.Integer(
        compute="_compute_aftersales_ticket_count",
        groups="aftersales_service.group_aftersales_user",
    )
    # the after-sales header buttons, each computed from the refusal its
    # action raises
    aftersales_can_approve = fields.Boolean(
        compute="_compute_aftersales_can_decide", groups="base.group_user"
    )
    aftersales_can_reject = fields.Boolean(
        compute="_compute_aftersales_can_decide", groups="base.group_user"
    )

    @api.constrains("partner_id", "aftersales_ticket_id")
    def _check_aftersales_ticket_customer(self):
        """A service quotation belongs to its ticket's customer: on another
        customer's ticket it would show on their portal."""
        for order in self.filtered("aftersales_ticket_id"):
            ticket_customer = order.aftersales_ticket_id.sudo().commercial_partner_id
            if order.partner_id.commercial_partner_id != ticket_customer:
                raise ValidationError(
                    _(
                        "Quotation %(order)s is for %(customer)s but ticket "
                        "%(ticket)s is %(other)s's.",
                        order=order.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        ticket=order.aftersales_ticket_id.sudo().display_name,
                        other=ticket_customer.display_name,
                    )
                )

    @api.depends("state", "aftersales_approval_state")
    @api.depends_context("uid")
    def _compute_aftersales_can_decide(self):
        for order in self:
            allowed = not order._aftersales_refusal_decide()
            order.aftersales_can_approve = allowed
            order.aftersales_can_reject = allowed

    def _compute_aftersales_ticket_count(self):
        counts = dict(
            self.env["aftersales.ticket"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.aftersales_ticket_count = counts.get(order, 0)

    def action_view_aftersales_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_ticket"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Discount approval (REP-03)
    # ------------------------------------------------------------------
    def _aftersales_service_pricelist(self):
        self.ensure_one()
        # Salesmen edit service quotations without after-sales rights: the
        # team's pricelist is configuration, read whoever prices the order.
        ticket = self.aftersales_ticket_id.sudo()
        pricelist = ticket.team_id._get_service_pricelist() if ticket.team_id else False
        return pricelist or self.company_id.aftersales_pricelist_id or self.pricelist_id

    def _aftersales_standard_amount(self):
        """Untaxed total of the order's lines at the service pricelist price."""
        self.ensure_one()
        pricelist = self._aftersales_service_pricelist()
        total = 0.0
        for line in self.order_line.filtered(
            lambda ln: not ln.display_type and ln.product_id
        ):
            if pricelist:
                price = pricelist._get_product_price(
                    line.product_id,
                    line.product_uom_qty or 1.0,
                    currency=self.currency_id,
                    uom=line.product_uom,
                    date=self.date_order,
                )
            else:
                price = line.product_id.lst_price
            # the part a service contract takes over is no discount
            price *= 1.0 - line.aftersales_contract_coverage / 100.0
            total += price * line.product_uom_qty
        return self.currency_id.round(total)

    @api.depends(
        "order_line.price_subtotal",
        "order_line.product_uom_qty",
        "order_line.aftersales_contract_coverage",
        "aftersales_ticket_id",
        "amount_untaxed",
    )
    def _compute_aftersales_deviation(self):
        for order in self:
            standard = (
                order._aftersales_standard_amount()
                if order.aftersales_ticket_id
                else 0.0
            )
            order.aftersales_standard_amount = standard
            order.aftersales_deviation_percent = (
                (standard - order.amount_untaxed) / standard * 100.0
                if standard
                else 0.0
            )

    def _aftersales_approval_required(self):
        """More than X % below the standard price needs a manager; exactly X %
        does not. Warranty quotations are free by design."""
        self.ensure_one()
        if not self.aftersales_ticket_id or self.aftersales_warranty_free:
            return False
        standard = self._aftersales_standard_amount()
        if not standard:
            return False
        threshold = (
            standard * self.company_id.aftersales_discount_approval_percent / 100.0
        )
        deviation = standard - self.amount_untaxed
        return (
            float_compare(
                deviation, threshold, precision_rounding=self.currency_id.rounding
            )
            > 0
        )

    @guarded_action
    def _aftersales_sync_approval(self):
        """Called whenever prices change: an approval (or a rejection) no
        longer holds, and a new deep discount requests approval."""
        # the general manager approves deep discounts (REP-03)
        managers = self.env.ref(
            "aftersales_service.group_aftersales_general_manager"
        ).users
        for order in self.filtered("aftersales_ticket_id"):
            if order.state not in ("draft", "sent"):
                continue
            required = order._aftersales_approval_required()
            previous = order.aftersales_approval_state
            if not required:
                if previous != "not_required":
                    order.aftersales_approval_state = "not_required"
                continue
            if previous == "to_approve":
                continue
            order.write(
                {
                    "aftersales_approval_state": "to_approve",
                    "aftersales_approval_requester_id": self.env.user.id,
                    "aftersales_approval_reason": False,
                }
            )
            if previous in ("approved", "rejected"):
                body = _(
                    "Prices changed after the decision: %(order)s is %(pct).2f%% "
                    "below the standard service price and needs approval again.",
                    order=order.name,
                    pct=order.aftersales_deviation_percent,
                )
            else:
                body = _(
                    "Discount approval requested: %(order)s is %(pct).2f%% below "
                    "the standard service price (threshold %(limit).2f%%).",
                    order=order.name,
                    pct=order.aftersales_deviation_percent,
                    limit=order.company_id.aftersales_discount_approval_percent,
                )
            order.message_post(
                body=body,
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _check_aftersales_approval(self):
        blocked = self.filtered(
            lambda o: o.aftersales_approval_state in ("to_approve", "rejected")
        )
        if blocked:
            raise UserError(
                _(
                    "Quotation %(orders)s is discounted beyond the approval "
                    "threshold: an after-sales manager must approve it before "
                    "it is sent or confirmed, or restore the standard prices.",
                    orders=", ".join(blocked.mapped("name")),
                )
            )

    def _aftersales_refusal_decide(self):
        """Why the discount of this quotation cannot be approved or rejected
        now, or False."""
        self.ensure_one()
        if not self.env.user.has_group(
            "aftersales_service.group_aftersales_general_manager"
        ):
            return _(
                "Only the general manager may approve or reject a discount "
                "beyond the threshold (REP-03)."
            )
        if self.aftersales_approval_state != "to_approve" or self.state not in (
            "draft",
            "sent",
        ):
            return _(
                "Quotation %(orders)s is not waiting for a discount approval.",
                orders=self.name,
            )
        return False

    def _check_can_decide_aftersales_approval(self):
        self._aftersales_ensure("_aftersales_refusal_decide")

    @guarded_action
    def action_aftersales_approve(self):
        """Approve the discount of the quotation (after-sales managers)."""
        self._check_can_decide_aftersales_approval()
        for order in self:
            order.aftersales_approval_state = "approved"
            order.message_post(
                body=_(
                    "Discount of %(pct).2f%% approved by %(user)s.",
                    pct=order.aftersales_deviation_percent,
                    user=self.env.user.name,
                ),
                partner_ids=order.aftersales_approval_requester_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    @guarded_action
    def action_aftersales_reject(self, reason):
        """Reject the discount with a reason (after-sales managers)."""
        self._check_can_decide_aftersales_approval()
        if not reason:
            raise UserError(_("Give a reason for rejecting the discount."))
        for order in self:
            order.write(
                {
                    "aftersales_approval_state": "rejected",
                    "aftersales_approval_reason": reason,
                }
            )
            order.message_post(
                body=_(
                    "Discount rejected by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                partner_ids=order.aftersales_approval_requester_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_aftersales_open_reject_wizard(self):
        self.ensure_one()
        self._check_can_decide_aftersales_approval()
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject Discount"),
            "res_model": "aftersales.approval.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_quotation_send(self):
        self._check_aftersales_approval()
        return super().action_quotation_send()

    def action_confirm(self):
        self._check_aftersales_approval()
        res = super().action_confirm()
        self._aftersales_record_signed_consent()
        return res

    def _aftersales_record_signed_consent(self):
        """A quotation signed on the portal is the customer's consent (WTY-17)."""
        for order in self.filtered(
            lambda o: o.aftersales_ticket_id
            and o.signature
            and not o.aftersales_ticket_id.consent_date
        ):
            order.aftersales_ticket_id.sudo().write(
                {
                    "consent_method": "portal",
                    "consent_partner_id": order.partner_id.id,
                    "consent_date": order.signed_on or fields.Datetime.now(),
                }
            )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered("aftersales_ticket_id")._aftersales_sync_approval()
        return orders

    def action_view_aftersales_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.ticket",
            "res_id": self.aftersales_ticket_id.id,
            "view_mode": "form",
        }
