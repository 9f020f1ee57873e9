# The ticket model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

WARRANTY_STATES = [
    ("in_warranty", "In warranty"),
    ("expired", "Expired"),
    ("no_warranty", "No warranty"),
    ("unknown", "Unknown"),
]


class AftersalesTicket(models.Model):
    """Warranty determination (WTY), project link checks and repeat repairs."""

    _inherit = "aftersales.ticket"

    delivery_date = fields.Date(
        compute="_compute_warranty",
        store=True,
        help="When this unit reached this customer: the done delivery of the "
        "serial number, else the done delivery of the sale order line.",
    )
    warranty_start_date = fields.Date(compute="_compute_warranty", store=True)
    warranty_end_date = fields.Date(
        compute="_compute_warranty",
        store=True,
        help="Last day covered by the warranty (inclusive).",
    )
    computed_warranty_state = fields.Selection(
        WARRANTY_STATES, compute="_compute_warranty", store=True
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        compute="_compute_warranty_state",
        store=True,
        tracking=True,
        help="Warranty on the day the problem was reported, unless overridden.",
    )
    warranty_override_state = fields.Selection(
        WARRANTY_STATES,
        string="Warranty Override",
        tracking=True,
        copy=False,
        help="Set to force the warranty state; a reason is required.",
    )
    warranty_override_reason = fields.Char(tracking=True, copy=False)
    repeat_ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="Repeat of",
        compute="_compute_repeat_ticket_id",
        store=True,
        help="An earlier ticket for the same unit closed shortly before this one "
        "was reported: the same problem must not need repairing twice.",
    )
    is_repeat = fields.Boolean(
        compute="_compute_repeat_ticket_id", store=True, string="Repeat Repair"
    )

    # ------------------------------------------------------------------
    # Warranty
    # ------------------------------------------------------------------
    @api.depends(
        "product_id.aftersales_warranty_duration",
        "product_id.aftersales_warranty_unit",
        "product_id.aftersales_warranty_basis",
        "lot_id",
        "sale_order_id.date_order",
        "sale_line_id",
        "request_date",
        "commercial_partner_id",
    )
    def _compute_warranty(self):
        deliveries = self._get_delivery_dates()
        invoices = self._get_invoice_dates()
        for ticket in self:
            ticket.delivery_date = deliveries.get(ticket)
            template = ticket.product_id.product_tmpl_id
            if not template:
                ticket.warranty_start_date = False
                ticket.warranty_end_date = False
                ticket.computed_warranty_state = "unknown"
                continue
            if not template.aftersales_warranty_duration:
                ticket.warranty_start_date = False
                ticket.warranty_end_date = False
                ticket.computed_warranty_state = "no_warranty"
                continue
            start = {
                "delivery": ticket.delivery_date,
                "invoice": invoices.get(ticket),
                "sale": ticket.sale_order_id.date_order
                and ticket.sale_order_id.date_order.date(),
            }[template.aftersales_warranty_basis]
            ticket.warranty_start_date = start
            if not start:
                ticket.warranty_end_date = False
                ticket.computed_warranty_state = "unknown"
                continue
            end = (
                start
                + relativedelta(
                    **{
                        f"{template.aftersales_warranty_unit}s": (
                            template.aftersales_warranty_duration
                        )
                    }
                )
                - relativedelta(days=1)
            )
            ticket.warranty_end_date = end
            reported = (ticket.request_date or fields.Datetime.now()).date()
            ticket.computed_warranty_state = (
                "in_warranty" if reported <= end else "expired"
            )

    @api.depends("computed_warranty_state", "warranty_override_state")
    def _compute_warranty_state(self):
        for ticket in self:
            ticket.warranty_state = (
                ticket.warranty_override_state or ticket.computed_warranty_state
            )

    def _get_delivery_dates(self):
        """{ticket: date} of the unit's delivery to the customer, in two queries."""
        result = {}
        lots = self.lot_id
        lot_dates = {}
        if lots:
            move_lines = self.env["stock.move.line"].search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ],
                order="date desc",
            )
            for move_line in move_lines:
                partner = move_line.picking_id.partner_id.commercial_partner_id
                lot_dates.setdefault((move_line.lot_id, partner), move_line.date.date())
                lot_dates.setdefault((move_line.lot_id, None), move_line.date.date())
        for ticket in self:
            if ticket.lot_id:
                date = lot_dates.get(
                    (ticket.lot_id, ticket.commercial_partner_id)
                ) or lot_dates.get((ticket.lot_id, None))
                if date:
                    result[ticket] = date
                    continue
            sale_lines = ticket._get_warranty_sale_lines()
            moves = sale_lines.move_ids.filtered(
                lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
            )
            if moves:
                result[ticket] = max(moves.mapped("date")).date()
        return result

    def _get_invoice_dates(self):
        result = {}
        for ticket in self.filtered(
            lambda t: t.product_id.aftersales_warranty_basis == "invoice"
        ):
            invoices = ticket._get_warranty_sale_lines().invoice_lines.move_id.filtered(
                lambda m: m.state == "posted" and m.move_type == "out_invoice"
            )
            dates = [d for d in invoices.mapped("invoice_date") if d]
            if dates:
                result[ticket] = min(dates)
        return result

    def _get_warranty_sale_lines(self):
        self.ensure_one()
        if self.sale_line_id:
            return self.sale_line_id
        if self.sale_order_id and self.product_id:
            return self.sale_order_id.order_line.filtered(
                lambda line: line.product_id == self.product_id
            )
        return self.env["sale.order.line"]

    def action_recompute_warranty(self):
        """Recompute after a late delivery or invoice of the unit."""
        for fname in (
            "delivery_date",
            "warranty_start_date",
            "warranty_end_date",
            "computed_warranty_state",
        ):
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset()
        return True

    # ------------------------------------------------------------------
    # Repeat repairs (SLA-23)
    # ------------------------------------------------------------------
    @api.depends("lot_id", "product_id", "commercial_partner_id", "request_date")
    def _compute_repeat_ticket_id(self):
        candidates = self._get_repeat_candidates()
        for ticket in self:
            window = relativedelta(days=ticket.company_id.aftersales_repeat_days)
            reported = ticket.request_date or fields.Datetime.now()
            repeat = False
            for other in candidates:
                if other == ticket or other.id == ticket._origin.id:
                    continue
                if not other.closed_date or other.closed_date > reported:
                    continue
                if other.closed_date < reported - window:
                    continue
                if ticket.lot_id:
                    same_unit = other.lot_id == ticket.lot_id
                else:
                    same_unit = (
                        ticket.product_id
                        and not other.lot_id
                        and other.product_id == ticket.product_id
                        and other.commercial_partner_id == ticket.commercial_partner_id
                    )
                if same_unit:
                    repeat = other
                    break
            ticket.repeat_ticket_id = repeat
            ticket.is_repeat = bool(repeat)

    def _get_repeat_candidates(self):
        """Closed tickets that may be the original of a repeat, in one search."""
        products = self.product_id | self.lot_id.product_id
        if not products:
            return self.browse()
        return self.search(
            [
                ("product_id", "in", products.ids),
                ("is_closed", "=", True),
                ("closed_date", "!=", False),
            ],
            order="closed_date desc",
        )

    # ------------------------------------------------------------------
    # Consistency of the project link (bad input)
    # ------------------------------------------------------------------
    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for ticket in self.filtered("lot_id"):
            if ticket.product_id and ticket.lot_id.product_id != ticket.product_id:
                raise ValidationError(
                    _(
                        "The serial number %(lot)s belongs to %(lot_product)s, not to "
                        "%(product)s.",
                        lot=ticket.lot_id.name,
                        lot_product=ticket.lot_id.product_id.display_name,
                        product=ticket.product_id.display_name,
                    )
                )

    @api.constrains("sale_order_id", "partner_id")
    def _check_sale_order_partner(self):
        for ticket in self.filtered("sale_order_id"):
            order = ticket.sale_order_id
            if order.partner_id.commercial_partner_id != ticket.commercial_partner_id:
                raise ValidationError(
                    _(
                        "The sale order %(order)s belongs to %(order_partner)s, not to "
                        "the customer %(partner)s of this ticket.",
                        order=order.name,
                        order_partner=order.partner_id.commercial_partner_id.display_name,
                        partner=ticket.commercial_partner_id.display_name,
                    )
                )
            if order.state != "sale":
                raise ValidationError(
                    _(
                        "The sale order %(order)s is not confirmed.",
                        order=order.name,
                    )
                )

    @api.constrains("sale_line_id", "sale_order_id")
    def _check_sale_line_order(self):
        for ticket in self.filtered("sale_line_id"):
            if ticket.sale_line_id.order_id != ticket.sale_order_id:
                raise ValidationError(
                    _(
                        "The sale order line %(line)s is not part of the sale order "
                        "%(order)s.",
                        line=ticket.sale_line_id.display_name,
                        order=ticket.sale_order_id.name or _("(none)"),
                    )
                )

    @api.constrains("warranty_override_state", "warranty_override_reason")
    def _check_warranty_override_reason(self):
        for ticket in self.filtered("warranty_override_state"):
            if not (ticket.warranty_override_reason or "").strip():
                raise ValidationError(
                    _(
                        "Give a reason for overriding the warranty of %(ticket)s.",
                        ticket=ticket.display_name,
                    )
                )

    @api.onchange("sale_line_id")
    def _onchange_sale_line_id(self):
        if self.sale_line_id and not self.sale_order_id:
            self.sale_order_id = self.sale_line_id.order_id

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id and not self.sale_order_id:
            # Technicians need not read stock moves to get the proposal.
            move_line = (
                self.env["stock.move.line"]
                .sudo()
                .search(
                    [
                        ("lot_id", "=", self.lot_id.id),
                        ("state", "=", "done"),
                        ("location_dest_id.usage", "=", "customer"),
                        ("move_id.sale_line_id", "!=", False),
                    ],
                    order="date desc",
                    limit=1,
                )
            )
            sale_line = move_line.move_id.sale_line_id.sudo(False)
            if sale_line.order_id.partner_id.commercial_partner_id == (
                self.partner_id.commercial_partner_id
            ):
                self.sale_order_id = sale_line.order_id
                self.sale_line_id = sale_line
