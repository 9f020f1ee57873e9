# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .aftersales_guarded_mixin import guarded_action
from .aftersales_sla_policy import TIME_BASES

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("expired", "Ended"),
    ("cancelled", "Cancelled"),
]

CONTRACT_TYPES = [
    ("maintenance", "Maintenance contract"),
    ("extended_warranty", "Extended warranty"),
    ("full_service", "Full service"),
]

COVERAGES = [
    ("included", "Included"),
    ("discount", "Discount"),
    ("excluded", "Excluded"),
]

# the kinds of quotation lines a contract covers (labour, parts, travel)
COVERAGE_KINDS = ("labour", "parts", "travel")

INVOICING_PERIODS = [
    ("once", "Once, for the whole term"),
    ("month", "Monthly"),
    ("quarter", "Quarterly"),
    ("year", "Yearly"),
]
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}

# action -> (from states, to state)
CONTRACT_STEPS = {
    "activate": (("draft",), "active"),
    "expire": (("active",), "expired"),
    "cancel": (("draft", "active"), "cancelled"),
    "draft": (("cancelled",), "draft"),
}


class AftersalesContract(models.Model):
    """Service contract (维保合同, category B service, WTY-16): what units of
    a customer it covers and when, how labour, parts and travel are charged on
    their tickets, its own SLA targets, the preventive visits it includes and
    its price, invoiced through sale orders. An extended warranty is one of
    its types (WTY-13)."""

    _name = "aftersales.contract"
    _description = "After-Sales Service Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.guarded.mixin"]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = ("state",)
    _order = "date_start desc, id desc"
    _rec_names_search = ["name", "partner_id.name"]
    _check_company_auto = True

    # ------------------------------------------------------------------
    # The contract
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    title = fields.Char(tracking=True, help="e.g. Annual maintenance of the chillers")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The customer company; its contacts' units are covered.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="The salesman who gets the renewal reminder.",
    )
    contract_type = fields.Selection(
        CONTRACT_TYPES, required=True, default="maintenance", tracking=True
    )
    state = fields.Selection(
        CONTRACT_STATES, default="draft", required=True, tracking=True, copy=False
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(
        string="End",
        required=True,
        tracking=True,
        help="Last day covered (inclusive); from the next day the contract "
        "covers nothing.",
    )
    note = fields.Html(string="Terms")

    # ------------------------------------------------------------------
    # Covered units
    # ------------------------------------------------------------------
    coverage_scope = fields.Selection(
        [
            ("equipment", "Listed units"),
            ("product", "All units of listed products"),
        ],
        string="Covers",
        required=True,
        default="equipment",
    )
    equipment_ids = fields.Many2many(
        "aftersales.equipment",
        string="Covered Units",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Covered Products",
        check_company=True,
        help="Every unit of these products the customer owns is covered.",
    )
    covered_equipment_count = fields.Integer(
        string="Covered Units (count)", compute="_compute_covered_equipment_count"
    )

    # ------------------------------------------------------------------
    # Coverage of labour, parts and travel on the covered units' tickets
    # ------------------------------------------------------------------
    labour_coverage = fields.Selection(COVERAGES, required=True, default="included")
    labour_discount = fields.Float(string="Labour Discount (%)")
    parts_coverage = fields.Selection(COVERAGES, required=True, default="discount")
    parts_discount = fields.Float(string="Parts Discount (%)", default=10.0)
    travel_coverage = fields.Selection(COVERAGES, required=True, default="included")
    travel_discount = fields.Float(string="Travel Discount (%)")

    # ------------------------------------------------------------------
    # Service levels: override the SLA policy on the covered units' tickets
    # ------------------------------------------------------------------
    response_hours = fields.Float(
        string="Response Target (hours)",
        help="Empty: the ticket's SLA policy gives the response target.",
    )
    response_basis = fields.Selection(
        TIME_BASES, string="Response Counted In", required=True, default="clock"
    )
    resolution_hours = fields.Float(
        string="Resolution Target (hours)",
        help="Empty: the ticket's SLA policy gives the resolution target.",
    )
    resolution_basis = fields.Selection(
        TIME_BASES, string="Resolution Counted In", required=True, default="working"
    )
    onsite_hours = fields.Float(
        string="On-Site Target (hours)",
        help="Hours within which a technician is on site after the report.",
    )
    onsite_basis = fields.Selection(
        TIME_BASES, string="On-Site Counted In", required=True, default="clock"
    )
    preventive_visit_count = fields.Integer(
        string="Included Preventive Visits",
        help="Preventive maintenance visits (巡检/保养) included in the price.",
    )

    # ------------------------------------------------------------------
    # Price and invoicing (through sale orders, no own accounting)
    # ------------------------------------------------------------------
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(tracking=True, help="Untaxed price of the whole term.")
    invoicing_period = fields.Selection(
        INVOICING_PERIODS, required=True, default="once"
    )
    product_id = fields.Many2one(
        "product.product",
        string="Contract Service Product",
        check_company=True,
        domain=[("type", "=", "service"), ("sale_ok", "=", True)],
        default=lambda self: self.env.ref(
            "aftersales_service.product_service_contract", raise_if_not_found=False
        ),
    )
    sale_order_ids = fields.One2many(
        "sale.order", "aftersales_contract_id", string="Sale Orders"
    )
    sale_order_count = fields.Integer(compute="_compute_sale_order_count")
    renewal_reminder_days = fields.Integer(
        string="Renewal Reminder (days)",
        default=30,
        help="Days before the end when the responsible gets a renewal to-do; "
        "0 for none.",
    )
    renewal_reminded = fields.Boolean(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Tickets on the covered units
    # ------------------------------------------------------------------
    ticket_ids = fields.One2many("aftersales.ticket", "contract_id", string="Tickets")
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    # next steps: which header buttons apply (computed from the refusals)
    can_activate = fields.Boolean(compute="_compute_can_actions")
    can_cancel = fields.Boolean(compute="_compute_can_actions")
    can_draft = fields.Boolean(compute="_compute_can_actions")
    can_create_sale_order = fields.Boolean(compute="_compute_can_actions")
    can_create_maintenance_plans = fields.Boolean(compute="_compute_can_actions")
    maintenance_plan_ids = fields.One2many(
        "aftersales.maintenance.plan",
        "contract_id",
        string="Maintenance Plans",
        help="The preventive maintenance plans of the visits the contract "
        "includes; archived when it ends.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The contract reference must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("name", "title")
    def _compute_display_name(self):
        for contract in self:
            contract.display_name = (
                f"{contract.name} - {contract.title}"
                if contract.title
                else contract.name
            )

    @api.depends("coverage_scope", "equipment_ids", "product_ids", "partner_id")
    def _compute_covered_equipment_count(self):
        for contract in self:
            contract.covered_equipment_count = len(contract._covered_equipment())

    def _compute_sale_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("aftersales_contract_id", "in", self.ids)],
                ["aftersales_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.sale_order_count = counts.get(contract, 0)

    def _compute_ticket_count(self):
        counts = dict(
            self.env["aftersales.ticket"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.ticket_count = counts.get(contract, 0)

    @api.depends(
        "state",
        "price",
        "product_id",
        "invoicing_period",
        "date_start",
        "date_end",
        "sale_order_ids.state",
        "equipment_ids",
        "product_ids",
        "coverage_scope",
    )
    @api.depends_context("uid")
    def _compute_can_actions(self):
        for contract in self:
            contract.can_activate = not contract._refusal_activate()
            contract.can_cancel = not contract._refusal_step("cancel")
            contract.can_draft = not contract._refusal_step("draft")
            contract.can_create_sale_order = not contract._refusal_create_sale_order()
            contract.can_create_maintenance_plans = (
                not contract._refusal_create_maintenance_plans()
            )

    # ------------------------------------------------------------------
    # Constraints (bad input)
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end < contract.date_start:
                raise ValidationError(
                    _(
                        "Contract %(contract)s ends (%(end)s) before it starts "
                        "(%(start)s).",
                        contract=contract.display_name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.constrains("equipment_ids", "partner_id")
    def _check_equipment_owner(self):
        for contract in self:
            customer = contract.partner_id.commercial_partner_id
            foreign = contract.equipment_ids.filtered(
                lambda e, customer=customer: e.commercial_partner_id != customer
            )
            if foreign:
                raise ValidationError(
                    _(
                        "Contract %(contract)s is %(customer)s's: it cannot "
                        "cover %(units)s, owned by another customer.",
                        contract=contract.display_name,
                        customer=customer.display_name,
                        units=", ".join(foreign.mapped("display_name")),
                    )
                )

    @api.constrains("labour_discount", "parts_discount", "travel_discount")
    def _check_discounts(self):
        for contract in self:
            for kind in COVERAGE_KINDS:
                discount = contract[f"{kind}_discount"]
                if discount < 0 or discount > 100:
                    raise ValidationError(
                        _(
                            "The %(kind)s discount of contract %(contract)s "
                            "must be between 0 and 100%%, not %(discount)s%%.",
                            kind=contract._coverage_kind_labels()[kind],
                            contract=contract.display_name,
                            discount=discount,
                        )
                    )

    @api.constrains(
        "response_hours",
        "resolution_hours",
        "onsite_hours",
        "preventive_visit_count",
        "price",
        "renewal_reminder_days",
    )
    def _check_amounts(self):
        for contract in self:
            values = (
                contract.response_hours,
                contract.resolution_hours,
                contract.onsite_hours,
                contract.preventive_visit_count,
                contract.price,
                contract.renewal_reminder_days,
            )
            if any(value < 0 for value in values):
                raise ValidationError(
                    _(
                        "Targets, included visits, price and reminder days of "
                        "contract %(contract)s cannot be negative.",
                        contract=contract.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )
        commercial = {p.id: p.commercial_partner_id.id for p in partners}
        for vals in vals_list:
            # a contract is the customer company's, whichever contact signed
            if vals.get("partner_id"):
                vals["partner_id"] = commercial[vals["partner_id"]]
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                )._aftersales_next_by_code("aftersales.contract") or _("New")
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        if "date_end" in vals:
            # a new end is a new renewal date to be reminded of
            vals.setdefault("renewal_reminded", False)
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @guarded_action
    def _aftersales_contract_step(self, step, body=None):
        self.write({"state": CONTRACT_STEPS[step][1]})
        if CONTRACT_STEPS[step][1] in ("expired", "cancelled"):
            # the included visits end with the contract
            self.sudo().maintenance_plan_ids.write({"active": False})
        if body:
            for contract in self:
                contract.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    def action_activate(self):
        """Start covering the units (draft contracts)."""
        self._aftersales_ensure("_refusal_activate")
        self._aftersales_contract_step(
            "activate", _("Contract activated by %s.", self.env.user.name)
        )
        self._recompute_open_tickets()
        return True

    def action_cancel(self):
        self._aftersales_ensure_step("cancel")
        self._aftersales_contract_step(
            "cancel", _("Contract cancelled by %s.", self.env.user.name)
        )
        self._recompute_open_tickets()
        return True

    def action_draft(self):
        self._aftersales_ensure_step("draft")
        return self._aftersales_contract_step("draft")

    def action_create_sale_order(self):
        """Quote the next invoicing period of the contract (the whole term
        when invoiced once) as a sale order with the contract service
        product, and open it."""
        self.ensure_one()
        self._aftersales_ensure("_refusal_create_sale_order")
        order = self.env["sale.order"].create(self._prepare_sale_order_vals())
        self.message_post(
            body=_("Quotation %s created for the contract.", order.name),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    def action_create_maintenance_plans(self):
        """One preventive maintenance plan per covered unit that has none
        from this contract, spreading the included visits over the term
        (FLD-14): 2 visits a year is one every 6 months."""
        self._aftersales_ensure("_refusal_create_maintenance_plans")
        Plan = self.env["aftersales.maintenance.plan"]
        vals_list = []
        today = fields.Date.context_today(self)
        for contract in self:
            planned = contract.with_context(active_test=False).maintenance_plan_ids
            months = contract._term_months()
            interval = max(1, months // contract.preventive_visit_count)
            for unit in contract._plannable_equipment() - planned.equipment_id:
                vals_list.append(
                    Plan._prepare_plan_vals_for_equipment(
                        unit,
                        {
                            "contract_id": contract.id,
                            "interval_number": interval,
                            "interval_unit": "month",
                            "start_date": max(today, contract.date_start)
                            + relativedelta(months=interval),
                            "technician_id": unit.technician_id.id,
                        },
                    )
                )
        plans = Plan.create(vals_list)
        for contract in self:
            created = plans.filtered(lambda p, c=contract: p.contract_id == c)
            # the officer plans but does not edit the contract: the note is
            # theirs, posted by the server
            contract.sudo().message_post(
                body=_(
                    "%(count)s maintenance plans created for the included visits.",
                    count=len(created),
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_sale_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("aftersales_contract_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_ticket"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_equipment"
        )
        action["domain"] = [("id", "in", self._covered_equipment().ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business helpers: button guards (the reason an action is refused, or
    # False; the can_* fields and the actions both use them)
    # ------------------------------------------------------------------
    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _refusal_rights(self):
        """Salesmen sell and manage contracts, after-sales administrators
        too; technicians read them."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group("sales_team.group_sale_salesman")
            or user.has_group("aftersales_service.group_aftersales_manager")
        ):
            return False
        return _(
            "Only salesmen and after-sales administrators manage service " "contracts."
        )

    def _refusal_step(self, step):
        self.ensure_one()
        sources, target = CONTRACT_STEPS[step]
        reason = self._refusal_rights()
        if reason:
            return reason
        if self.state not in sources:
            return _(
                "Contract %(contract)s is %(state)s: it cannot become %(target)s.",
                contract=self.display_name,
                state=self._state_label(self.state),
                target=self._state_label(target),
            )
        return False

    def _aftersales_ensure_step(self, step):
        for contract in self:
            reason = contract._refusal_step(step)
            if reason:
                raise UserError(reason)

    def _refusal_activate(self):
        self.ensure_one()
        reason = self._refusal_step("activate")
        if reason:
            return reason
        if self.coverage_scope == "equipment" and not self.equipment_ids:
            return _(
                "Contract %(contract)s covers no unit: add the covered units "
                "before activating it.",
                contract=self.display_name,
            )
        if self.coverage_scope == "product" and not self.product_ids:
            return _(
                "Contract %(contract)s covers no product: add the covered "
                "products before activating it.",
                contract=self.display_name,
            )
        if self.date_end and self.date_end < fields.Date.context_today(self):
            return _(
                "Contract %(contract)s ended on %(end)s: it cannot be activated.",
                contract=self.display_name,
                end=self.date_end,
            )
        return False

    def _refusal_create_maintenance_plans(self):
        self.ensure_one()
        user = self.env.user
        if not (
            self.env.su or user.has_group("aftersales_service.group_aftersales_officer")
        ):
            return _("Only after-sales officers plan the maintenance of units.")
        if self.state != "active":
            return _(
                "Contract %(contract)s is %(state)s: only an active contract "
                "plans its visits.",
                contract=self.display_name,
                state=self._state_label(self.state),
            )
        if self.preventive_visit_count <= 0:
            return _("Contract %s includes no preventive visit.", self.display_name)
        planned = self.with_context(active_test=False).maintenance_plan_ids
        if not self._plannable_equipment() - planned.equipment_id:
            return _(
                "Every unit of contract %s has its maintenance plan.",
                self.display_name,
            )
        return False

    def _refusal_create_sale_order(self):
        self.ensure_one()
        reason = self._refusal_rights()
        if reason:
            return reason
        if self.state not in ("draft", "active"):
            return _(
                "Contract %(contract)s is %(state)s: it is not quoted any more.",
                contract=self.display_name,
                state=self._state_label(self.state),
            )
        if not self.product_id or self.price <= 0:
            return _(
                "Set the price and the contract service product of %(contract)s "
                "before quoting it.",
                contract=self.display_name,
            )
        if self._next_period_index() is None:
            return _(
                "Every invoicing period of contract %(contract)s has its sale "
                "order.",
                contract=self.display_name,
            )
        return False

    # ------------------------------------------------------------------
    # Business helpers: invoicing periods and the sale order
    # ------------------------------------------------------------------
    def _invoicing_periods(self):
        """[(first day, last day)] of the invoicing periods of the term."""
        self.ensure_one()
        if not (self.date_start and self.date_end):
            return []
        if self.invoicing_period == "once":
            return [(self.date_start, self.date_end)]
        step = relativedelta(months=PERIOD_MONTHS[self.invoicing_period])
        periods, start, index = [], self.date_start, 1
        while start <= self.date_end:
            end = min(
                self.date_start + step * index - relativedelta(days=1), self.date_end
            )
            periods.append((start, end))
            start = end + relativedelta(days=1)
            index += 1
        return periods

    def _next_period_index(self):
        """Index of the first period without a sale order, or None."""
        self.ensure_one()
        ordered = len(self.sale_order_ids.filtered(lambda o: o.state != "cancel"))
        return ordered if ordered < len(self._invoicing_periods()) else None

    def _period_price(self, index):
        """Price of period ``index``: the price shared out evenly, the last
        period taking the rounding difference so the periods sum up to it."""
        self.ensure_one()
        count = len(self._invoicing_periods())
        share = self.currency_id.round(self.price / count)
        if index == count - 1:
            return self.currency_id.round(self.price - share * (count - 1))
        return share

    def _prepare_sale_order_line_vals(self, index):
        self.ensure_one()
        start, end = self._invoicing_periods()[index]
        return {
            "product_id": self.product_id.id,
            "product_uom_qty": 1.0,
            "price_unit": self._period_price(index),
            "name": _(
                "%(product)s\nContract %(contract)s, %(start)s - %(end)s",
                product=self.product_id.display_name,
                contract=self.display_name,
                start=start,
                end=end,
            ),
        }

    def _prepare_sale_order_vals(self):
        self.ensure_one()
        index = self._next_period_index()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "origin": self.name,
            "aftersales_contract_id": self.id,
            "order_line": [Command.create(self._prepare_sale_order_line_vals(index))],
        }

    # ------------------------------------------------------------------
    # Business helpers: coverage
    # ------------------------------------------------------------------
    def _coverage_kind_labels(self):
        return {
            "labour": _("labour"),
            "parts": _("parts"),
            "travel": _("travel"),
        }

    def _covered_equipment(self):
        """The units the contract covers (whatever its dates and state)."""
        self.ensure_one()
        if self.coverage_scope == "equipment":
            return self.equipment_ids
        if not (self.product_ids and self.partner_id):
            return self.env["aftersales.equipment"]
        return self.env["aftersales.equipment"].search(
            [
                ("commercial_partner_id", "=", self.partner_id.id),
                ("product_id", "in", self.product_ids.ids),
                ("company_id", "=", self.company_id.id),
            ]
        )

    def _plannable_equipment(self):
        """Covered units still in the field."""
        return self._covered_equipment().filtered(lambda u: u.state != "retired")

    def _term_months(self):
        """Whole months of the contract's term (at least one)."""
        self.ensure_one()
        term = relativedelta(self.date_end + relativedelta(days=1), self.date_start)
        return max(1, term.years * 12 + term.months)

    def _covers(self, equipment):
        self.ensure_one()
        if self.company_id != equipment.company_id:
            return False
        if self.coverage_scope == "equipment":
            return equipment in self.equipment_ids
        return (
            equipment.commercial_partner_id == self.partner_id
            and equipment.product_id in self.product_ids
        )

    @api.model
    def _find_for_units(self, units_days):
        """{(equipment, day): contract} covering each unit on its day, for
        ``units_days`` an iterable of (equipment, date) pairs: active
        contracts, and expired ones for days within their term (a ticket
        reported while the contract ran). One search for all units; the
        latest-starting contract wins where several overlap."""
        pairs = [(unit, day) for unit, day in units_days if unit and day]
        if not pairs:
            return {}
        units = self.env["aftersales.equipment"].browse(
            {unit.id for unit, _day in pairs}
        )
        days = [day for _unit, day in pairs]
        # coverage is the contract's fact, whoever reads the unit or ticket
        contracts = self.sudo().search(
            [
                ("state", "in", ("active", "expired")),
                ("partner_id", "in", units.sudo().commercial_partner_id.ids),
                ("company_id", "in", units.sudo().company_id.ids),
                ("date_start", "<=", max(days)),
                ("date_end", ">=", min(days)),
            ],
            order="date_start desc, id desc",
        )
        result = {}
        for unit, day in pairs:
            unit_sudo = unit.sudo()
            result[(unit, day)] = next(
                (
                    self.browse(contract.id)
                    for contract in contracts
                    if contract.date_start <= day <= contract.date_end
                    and contract._covers(unit_sudo)
                ),
                self.browse(),
            )
        return result

    @api.model
    def _coverage_kind(self, product, company):
        """``labour``, ``travel`` or ``parts``: how a quotation line of
        ``product`` counts in ``company`` (its labour and travel products,
        anything else is a part)."""
        if product == company.aftersales_labour_product_id:
            return "labour"
        if product == company.aftersales_travel_product_id:
            return "travel"
        return "parts"

    def _coverage_of(self, kind):
        """(coverage, percent of the price the contract takes over) for the
        line kind ``labour``, ``parts`` or ``travel``."""
        self.ensure_one()
        coverage = self[f"{kind}_coverage"]
        percent = {
            "included": 100.0,
            "discount": self[f"{kind}_discount"],
            "excluded": 0.0,
        }[coverage]
        return coverage, percent

    def _coverage_summary(self):
        """One line naming the contract and how it covers each kind."""
        self.ensure_one()
        labels = self._coverage_kind_labels()
        items = []
        for kind in COVERAGE_KINDS:
            coverage, percent = self._coverage_of(kind)
            if coverage == "included":
                items.append(_("%s included", labels[kind]))
            elif coverage == "discount":
                items.append(
                    _("%(kind)s %(pct)s%% off", kind=labels[kind], pct=percent)
                )
            else:
                items.append(_("%s not covered", labels[kind]))
        return _(
            "Service contract %(contract)s: %(terms)s.",
            contract=self.display_name,
            terms=", ".join(items),
        )

    def _recompute_open_tickets(self):
        """The open tickets of the covered units follow the contract being
        activated or cancelled (closed ones keep the terms they had)."""
        units = self.env["aftersales.equipment"]
        for contract in self:
            units |= contract._covered_equipment()
        tickets = (
            self.env["aftersales.ticket"]
            .sudo()
            .search(
                [
                    "|",
                    ("equipment_id", "in", units.ids),
                    ("contract_id", "in", self.ids),
                    ("is_closed", "=", False),
                ]
            )
        )
        # what depends on the unit (its contract, then the category and the
        # deadlines) is computed again
        tickets.modified(["equipment_id"])

    # ------------------------------------------------------------------
    # Business helpers: scheduled action (expiry, renewal reminders)
    # ------------------------------------------------------------------
    @api.model
    def _cron_contract_daily(self):
        """Daily: expire the active contracts past their end and give the
        responsible of those ending soon a renewal to-do, in batch."""
        today = fields.Date.context_today(self)
        ended = self.search([("state", "=", "active"), ("date_end", "<", today)])
        ended._aftersales_contract_step("expire")
        candidates = self.search(
            [
                ("state", "=", "active"),
                ("renewal_reminded", "=", False),
                ("renewal_reminder_days", ">", 0),
            ]
        )
        due = candidates.filtered(
            lambda c: c.date_end - relativedelta(days=c.renewal_reminder_days) <= today
        )
        due._schedule_renewal_reminders()

    def _schedule_renewal_reminders(self):
        if not self:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        summary = _("Renew the service contract")
        vals_list = []
        # a loop, not a comprehension: ``_`` finds the language in this frame
        for contract in self:
            note = _(
                "Contract %(contract)s of %(customer)s ends on %(end)s.",
                contract=contract.display_name,
                customer=contract.partner_id.display_name,
                end=contract.date_end,
            )
            vals_list.append(
                {
                    "activity_type_id": todo.id,
                    "res_model_id": model_id,
                    "res_id": contract.id,
                    "user_id": (contract.user_id or contract.create_uid).id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": max(
                        contract.date_end
                        - relativedelta(days=contract.renewal_reminder_days),
                        fields.Date.context_today(contract),
                    ),
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            vals_list
        )
        self.write({"renewal_reminded": True})
