# The ticket model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class AftersalesTicket(models.Model):
    """Paid service: quotations, customer consent and invoicing (REP-01..10,
    WTY-03, WTY-06, WTY-17)."""

    _inherit = "aftersales.ticket"

    quotation_ids = fields.One2many(
        "sale.order", "aftersales_ticket_id", string="Quotations"
    )
    quotation_count = fields.Integer(compute="_compute_quotation_amounts")
    currency_id = fields.Many2one(related="company_id.currency_id")
    quoted_amount = fields.Monetary(
        compute="_compute_quotation_amounts", string="Confirmed Amount"
    )
    invoiced_amount = fields.Monetary(compute="_compute_quotation_amounts")
    paid_amount = fields.Monetary(compute="_compute_quotation_amounts")
    has_confirmed_quotation = fields.Boolean(compute="_compute_quotation_amounts")
    quote_labour_hours = fields.Float(
        string="Estimated Labour Hours",
        default=1.0,
        help="Hours quoted with the company's labour product (REP-02).",
    )
    quote_travel = fields.Boolean(help="Add the travel product to the quotation.")
    warranty_exclusion_id = fields.Many2one(
        "aftersales.warranty.exclusion",
        tracking=True,
        help="Why this unit is charged although it is under warranty (WTY-06).",
    )
    consent_partner_id = fields.Many2one(
        "res.partner",
        string="Consent Given By",
        tracking=True,
        help="Who agreed to the chargeable work (WTY-17).",
    )
    consent_date = fields.Datetime(tracking=True, copy=False)
    consent_method = fields.Selection(
        [("phone", "Phone"), ("written", "Written"), ("portal", "Portal")],
        tracking=True,
        copy=False,
    )

    @api.depends(
        "quotation_ids.state",
        "quotation_ids.amount_total",
        "quotation_ids.invoice_ids.state",
        "quotation_ids.invoice_ids.amount_residual",
    )
    def _compute_quotation_amounts(self):
        for ticket in self:
            orders = ticket.quotation_ids
            confirmed = orders.filtered(lambda o: o.state == "sale")
            invoices = orders.invoice_ids.filtered(
                lambda m: m.state == "posted"
                and m.move_type in ("out_invoice", "out_refund")
            )
            ticket.quotation_count = len(orders)
            ticket.has_confirmed_quotation = bool(confirmed)
            ticket.quoted_amount = sum(confirmed.mapped("amount_total"))
            ticket.invoiced_amount = sum(invoices.mapped("amount_total_signed"))
            ticket.paid_amount = sum(
                inv.amount_total_signed - inv.amount_residual_signed for inv in invoices
            )

    # ------------------------------------------------------------------
    # Quotation
    # ------------------------------------------------------------------
    def _is_free_of_charge(self):
        """Warranty work is quoted at zero unless an exclusion applies."""
        self.ensure_one()
        return self.service_category == "warranty" and not self.warranty_exclusion_id

    def _check_can_create_quotation(self):
        for ticket in self:
            if ticket.is_closed or ticket.is_cancel:
                raise UserError(
                    _(
                        "Ticket %(ticket)s is finished: reopen it before "
                        "creating a quotation.",
                        ticket=ticket.display_name,
                    )
                )
            if not ticket.company_id.aftersales_labour_product_id:
                raise UserError(
                    _(
                        "No labour product is configured for %(company)s: set it "
                        "in After-Sales > Configuration > Settings before "
                        "quoting ticket %(ticket)s.",
                        company=ticket.company_id.name,
                        ticket=ticket.display_name,
                    )
                )

    def _prepare_quotation_line_vals_list(self):
        """Labour, travel and parts lines of the service quotation."""
        self.ensure_one()
        company = self.company_id
        lines = []
        if self.quote_labour_hours > 0:
            lines.append(
                {
                    "product_id": company.aftersales_labour_product_id.id,
                    "product_uom_qty": self.quote_labour_hours,
                }
            )
        if self.quote_travel and company.aftersales_travel_product_id:
            lines.append(
                {
                    "product_id": company.aftersales_travel_product_id.id,
                    "product_uom_qty": 1.0,
                }
            )
        for part in self.visit_ids.filtered(lambda v: v.state != "cancelled").part_ids:
            lines.append(
                {"product_id": part.product_id.id, "product_uom_qty": part.quantity}
            )
        if self._is_free_of_charge():
            for line in lines:
                line["price_unit"] = 0.0
            lines.append(
                {
                    "display_type": "line_note",
                    "name": _("Under warranty: no charge."),
                }
            )
        return lines

    def _prepare_quotation_vals(self):
        self.ensure_one()
        pricelist = self.team_id._get_service_pricelist() if self.team_id else False
        pricelist = pricelist or self.company_id.aftersales_pricelist_id
        vals = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "origin": self.reference,
            "aftersales_ticket_id": self.id,
            "aftersales_warranty_free": self._is_free_of_charge(),
            "order_line": [
                Command.create(line)
                for line in self._prepare_quotation_line_vals_list()
            ],
        }
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        if self.user_id:
            vals["user_id"] = self.user_id.id
        return vals

    def action_create_quotation(self):
        """Create the service quotation of the ticket and open it."""
        self.ensure_one()
        self._check_can_create_quotation()
        order = self.env["sale.order"].create(self._prepare_quotation_vals())
        self.message_post(
            body=_("Quotation %s created.", order._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    def action_view_quotations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("aftersales_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Consent (WTY-17)
    # ------------------------------------------------------------------
    def action_record_consent(self):
        """Record that the customer agreed to the chargeable work now."""
        for ticket in self:
            if not ticket.consent_method:
                raise UserError(
                    _(
                        "Choose how the customer agreed (phone, written or "
                        "portal) on ticket %(ticket)s before recording consent.",
                        ticket=ticket.display_name,
                    )
                )
            ticket.write(
                {
                    "consent_date": fields.Datetime.now(),
                    "consent_partner_id": ticket.consent_partner_id.id
                    or ticket.partner_id.id,
                }
            )
            ticket.message_post(
                body=_(
                    "Consent to the chargeable work given by %(who)s (%(how)s).",
                    who=ticket.consent_partner_id.display_name,
                    how=dict(
                        ticket._fields["consent_method"]._description_selection(
                            self.env
                        )
                    )[ticket.consent_method],
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _has_customer_consent(self):
        self.ensure_one()
        return bool(self.consent_date) or self.has_confirmed_quotation

    def _check_stage_change(self, new_stage):
        super()._check_stage_change(new_stage)
        if not new_stage.requires_consent:
            return
        missing = self.filtered(
            lambda t: t.service_category == "paid"
            and t.stage_id != new_stage
            and not t._has_customer_consent()
        )
        if missing:
            raise UserError(
                _(
                    "Paid work needs the customer's consent before %(tickets)s "
                    "can enter '%(stage)s': confirm the quotation or record the "
                    "consent (who, when, how) on the ticket.",
                    tickets=", ".join(missing.mapped("display_name")),
                    stage=new_stage.name,
                )
            )
