from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, ormcache

from ..tools import cache_unset_computed_columns, url_in_lang
from .aftersales_capa import CAPA_TICKET_FIELDS
from .aftersales_guarded_mixin import guarded_action
from .aftersales_sla_mixin import SLA_OUTCOMES
from .working_time import plan_working_hours

TICKET_PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]

WARRANTY_STATES = [
    ("in_warranty", "In warranty"),
    ("expired", "Expired"),
    ("no_warranty", "No warranty"),
    ("unknown", "Unknown"),
]


class AftersalesTicket(models.Model):
    _name = "aftersales.ticket"
    _description = "After-Sales Ticket"
    _inherit = [
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "aftersales.guarded.mixin",
        "aftersales.sla.mixin",
    ]
    # changed only by the actions below (see aftersales.guarded.mixin); the
    # CAPA's state and approval are guarded on aftersales.capa. The SLA
    # outcomes are decided by the SLA engine, never written by a client.
    _aftersales_guarded_fields = (
        "sla_status",
        "sla_response_outcome",
        "sla_resolution_outcome",
        "response_deadline",
        "resolution_deadline",
        "sla_paused_hours",
        "sla_pause_start",
        "contract_onsite_deadline",
        "contract_onsite_status",
        # dates the SLA and the reports measure from: set by the stage and
        # message hooks, never by a client
        "first_response_date",
        "closed_date",
    )
    _order = "priority desc, id desc"
    _rec_names_search = ["reference", "name", "partner_id.name"]
    _check_company_auto = True
    _primary_email = "partner_email"

    # ------------------------------------------------------------------
    # Identity and customer
    # ------------------------------------------------------------------
    reference = fields.Char(
        required=True, readonly=True, copy=False, index="trigram", default="/"
    )
    name = fields.Char(string="Summary", required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    color = fields.Integer(groups="base.group_user")
    request_date = fields.Datetime(
        string="Reported On",
        required=True,
        default=fields.Datetime.now,
        help="When the customer reported the problem; warranty is judged on this date.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
    partner_phone = fields.Char(
        compute="_compute_partner_contact", store=True, readonly=False, string="Phone"
    )
    partner_email = fields.Char(
        compute="_compute_partner_contact", store=True, readonly=False, string="E-mail"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
        check_company=True,
    )
    team_id = fields.Many2one(
        "aftersales.team", tracking=True, index=True, check_company=True
    )
    stage_id = fields.Many2one(
        "aftersales.ticket.stage",
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self._default_stage_id(),
        domain="['|', ('team_ids', '=', False), "
        "('team_ids', 'in', team_id and [team_id] or [])]",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    is_cancel = fields.Boolean(related="stage_id.is_cancel", store=True)
    closed_date = fields.Datetime(readonly=True, copy=False)
    priority = fields.Selection(TICKET_PRIORITIES, default="1", tracking=True)
    tag_ids = fields.Many2many(
        "aftersales.ticket.tag", string="Tags", groups="base.group_user"
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("letter", "Letter"),
            ("visit", "Visit in person"),
            ("portal", "Portal"),
            ("hotline", "Hotline"),
            ("dealer", "Dealer / agent"),
            ("field", "Field campaign"),
            ("other", "Other"),
        ],
        default="phone",
        required=True,
        tracking=True,
    )
    ticket_type_id = fields.Many2one(
        "aftersales.ticket.type", string="Type", tracking=True, index=True
    )
    ticket_type_code = fields.Char(related="ticket_type_id.code")

    # ------------------------------------------------------------------
    # Project link (TKT-03): one sale order has many tickets
    # ------------------------------------------------------------------
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('state', '=', 'sale'), "
        "('partner_id.commercial_partner_id', '=', commercial_partner_id)]",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sale Order Line",
        domain="[('order_id', '=', sale_order_id), ('display_type', '=', False)]",
    )
    product_id = fields.Many2one(
        "product.product",
        tracking=True,
        index=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        tracking=True,
        index=True,
        domain="[('product_id', '=', product_id)]",
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Equipment",
        compute="_compute_equipment_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="The unit in the field (设备档案) this ticket is about; filled "
        "from the serial number.",
    )

    # ------------------------------------------------------------------
    # Warranty (WTY) and repeat repairs (SLA-23)
    # ------------------------------------------------------------------
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
        WARRANTY_STATES,
        compute="_compute_warranty",
        store=True,
        groups="base.group_user",
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
        groups="base.group_user",
    )
    warranty_override_reason = fields.Char(
        tracking=True, copy=False, groups="base.group_user"
    )
    repeat_ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="Repeat of",
        compute="_compute_repeat_ticket_id",
        store=True,
        help="An earlier ticket for the same unit closed shortly before this one "
        "was reported: the same problem must not need repairing twice.",
        groups="base.group_user",
    )
    is_repeat = fields.Boolean(
        compute="_compute_repeat_ticket_id",
        store=True,
        string="Repeat Repair",
        groups="base.group_user",
    )
    contract_id = fields.Many2one(
        "aftersales.contract",
        string="Service Contract",
        compute="_compute_contract_id",
        store=True,
        index="btree_not_null",
        tracking=True,
        help="The service contract (维保合同) covering the unit on the day the "
        "problem was reported: its coverage and service levels apply.",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Installation issues (WTY-05, INS-02): a unit whose warranty runs from
    # the signed acceptance is the installer's until then
    # ------------------------------------------------------------------
    is_installation_issue = fields.Boolean(
        compute="_compute_is_installation_issue",
        store=True,
        help="Reported on a unit not yet accepted by the customer while its "
        "warranty runs from the signed acceptance: an installation issue, "
        "served free of charge.",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # SLA: working-time deadlines, pauses, first response
    # ------------------------------------------------------------------
    sla_policy_id = fields.Many2one(
        "aftersales.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        readonly=False,
        index=True,
        groups="base.group_user",
    )
    sla_start_date = fields.Datetime(
        string="SLA Start",
        compute="_compute_sla_start_date",
        store=True,
        help="When the SLA clock started: when the customer reported the problem.",
        groups="base.group_user",
    )
    response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, index=True
    )
    contract_onsite_deadline = fields.Datetime(
        string="On-Site Deadline",
        compute="_compute_contract_onsite_deadline",
        store=True,
        help="When a technician must be on site, by the on-site target of the "
        "unit's service contract.",
        groups="base.group_user",
    )
    contract_onsite_status = fields.Selection(
        [
            ("ongoing", "Ongoing"),
            ("met", "Met"),
            ("breached", "Breached"),
        ],
        string="On-Site Target",
        compute="_compute_contract_onsite_status",
        store=True,
        copy=False,
        index="btree_not_null",
        help="Met when the first technician checked in on site before the "
        "on-site deadline of the service contract, breached when the "
        "deadline passed without one; empty without an on-site target.",
        groups="base.group_user",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, index=True
    )
    first_response_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    sla_response_outcome = fields.Selection(
        SLA_OUTCOMES,
        string="Response SLA",
        compute="_compute_sla_outcomes",
        store=True,
        copy=False,
        groups="base.group_user",
        help="Met or breached once the response target is decided; read by "
        "the reports.",
    )
    sla_resolution_outcome = fields.Selection(
        SLA_OUTCOMES,
        string="Resolution SLA",
        compute="_compute_sla_outcomes",
        store=True,
        copy=False,
        groups="base.group_user",
        help="Met or breached once the resolution target is decided; read by "
        "the reports.",
    )
    sla_response_met = fields.Boolean(
        string="Response SLA Met",
        compute="_compute_sla_met",
        store=True,
        copy=False,
        groups="base.group_user",
    )
    sla_resolution_met = fields.Boolean(
        string="Resolution SLA Met",
        compute="_compute_sla_met",
        store=True,
        copy=False,
        groups="base.group_user",
    )
    # Not stored: reports aggregate it in SQL from the stored status (see
    # _field_to_sql), so tickets still running count in no average.
    sla_success_rate = fields.Float(
        string="SLA Met Rate (%)",
        compute="_compute_sla_success_rate",
        aggregator="avg",
        help="100 when the SLA was met, 0 when breached; averaged in reports "
        "over the tickets whose SLA is decided.",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Diagnosis (CMP-01..05, WTY)
    # ------------------------------------------------------------------
    quality_issue = fields.Selection(
        [
            ("pending", "Pending"),
            ("confirmed", "Confirmed"),
            ("not_confirmed", "Not confirmed"),
        ],
        default="pending",
        required=True,
        tracking=True,
        groups="base.group_user",
    )
    defect_code_id = fields.Many2one(
        "aftersales.defect.code",
        string="Defect Code",
        tracking=True,
        index=True,
        groups="base.group_user",
    )
    responsibility = fields.Selection(
        [
            ("design", "Design"),
            ("manufacturing", "Manufacturing"),
            ("material", "Material"),
            ("supplier", "Supplier"),
            ("installation", "Installation"),
            ("transport", "Transport"),
            ("customer", "Customer"),
            ("force_majeure", "Force majeure"),
            ("unknown", "Unknown"),
        ],
        string="Responsible Department",
        tracking=True,
        groups="base.group_user",
    )
    root_cause = fields.Text(groups="base.group_user")
    corrective_action = fields.Text(groups="base.group_user")
    preventive_action = fields.Text(groups="base.group_user")
    is_major_issue = fields.Boolean(
        string="Major Quality Issue", tracking=True, groups="base.group_user"
    )
    resolution_type = fields.Selection(
        [
            ("remote", "Remote / phone guidance"),
            ("onsite_repair", "On-site repair"),
            ("return_repair", "Return for repair"),
            ("replacement", "Replacement"),
            ("refund", "Refund"),
            ("no_fault_found", "No fault found"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    service_category = fields.Selection(
        [
            ("paid", "A - Paid service"),
            ("contract", "B - Contract service"),
            ("warranty", "C - Warranty service"),
            ("internal", "D - Internal service"),
        ],
        compute="_compute_service_category",
        store=True,
        readonly=False,
        tracking=True,
    )

    # ------------------------------------------------------------------
    # Complaint corrective and preventive actions (CAPA, CMP-03..06)
    # ------------------------------------------------------------------
    # The CAPA is its own document (aftersales.capa); the ticket shows it
    # under the names it always had. A complaint gets its CAPA on creation.
    capa_ids = fields.One2many(
        "aftersales.capa", "ticket_id", string="CAPAs", groups="base.group_user"
    )
    capa_id = fields.Many2one(
        "aftersales.capa",
        string="CAPA",
        compute="_compute_capa_id",
        search="_search_capa_id",
        groups="base.group_user",
    )
    capa_state = fields.Selection(
        related="capa_id.state", string="CAPA Step", groups="base.group_user"
    )
    capa_participant_ids = fields.Many2many(
        related="capa_id.participant_ids", readonly=False, groups="base.group_user"
    )
    capa_action_ids = fields.One2many(
        related="capa_id.action_ids", readonly=False, groups="base.group_user"
    )
    capa_quality_opinion = fields.Text(
        related="capa_id.quality_opinion", readonly=False, groups="base.group_user"
    )
    capa_verification_result = fields.Text(
        related="capa_id.verification_result",
        readonly=False,
        groups="base.group_user",
    )
    capa_approved_by_id = fields.Many2one(
        related="capa_id.approved_by_id", groups="base.group_user"
    )
    capa_approved_date = fields.Datetime(
        related="capa_id.approved_date", groups="base.group_user"
    )

    # ------------------------------------------------------------------
    # Paid service: quotations and customer consent (REP-01..10, WTY-03,
    # WTY-06, WTY-17)
    # ------------------------------------------------------------------
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
        groups="base.group_user",
    )
    quote_travel = fields.Boolean(
        help="Add the travel product to the quotation.", groups="base.group_user"
    )
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

    # ------------------------------------------------------------------
    # Field service: on-site visits and technicians' hours (FLD)
    # ------------------------------------------------------------------
    visit_ids = fields.One2many("aftersales.visit", "ticket_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    work_log_ids = fields.One2many(
        "aftersales.work.log", "ticket_id", groups="base.group_user"
    )
    work_hours = fields.Float(
        string="Hours Worked",
        compute="_compute_work_hours",
        store=True,
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Escalation to another team or to the managers (CMP-07, CMP-09)
    # ------------------------------------------------------------------
    is_escalated = fields.Boolean(
        string="Escalated", tracking=True, copy=False, groups="base.group_user"
    )
    escalation_ids = fields.One2many(
        "aftersales.escalation", "ticket_id", groups="base.group_user"
    )

    # ------------------------------------------------------------------
    # Next steps: which header buttons apply to the ticket as it stands
    # (each computed from the refusal its action raises)
    # ------------------------------------------------------------------
    can_assign_to_me = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_recompute_warranty = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_create_quotation = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_escalate = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_start = fields.Boolean(compute="_compute_can_actions", groups="base.group_user")
    can_resolve = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_close = fields.Boolean(compute="_compute_can_actions", groups="base.group_user")

    _sql_constraints = [
        (
            "reference_company_uniq",
            "unique(reference, company_id)",
            "The ticket reference must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------
    @api.model
    def _default_stage_id(self):
        team_id = self.env.context.get("default_team_id")
        stage = self._aftersales_team_stage("is_new", team_id)
        return stage or self.env["aftersales.ticket.stage"].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        team_id = self.env.context.get("default_team_id")
        stage_domain = []
        if team_id:
            stage_domain = ["|", ("team_ids", "=", False), ("team_ids", "in", team_id)]
        return stages.search(stage_domain)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for ticket in self:
            ticket.partner_phone = ticket.partner_id.phone or ticket.partner_id.mobile
            ticket.partner_email = ticket.partner_id.email

    @api.depends("sale_line_id", "lot_id")
    def _compute_product_id(self):
        for ticket in self:
            if ticket.lot_id:
                ticket.product_id = ticket.lot_id.product_id
            elif ticket.sale_line_id:
                ticket.product_id = ticket.sale_line_id.product_id

    @api.depends("lot_id", "company_id")
    def _compute_equipment_id(self):
        lots = self.lot_id
        by_lot = {}
        if lots:
            for equipment in self.env["aftersales.equipment"].search(
                [("lot_id", "in", lots.ids)]
            ):
                by_lot[(equipment.lot_id, equipment.company_id)] = equipment
        for ticket in self:
            if ticket.lot_id:
                ticket.equipment_id = by_lot.get(
                    (ticket.lot_id, ticket.company_id), False
                )
            elif ticket.equipment_id.lot_id:
                ticket.equipment_id = False

    @api.onchange("equipment_id")
    def _onchange_equipment_id(self):
        equipment = self.equipment_id
        if equipment:
            self.lot_id = equipment.lot_id
            self.product_id = equipment.product_id
            if not self.partner_id:
                self.partner_id = equipment.partner_id

    @api.depends(
        "product_id.aftersales_warranty_duration",
        "product_id.aftersales_warranty_unit",
        "product_id.aftersales_warranty_basis",
        "lot_id",
        "sale_order_id.date_order",
        "sale_line_id",
        "request_date",
        "commercial_partner_id",
        "equipment_id.warranty_start_date",
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
            if ticket.equipment_id.warranty_start_date:
                # the unit's record knows its own start (acceptance, manual
                # override, the unit it replaced)
                start = ticket.equipment_id.warranty_start_date
            else:
                start = {
                    "delivery": ticket.delivery_date,
                    "invoice": invoices.get(ticket),
                    "sale": ticket.sale_order_id.date_order
                    and ticket.sale_order_id.date_order.date(),
                }.get(template.aftersales_warranty_basis)
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

    @api.depends(
        "equipment_id.warranty_start_date",
        "equipment_id.product_id.aftersales_warranty_basis",
        "equipment_id.product_id.aftersales_warranty_duration",
        "request_date",
    )
    def _compute_is_installation_issue(self):
        for ticket in self:
            unit = ticket.equipment_id
            template = unit.product_id.product_tmpl_id
            if not (
                template.aftersales_warranty_duration
                and template.aftersales_warranty_basis == "acceptance"
            ):
                ticket.is_installation_issue = False
                continue
            # stays one when the acceptance is signed after the report
            reported = (ticket.request_date or fields.Datetime.now()).date()
            start = unit.warranty_start_date
            ticket.is_installation_issue = not start or reported < start

    @api.depends("computed_warranty_state", "warranty_override_state")
    def _compute_warranty_state(self):
        for ticket in self:
            ticket.warranty_state = (
                ticket.warranty_override_state or ticket.computed_warranty_state
            )

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

    @api.depends("team_id", "ticket_type_id", "priority", "partner_id", "company_id")
    def _compute_sla_policy_id(self):
        policies = self.env["aftersales.sla.policy"]._find_for_tickets(self)
        for ticket in self:
            ticket.sla_policy_id = policies.get(ticket)

    @api.depends("request_date")
    def _compute_sla_start_date(self):
        for ticket in self:
            ticket.sla_start_date = ticket.request_date or fields.Datetime.now()

    @api.depends(
        "sla_start_date",
        "sla_policy_id.response_hours",
        "sla_policy_id.response_basis",
        "sla_policy_id.resolution_hours",
        "sla_policy_id.resolution_basis",
        "contract_id.response_hours",
        "contract_id.response_basis",
        "contract_id.resolution_hours",
        "contract_id.resolution_basis",
        "sla_paused_hours",
        "team_id.resource_calendar_id",
        "company_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        return super()._compute_sla_deadlines()

    @api.depends(
        "response_deadline",
        "resolution_deadline",
        "first_response_date",
        "closed_date",
        "is_closed",
        "is_cancel",
        "sla_pause_start",
    )
    def _compute_sla_outcomes(self):
        return super()._compute_sla_outcomes()

    @api.depends("sla_response_outcome", "sla_resolution_outcome")
    def _compute_sla_met(self):
        for ticket in self:
            ticket.sla_response_met = ticket.sla_response_outcome == "met"
            ticket.sla_resolution_met = ticket.sla_resolution_outcome == "met"

    @api.depends("sla_status")
    def _compute_sla_success_rate(self):
        for ticket in self:
            ticket.sla_success_rate = 100.0 if ticket.sla_status == "met" else 0.0

    @api.depends("equipment_id", "request_date")
    def _compute_contract_id(self):
        days = {
            ticket: fields.Date.context_today(
                ticket, ticket.request_date or fields.Datetime.now()
            )
            for ticket in self
        }
        found = self.env["aftersales.contract"]._find_for_units(
            (ticket.equipment_id, days[ticket]) for ticket in self
        )
        for ticket in self:
            ticket.contract_id = found.get((ticket.equipment_id, days[ticket]), False)

    @api.depends(
        "sla_start_date",
        "contract_id.onsite_hours",
        "contract_id.onsite_basis",
        # stored: planned in the calendar of the SLA
        "team_id.resource_calendar_id",
        "company_id.resource_calendar_id",
    )
    def _compute_contract_onsite_deadline(self):
        for ticket in self:
            contract = ticket.contract_id.sudo()
            start = ticket.sla_start_date
            if not (contract.onsite_hours > 0 and start):
                ticket.contract_onsite_deadline = False
            elif contract.onsite_basis == "working":
                ticket.contract_onsite_deadline = ticket._plan_working_hours(
                    start, contract.onsite_hours
                )
            else:
                ticket.contract_onsite_deadline = start + relativedelta(
                    hours=contract.onsite_hours
                )

    @api.depends(
        "contract_onsite_deadline",
        "visit_ids.arrival_date",
        "is_cancel",
        "is_closed",
        "closed_date",
    )
    def _compute_contract_onsite_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.contract_onsite_status = ticket._contract_onsite_outcome(now)

    @api.depends("warranty_state", "contract_id", "is_installation_issue")
    def _compute_service_category(self):
        for ticket in self:
            if ticket.contract_id:
                # B: a contract covers the unit (an extended warranty too)
                ticket.service_category = "contract"
                continue
            if ticket.service_category in ("contract", "internal"):
                continue
            if ticket.is_installation_issue:
                # before the signed acceptance: the installer's, no charge
                ticket.service_category = "warranty"
                continue
            # A (paid) only once the unit is known to be out of warranty: an
            # unknown warranty leaves the category to the service desk
            ticket.service_category = {
                "in_warranty": "warranty",
                "expired": "paid",
                "no_warranty": "paid",
            }.get(ticket.warranty_state, False)

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

    @api.depends("visit_ids")
    def _compute_visit_count(self):
        for ticket in self:
            ticket.visit_count = len(ticket.visit_ids)

    @api.depends("work_log_ids.hours")
    def _compute_work_hours(self):
        for ticket in self:
            ticket.work_hours = sum(ticket.work_log_ids.mapped("hours"))

    def _compute_access_url(self):
        res = super()._compute_access_url()
        # links to the portal (e-mails, customer preview) open it in the
        # customer's language
        for ticket in self:
            ticket.access_url = url_in_lang(
                self.env, f"/my/aftersales/tickets/{ticket.id}", ticket.partner_id.lang
            )
        return res

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = (
                f"{ticket.reference} {ticket.name}"
                if ticket.reference and ticket.reference != "/"
                else ticket.name
            )

    @api.depends("capa_ids")
    def _compute_capa_id(self):
        for ticket in self:
            ticket.capa_id = ticket.capa_ids[:1]

    def _search_capa_id(self, operator, value):
        return [("capa_ids", operator, value)]

    @api.depends(
        "user_id",
        "product_id",
        "stage_id",
        "team_id",
        "quality_issue",
        "service_category",
    )
    def _compute_can_actions(self):
        # the stages are read once for all tickets (the form shows one, a
        # list may ask for many)
        stages = self.env["aftersales.ticket.stage"].search([])
        for ticket in self.with_context(aftersales_stages=stages):
            ticket.can_assign_to_me = not ticket._refusal_assign_to_me()
            ticket.can_recompute_warranty = not ticket._refusal_recompute_warranty()
            ticket.can_create_quotation = not ticket._refusal_create_quotation()
            ticket.can_escalate = not ticket._refusal_escalate()
            ticket.can_start = not ticket._refusal_start()
            ticket.can_resolve = not ticket._refusal_resolve()
            ticket.can_close = not ticket._refusal_close()

    # ------------------------------------------------------------------
    # Constraints and onchanges (consistency of the project link, bad input)
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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # A ticket of a team belongs to the team's company (mail to a team's
        # alias arrives in whatever company the gateway runs in), which also
        # picks that company's sequence and SLA policies.
        teams = self.env["aftersales.team"].browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        team_company = {team.id: team.company_id.id for team in teams.sudo()}
        for vals in vals_list:
            if (
                vals.get("team_id")
                and not vals.get("company_id")
                and "default_company_id" not in self.env.context
            ):
                vals["company_id"] = team_company[vals["team_id"]]
            # An explicit stage lets mail tracking send the stage's template
            # (the acknowledgement) on creation.
            if not vals.get("stage_id"):
                vals["stage_id"] = (
                    self.with_context(default_team_id=vals.get("team_id"))
                    ._default_stage_id()
                    .id
                )
            if vals.get("reference", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["reference"] = self.env["ir.sequence"].with_company(
                    company
                )._aftersales_next_by_code("aftersales.ticket") or _("New")
        # the CAPA values go to the ticket's CAPA, created with the ticket
        capa_vals_list = [self._pop_capa_vals(vals) for vals in vals_list]
        tickets = super().create(vals_list)
        tickets._ensure_capa()
        for ticket, capa_vals in zip(tickets, capa_vals_list, strict=True):
            if capa_vals:
                ticket._write_capa_vals(capa_vals)
        tickets._stage_entered(tickets.stage_id, fields.Datetime.now())
        tickets._subscribe_customer()
        tickets._notify_major_issue()
        return tickets

    @api.model
    def _create(self, data_list):
        """The new rows, without fetching them again while they are computed
        (what the form, the mail gateway and the portal pay per ticket)."""
        tickets = super()._create(data_list)
        # mail.thread's create discards the tracking of new records once
        # they are checked; discarding it now spares reading every tracked
        # field to prepare it when the company check computes the unit
        tickets._track_discard()
        # the computes keeping a value set by hand (unit, service category)
        # read NULL from the cache instead of fetching the new row
        cache_unset_computed_columns(tickets, data_list)
        return tickets

    def write(self, vals):
        # The CAPA (its step checked first, before the stage guards) gets the
        # ticket's CAPA values.
        vals = dict(vals)
        capa_vals = self._pop_capa_vals(vals)
        if capa_vals:
            self._write_capa_vals(capa_vals)
        if "stage_id" in vals:
            new_stage = self.env["aftersales.ticket.stage"].browse(vals["stage_id"])
            self._check_stage_change(new_stage)
            moving = self.filtered(lambda t: t.stage_id != new_stage)
            now = fields.Datetime.now()
            moving._stage_left(new_stage, now)
        newly_major = (
            self.filtered(lambda t: not t.is_major_issue)
            if vals.get("is_major_issue")
            else self.browse()
        )
        res = super().write(vals)
        if "ticket_type_id" in vals:
            self._ensure_capa()
        if "stage_id" in vals:
            moving._stage_entered(new_stage, now)
        newly_major._notify_major_issue()
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for ticket, vals in zip(self, vals_list, strict=True):
            vals.setdefault("name", _("%s (copy)", ticket.name))
        return vals_list

    # ------------------------------------------------------------------
    # Mail gateway and tracking
    # ------------------------------------------------------------------
    def _track_template(self, changes):
        res = super()._track_template(changes)
        ticket = self[0]
        # the stage's e-mail goes to the customer: none is attempted for a
        # customer without an e-mail address (it could only fail, flagging
        # the ticket with a failed e-mail)
        if (
            "stage_id" in changes
            and ticket.stage_id.mail_template_id
            and ticket.partner_id.email
        ):
            res["stage_id"] = (
                ticket.stage_id.mail_template_id,
                {
                    "auto_delete_keep_log": False,
                    # a public message: the customer finds the e-mail among
                    # the ticket's messages (portal); being automatic, it does
                    # not count as the team's first response
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mt_comment"
                    ),
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return res

    def _message_track_post_template(self, changes):
        # Automatic stage e-mails are not an answer from the team.
        return super(
            AftersalesTicket, self.with_context(aftersales_automatic_message=True)
        )._message_track_post_template(changes)

    def _message_post_after_hook(self, message, msg_vals):
        if not self.env.context.get("aftersales_automatic_message"):
            self._register_first_response(message)
        return super()._message_post_after_hook(message, msg_vals)

    @guarded_action
    def _register_first_response(self, message):
        """The first public message an internal user sends from the ticket is
        the first response (SLA)."""
        if message.message_type not in ("comment", "email_outgoing"):
            return
        if not message.subtype_id or message.subtype_id.internal:
            return
        author_users = message.author_id.user_ids
        if not author_users or all(user.share for user in author_users):
            return
        waiting = self.filtered(lambda t: not t.first_response_date)
        if waiting:
            waiting.first_response_date = message.date or fields.Datetime.now()
            waiting._update_sla_status()

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to a team alias becomes a ticket from the sender (channel e-mail)."""
        values = dict(custom_values or {})
        partner_id = msg_dict.get("author_id")
        if not partner_id and msg_dict.get("email_from"):
            partner = self.env["mail.thread"]._mail_find_partner_from_emails(
                [msg_dict["email_from"]], force_create=True
            )[0]
            partner_id = partner.id
        values.setdefault("name", msg_dict.get("subject") or _("No Subject"))
        values.setdefault("partner_id", partner_id)
        values.setdefault("channel", "email")
        values.setdefault("description", msg_dict.get("body"))
        team = self.env["aftersales.team"].browse(values.get("team_id")).exists()
        if team:
            # The gateway runs in its own user's company: the team decides.
            values.setdefault("company_id", team.company_id.id)
            self = self.with_company(team.company_id)
        return super(
            AftersalesTicket, self.with_context(mail_create_nosubscribe=True)
        ).message_new(msg_dict, custom_values=values)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for ticket in self.filtered("partner_id"):
            ticket._message_add_suggested_recipient(
                recipients, partner=ticket.partner_id, reason=_("Customer")
            )
        return recipients

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_assign_to_me(self):
        """Take an unassigned, open ticket."""
        self._aftersales_ensure("_refusal_assign_to_me")
        self.write({"user_id": self.env.user.id})

    def action_start(self):
        """Start working on a new ticket: its team's first working stage."""
        self._aftersales_ensure("_refusal_start")
        for ticket in self:
            ticket.stage_id = ticket._aftersales_next_stage("start")
        return True

    def action_resolve(self):
        """The work is done: the team's resolved stage, where the customer
        confirms before the ticket is closed."""
        self._aftersales_ensure("_refusal_resolve")
        for ticket in self:
            ticket.stage_id = ticket._aftersales_next_stage("resolve")
        return True

    def action_close(self):
        """Close the ticket: the resolution time stops, the follow-up call is
        planned."""
        self._aftersales_ensure("_refusal_close")
        for ticket in self:
            ticket.stage_id = ticket._aftersales_next_stage("close")
        return True

    def action_recompute_warranty(self):
        """Recompute after a late delivery or invoice of the unit."""
        self._aftersales_ensure("_refusal_recompute_warranty")
        for fname in (
            "delivery_date",
            "warranty_start_date",
            "warranty_end_date",
            "computed_warranty_state",
        ):
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset()
        return True

    @guarded_action
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

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_visit"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_view_work_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_work_log"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.id,
            "default_service_category": self.service_category,
        }
        return action

    # The CAPA buttons of the ticket are the CAPA's (aftersales.capa), which
    # checks who may do each step.
    def action_capa_submit(self):
        """Analysis done: root cause, responsibility and an action are set."""
        self._check_is_complaint()
        return self._ensure_capa().action_submit()

    def action_capa_review_done(self):
        """The quality manager wrote the handling decision."""
        self._check_is_complaint()
        return self._ensure_capa().action_review_done()

    def action_capa_assessment_done(self):
        """The responsible department's assessment was verified."""
        self._check_is_complaint()
        return self._ensure_capa().action_assessment_done()

    def action_capa_approve(self):
        """The general manager approves and the complaint is archived."""
        self._check_is_complaint()
        return self._ensure_capa().action_approve()

    def action_capa_send_back(self):
        """Send the CAPA back to the analysis (quality reviewer or manager)."""
        return self.capa_id.action_send_back()

    def action_view_capa(self):
        """Open the complaint's CAPA (created if the complaint has none)."""
        self.ensure_one()
        self._check_is_complaint()
        capa = self._ensure_capa()
        return {
            "type": "ir.actions.act_window",
            "name": capa.display_name,
            "res_model": "aftersales.capa",
            "res_id": capa.id,
            "view_mode": "form",
        }

    def action_open_escalate_wizard(self):
        self.ensure_one()
        self._aftersales_ensure("_refusal_escalate")
        return {
            "type": "ir.actions.act_window",
            "name": _("Escalate Ticket"),
            "res_model": "aftersales.ticket.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_escalate(self, reason, team=None):
        """Flag the tickets for the managers, optionally move them to `team`,
        record the history and notify the managers and the new team leader."""
        if not reason:
            raise UserError(_("Give the reason of the escalation."))
        self._aftersales_ensure("_refusal_escalate")
        same_team = self.filtered(lambda t: team and t.team_id == team)
        if same_team:
            raise UserError(
                _(
                    "Ticket %(tickets)s is already handled by team %(team)s: "
                    "choose another team, or leave the team empty to escalate "
                    "to the managers.",
                    tickets=", ".join(same_team.mapped("display_name")),
                    team=team.display_name,
                )
            )
        managers = self.env.ref("aftersales_service.group_aftersales_manager").users
        self.env["aftersales.escalation"].create(
            [ticket._prepare_escalation_vals(reason, team) for ticket in self]
        )
        vals = {"is_escalated": True}
        if team:
            vals.update(team_id=team.id, user_id=False)
        self.write(vals)
        recipients = managers.partner_id | (
            team.user_id.partner_id if team else self.env["res.partner"]
        )
        for ticket in self:
            ticket.message_post(
                body=_(
                    "Escalated by %(user)s to %(team)s: %(reason)s",
                    user=self.env.user.name,
                    team=team.name if team else _("the managers"),
                    reason=reason,
                ),
                partner_ids=recipients.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Business helpers: button guards (the reason an action is refused, or
    # False; the can_* fields and the actions both use them)
    # ------------------------------------------------------------------
    def _refusal_finished(self, action):
        self.ensure_one()
        if not self.id:
            return _("Save the ticket first.")
        if self.is_closed or self.is_cancel:
            return _(
                "Ticket %(ticket)s is finished: reopen it before %(action)s.",
                ticket=self.display_name,
                action=action,
            )
        return False

    def _refusal_assign_to_me(self):
        refusal = self._refusal_finished(_("assigning it"))
        if refusal or not self.user_id:
            return refusal
        return _(
            "Ticket %(ticket)s is already assigned to %(user)s.",
            ticket=self.display_name,
            user=self.user_id.name,
        )

    def _refusal_recompute_warranty(self):
        self.ensure_one()
        if not self.id:
            return _("Save the ticket first.")
        if not self.product_id:
            return _(
                "Ticket %s has no product: there is no warranty to recompute.",
                self.display_name,
            )
        return False

    def _refusal_create_quotation(self):
        return self._refusal_finished(_("creating a quotation"))

    def _refusal_escalate(self):
        return self._refusal_finished(_("escalating it"))

    def _refusal_start(self):
        refusal = self._refusal_finished(_("starting it"))
        if refusal:
            return refusal
        if not self.stage_id.is_new:
            return _("Ticket %s is already being worked on.", self.display_name)
        return self._refusal_enter_stage(self._aftersales_next_stage("start"))

    def _refusal_resolve(self):
        refusal = self._refusal_finished(_("resolving it"))
        if refusal:
            return refusal
        if self.stage_id.is_resolved:
            return _("Ticket %s is already resolved.", self.display_name)
        return self._refusal_enter_stage(self._aftersales_next_stage("resolve"))

    def _refusal_close(self):
        refusal = self._refusal_finished(_("closing it"))
        if refusal:
            return refusal
        return self._refusal_enter_stage(self._aftersales_next_stage("close"))

    def _refusal_enter_stage(self, stage):
        """Why the ticket may not move into ``stage`` (the stage guards of
        ``write``), or False."""
        self.ensure_one()
        if not stage:
            return _(
                "No stage of team %(team)s can take ticket %(ticket)s there: "
                "ask an administrator to configure the stages.",
                team=self.team_id.display_name or "-",
                ticket=self.display_name,
            )
        try:
            self._check_stage_change(stage)
        except UserError as error:
            return error.args[0]
        return False

    # ------------------------------------------------------------------
    # Business helpers: stage transitions
    # ------------------------------------------------------------------
    def _aftersales_stage_with(self, flag):
        """The first stage of the ticket's team carrying ``flag`` (is_new,
        is_resolved, is_closed, is_cancel): stages are found by what they
        mean, never by a data xml id a company may have deleted."""
        self.ensure_one()
        return self._aftersales_team_stage(flag, self.team_id.id)

    @api.model
    def _aftersales_team_stage(self, flag, team_id):
        """The first active stage carrying ``flag`` among those of the team
        ``team_id`` (an id or False), looked up once per registry: every
        ticket created or resolved needs it (the stages and teams clear the
        cache when they change)."""
        if not isinstance(team_id, int):
            return self.env["aftersales.ticket.stage"].browse(
                self._aftersales_team_stage_id_uncached(flag, team_id)
            )
        return self.env["aftersales.ticket.stage"].browse(
            self._aftersales_team_stage_id(flag, team_id)
        )

    @api.model
    @ormcache("flag", "team_id")
    def _aftersales_team_stage_id(self, flag, team_id):
        return self._aftersales_team_stage_id_uncached(flag, team_id)

    @api.model
    def _aftersales_team_stage_id_uncached(self, flag, team_id):
        domain = [(flag, "=", True)]
        if team_id:
            domain += ["|", ("team_ids", "=", False), ("team_ids", "in", team_id)]
        stages = (
            self.env["aftersales.ticket.stage"].sudo().with_context(active_test=True)
        )
        return stages.search(domain, limit=1).id

    def _aftersales_next_stage(self, step):
        """The stage the header button of ``step`` (start, resolve, close)
        moves the ticket to, among the team's stages in their order."""
        self.ensure_one()
        stages = self.env.context.get("aftersales_stages") or self.env[
            "aftersales.ticket.stage"
        ].search([])
        stages = stages.filtered(
            lambda s: not s.team_ids or self.team_id in s.team_ids
        ).sorted(lambda s: (s.sequence, s.id))
        if step == "start":
            stages = stages.filtered(
                lambda s: not (s.is_new or s.is_resolved or s.is_closed or s.is_cancel)
                and not s.pause_sla
            )
        elif step == "resolve":
            stages = stages.filtered("is_resolved") or stages.filtered(
                lambda s: s.is_closed and not s.is_cancel
            )
        else:
            stages = stages.filtered(lambda s: s.is_closed and not s.is_cancel)
        return stages[:1]

    def _aftersales_resolve(self, resolution_type):
        """API for the other addons: the ticket's work is done (an RMA
        settled, a repair delivered): record how it was resolved and move it
        to its team's resolved stage (or its closing stage if it has none).
        Tickets already closed or cancelled keep their stage."""
        for ticket in self:
            vals = {"resolution_type": resolution_type}
            if not (ticket.is_closed or ticket.is_cancel):
                stage = ticket._aftersales_stage_with(
                    "is_resolved"
                ) or ticket._aftersales_stage_with("is_closed")
                if stage:
                    vals["stage_id"] = stage.id
            ticket.write(vals)
        return True

    def _check_stage_change(self, new_stage):
        """Guards run before anything is written, so a refused move leaves
        the ticket untouched: closing needs the quality decision, a stage
        that requires consent needs the customer's consent to paid work."""
        if new_stage.is_closed:
            pending = self.filtered(
                lambda t: t.ticket_type_id.requires_quality_decision
                and t.quality_issue == "pending"
            )
            if pending:
                raise UserError(
                    _(
                        "Decide whether there is a quality issue before closing "
                        "%(tickets)s: set 'Quality Issue' to Confirmed or Not "
                        "confirmed.",
                        tickets=", ".join(pending.mapped("display_name")),
                    )
                )
        if not new_stage.requires_consent:
            return
        missing = self.filtered(
            lambda t: t.service_category not in ("warranty", "contract", "internal")
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

    @guarded_action
    def _stage_left(self, new_stage, when):
        """Hook called before the tickets leave their current stage."""
        leaving_new = self.filtered(
            lambda t: t.stage_id.is_new and not t.first_response_date
        )
        if leaving_new:
            leaving_new.first_response_date = when
        reopened = self.filtered(
            lambda t: (t.stage_id.is_closed or t.stage_id.is_cancel)
            and not (new_stage.is_closed or new_stage.is_cancel)
        )
        if reopened:
            reopened.closed_date = False
        self._sla_stage_left(new_stage, when)

    @guarded_action
    def _stage_entered(self, stage, when):
        """Hook called once the tickets are in `stage`."""
        if stage.is_closed or stage.is_cancel:
            self.filtered(lambda t: not t.closed_date).closed_date = when
        if stage.is_closed and not stage.is_cancel:
            self._schedule_followup_call()
        self._sla_stage_entered(stage, when)

    def _schedule_followup_call(self):
        """Follow-up call (回访) N days after closing, for the assignee (SLA-03)."""
        activity_type = self.env.ref(
            "aftersales_service.mail_activity_type_followup_call",
            raise_if_not_found=False,
        )
        if not activity_type:
            return
        for ticket in self:
            deadline = fields.Date.add(
                fields.Date.context_today(ticket),
                days=ticket.company_id.aftersales_followup_days,
            )
            ticket.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=deadline,
                user_id=ticket.user_id.id or self.env.user.id,
                summary=_("Follow-up call with %s", ticket.partner_id.display_name),
            )

    def _subscribe_customer(self):
        """Customers follow their tickets; one subscription per customer.

        What `message_subscribe` does, with the partners' `active` and
        `partner_share` read from the cache instead of searched again (two
        queries a ticket): active customers follow, with the external default
        subtypes when they are share partners."""
        current = self.env.user.partner_id
        for partner in self.partner_id.sudo():
            tickets = self.filtered(lambda t, p=partner: t.partner_id == p)
            if partner == current:
                # following one's own ticket only needs to read it
                if not tickets.has_access("read"):
                    continue
                customer_ids = []
            else:
                if not partner.active:
                    continue
                tickets.check_access("write")
                customer_ids = partner.ids if partner.partner_share else []
            tickets._message_subscribe(
                partner_ids=partner.ids, customer_ids=customer_ids
            )

    def _notify_major_issue(self):
        """A major quality issue is reported to the after-sales managers (SLA-22)."""
        major = self.filtered("is_major_issue")
        if not major:
            return
        managers = self.env.ref("aftersales_service.group_aftersales_manager").users
        for ticket in major:
            ticket.message_post(
                body=_(
                    "Major quality issue reported on %(ticket)s.",
                    ticket=ticket.display_name,
                ),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Business helpers: warranty and repeat repairs
    # ------------------------------------------------------------------
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

    def _get_repeat_candidates(self):
        """Closed tickets that may be the original of a repeat, in one search:
        those closed within the repeat window before one of the tickets was
        reported (not every closed ticket of the products ever)."""
        products = self.product_id | self.lot_id.product_id
        if not products:
            return self.browse()
        now = fields.Datetime.now()
        reported = {ticket: ticket.request_date or now for ticket in self}
        oldest = min(
            when - relativedelta(days=ticket.company_id.aftersales_repeat_days)
            for ticket, when in reported.items()
        )
        domain = [
            ("product_id", "in", products.ids),
            ("is_closed", "=", True),
            ("closed_date", ">=", oldest),
            ("closed_date", "<=", max(reported.values())),
        ]
        # A search flushes every pending update of the tickets as soon as one
        # of its fields is; the pending values of the tickets being computed
        # (new ones, mostly) are read from memory instead, so that they are
        # written once, with the rest of their values.
        sql = self._search(domain, order="closed_date desc").select()
        mine = set(self._ids)
        tocompute = self.env.transaction.tocompute
        for field in sql.to_flush:
            if field.model_name == self._name:
                pending = set(self.env.cache.get_dirty_records(self, field)._ids) | set(
                    tocompute.get(field, ())
                )
                if pending <= mine:
                    continue
            self.env[field.model_name].flush_model([field.name])
        self.env.cr.execute(sql)
        found = self.browse([row[0] for row in self.env.cr.fetchall()])
        if self.env.context.get("active_test", True):
            domain = [("active", "=", True), *domain]
        return ((found - self) | self.filtered_domain(domain)).sorted(
            "closed_date", reverse=True
        )

    # ------------------------------------------------------------------
    # Business helpers: SLA (working time, transitions, status, alerts)
    # ------------------------------------------------------------------
    def _get_sla_calendar(self):
        self.ensure_one()
        if self.team_id:
            return self.team_id._get_calendar()
        return self.company_id.resource_calendar_id

    def _plan_working_hours(self, start, hours):
        """Deadline `hours` working hours after `start` (naive UTC)."""
        return plan_working_hours(self._get_sla_calendar(), [(start, hours)])[0]

    def _sla_targets(self):
        """Response (SLA-01) from the report to the first answer, and
        resolution from the report to the closing, paused in the stages that
        pause the SLA; each in its policy's basis, unless the unit's service
        contract sets its own target."""
        self.ensure_one()
        policy = self.sla_policy_id
        contract = self.contract_id.sudo()
        response = (policy.response_hours, policy.response_basis)
        if contract.response_hours:
            response = (contract.response_hours, contract.response_basis)
        resolution = (policy.resolution_hours, policy.resolution_basis)
        if contract.resolution_hours:
            resolution = (contract.resolution_hours, contract.resolution_basis)
        return [
            {
                "key": "response",
                "deadline_field": "response_deadline",
                "outcome_field": "sla_response_outcome",
                "start": self.sla_start_date,
                "done": self.first_response_date,
                "hours": response[0],
                "basis": response[1],
                "pausable": False,
            },
            {
                "key": "resolution",
                "deadline_field": "resolution_deadline",
                "outcome_field": "sla_resolution_outcome",
                "start": self.sla_start_date,
                "done": self.is_closed and self.closed_date,
                "hours": resolution[0],
                "basis": resolution[1],
                "pausable": True,
            },
        ]

    def _contract_onsite_outcome(self, now):
        """'met' when the first arrival on site (a visit checked in) was by
        the contract's on-site deadline, 'breached' when it was later or the
        deadline passed without one, 'ongoing' until then; False without a
        deadline, for a cancelled ticket, or one closed before the deadline
        without anyone on site (no visit was needed)."""
        self.ensure_one()
        deadline = self.contract_onsite_deadline
        if not deadline or self.is_cancel:
            return False
        arrivals = self.visit_ids.filtered("arrival_date").mapped("arrival_date")
        if arrivals:
            return "met" if min(arrivals) <= deadline else "breached"
        if self.is_closed:
            closed = self.closed_date or now
            return "breached" if closed > deadline else False
        return "breached" if now > deadline else "ongoing"

    def _sla_target_labels(self):
        return {
            "response": _("response deadline"),
            "resolution": _("resolution deadline"),
        }

    def _sla_is_active(self):
        self.ensure_one()
        contract = self.contract_id.sudo()
        has_targets = (
            self.sla_policy_id or contract.response_hours or contract.resolution_hours
        )
        return bool(has_targets) and not self.is_cancel

    def _sla_is_finished(self):
        self.ensure_one()
        return self.is_closed

    def _sla_responsible(self):
        self.ensure_one()
        return self.team_id.user_id or self.user_id

    @api.model
    def _sla_cron_domain(self):
        return [
            ("is_closed", "=", False),
            ("is_cancel", "=", False),
            "|",
            ("sla_policy_id", "!=", False),
            ("contract_id", "!=", False),
        ]

    @api.model
    def _sla_cron_other_targets(self, now):
        """The on-site targets whose deadline passed without anyone on site
        are breached (one search, one recomputation for the batch)."""
        late = self.search(
            [
                ("contract_onsite_status", "=", "ongoing"),
                ("contract_onsite_deadline", "<", now),
            ]
        )
        if late:
            self.env.add_to_compute(self._fields["contract_onsite_status"], late)
            late._recompute_recordset(["contract_onsite_status"])

    def _sla_stage_left(self, new_stage, when):
        if not new_stage.pause_sla:
            self.filtered(lambda t: t.stage_id.pause_sla)._sla_resume(when)

    def _sla_stage_entered(self, stage, when):
        if stage.pause_sla:
            self._sla_pause(when)
        self._update_sla_status(now=when)

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # The met rate of reports reads the stored status: met 100, breached
        # 0, still running NULL (left out of averages).
        if fname == "sla_success_rate":
            status = super()._field_to_sql(alias, "sla_status", query, flush)
            return SQL(
                "(CASE %s WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0 END)",
                status,
            )
        return super()._field_to_sql(alias, fname, query, flush)

    # ------------------------------------------------------------------
    # Business helpers: quotation and consent
    # ------------------------------------------------------------------
    def _is_free_of_charge(self):
        """Warranty work is quoted at zero unless an exclusion applies."""
        self.ensure_one()
        if self.is_installation_issue:
            return True
        return self.service_category == "warranty" and not self.warranty_exclusion_id

    def _check_can_create_quotation(self):
        """The guard of the button, then what the quotation needs: the
        latter names the data to fill in, so the button stays visible."""
        self._aftersales_ensure("_refusal_create_quotation")
        for ticket in self:
            # free warranty work needs a unit under warranty, or the
            # logged override of an officer (reason required)
            if (
                ticket.service_category == "warranty"
                and not ticket.warranty_exclusion_id
                and ticket.warranty_state != "in_warranty"
                and not ticket.is_installation_issue
            ):
                raise UserError(
                    _(
                        "Ticket %(ticket)s is marked as warranty service but the "
                        "unit is not under warranty: set a warranty override "
                        "with its reason, choose a warranty exclusion, or make "
                        "it a paid service before quoting it free.",
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
        elif self.service_category == "contract" and self.contract_id:
            self._apply_contract_coverage(lines)
        return lines

    def _apply_contract_coverage(self, lines):
        """Price the quotation lines ``lines`` (vals) as the ticket's service
        contract covers labour, travel and parts: included at zero, at the
        contract's discount, or excluded at the normal price; then a note
        naming the contract."""
        self.ensure_one()
        contract = self.contract_id.sudo()
        products = self.env["product.product"].browse(
            [line["product_id"] for line in lines]
        )
        for line, product in zip(lines, products, strict=True):
            coverage, percent = contract._coverage_of(
                contract._coverage_kind(product, self.company_id)
            )
            if coverage == "included":
                line["price_unit"] = 0.0
            elif coverage == "discount":
                line["discount"] = percent
        lines.append(
            {"display_type": "line_note", "name": contract._coverage_summary()}
        )

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

    def _has_customer_consent(self):
        self.ensure_one()
        return bool(self.consent_date) or self.has_confirmed_quotation

    # ------------------------------------------------------------------
    # Business helpers: CAPA
    # ------------------------------------------------------------------
    def _is_complaint(self):
        self.ensure_one()
        return self.ticket_type_code == "complaint"

    def _check_is_complaint(self):
        for ticket in self:
            if not ticket._is_complaint():
                raise UserError(
                    _(
                        "Ticket %s is not a complaint: it has no CAPA.",
                        ticket.display_name,
                    )
                )

    @api.model
    def _pop_capa_vals(self, vals):
        """Take the ``capa_*`` values (the CAPA's fields) out of ``vals``."""
        return {
            name: vals.pop(name) for name in list(vals) if name in CAPA_TICKET_FIELDS
        }

    def _ensure_capa(self):
        """The CAPAs of the complaints among ``self``, created for those
        without one (a complaint enters the CAPA flow at its analysis)."""
        complaints = self.filtered(lambda t: t.ticket_type_code == "complaint")
        missing = complaints.filtered(lambda t: not t.capa_ids)
        if missing:
            # the CAPA comes with the complaint, whoever records it (portal,
            # mail gateway); its values and steps are checked as the user
            Capa = self.env["aftersales.capa"].sudo()
            Capa.create([Capa._prepare_ticket_capa_vals(t) for t in missing])
        return complaints.capa_ids

    def _write_capa_vals(self, capa_vals):
        """Give the tickets' CAPAs the ticket's ``capa_*`` values: write them
        to the CAPAs, or create the CAPAs with them (a ticket that is not a
        complaint gets a CAPA only when CAPA values are given to it)."""
        self._ensure_capa()
        Capa = self.env["aftersales.capa"]
        vals = Capa._prepare_ticket_capa_vals(self.browse(), capa_vals)
        del vals["ticket_id"]
        self.capa_ids.write(vals)
        missing = self.filtered(lambda t: not t.capa_ids)
        if missing:
            Capa.create([dict(vals, ticket_id=ticket.id) for ticket in missing])

    # ------------------------------------------------------------------
    # Business helpers: escalation and reports
    # ------------------------------------------------------------------
    def _prepare_escalation_vals(self, reason, team):
        self.ensure_one()
        return {
            "ticket_id": self.id,
            "reason": reason,
            "from_team_id": self.team_id.id,
            "to_team_id": team.id if team else self.team_id.id,
        }

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"{self.reference}"
