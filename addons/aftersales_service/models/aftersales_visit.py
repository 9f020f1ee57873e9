from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

from ..tools import url_in_lang
from .aftersales_guarded_mixin import guarded_action

VISIT_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class AftersalesVisit(models.Model):
    """On-site visit of technicians with its signed service report
    (售后服务报告单, FLD-01..13)."""

    _name = "aftersales.visit"
    _description = "After-Sales On-Site Visit"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "aftersales.guarded.mixin",
    ]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = (
        "state",
        "approved_by_id",
        "signature",
        "signed_by",
        "signed_on",
        "arrival_date",
    )
    _order = "scheduled_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    # a visit serves a ticket, or a preventive maintenance plan (巡检/保养)
    ticket_id = fields.Many2one(
        "aftersales.ticket",
        index="btree_not_null",
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    maintenance_plan_id = fields.Many2one(
        "aftersales.maintenance.plan",
        string="Maintenance Plan",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
    )
    # as a related field did: a technician of the visit may not read the ticket
    partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_partner_id",
        compute_sudo=True,
        string="Customer",
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_commercial_partner_id",
        string="Customer Company",
        store=True,
        index=True,
        precompute=True,
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Installed Unit",
        compute="_compute_equipment_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
        help="The unit in the field this visit serves (from the ticket or the "
        "maintenance plan).",
    )
    user_ids = fields.Many2many(
        "res.users",
        "aftersales_visit_user_rel",
        "visit_id",
        "user_id",
        string="Technicians",
        domain=[("share", "=", False)],
    )
    scheduled_start = fields.Datetime(required=True, tracking=True)
    scheduled_end = fields.Datetime(required=True, tracking=True)
    arrival_date = fields.Datetime(
        string="Arrived On Site",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="When the technician checked in on site: the on-site target of "
        "the ticket's service contract is met or breached by the first "
        "arrival.",
        groups="base.group_user",
    )
    state = fields.Selection(
        VISIT_STATES, default="draft", required=True, tracking=True, copy=False
    )
    travel_required = fields.Boolean(
        help="A trip needs the manager's approval before the visit (FLD-05).",
        groups="base.group_user",
    )
    travel_destination = fields.Char(groups="base.group_user")
    travel_days_estimated = fields.Float(
        string="Estimated Travel Days", groups="base.group_user"
    )
    line_ids = fields.One2many(
        "aftersales.visit.line", "visit_id", string="Equipment", copy=True
    )
    work_performed = fields.Html()
    part_ids = fields.One2many("aftersales.visit.part", "visit_id", string="Parts Used")
    expense_ids = fields.One2many(
        "aftersales.visit.expense",
        "visit_id",
        string="Expenses",
        groups="aftersales_service.group_aftersales_user",
    )
    expense_total = fields.Monetary(
        compute="_compute_expense_total",
        currency_field="company_currency_id",
        groups="aftersales_service.group_aftersales_user",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    satisfaction = fields.Selection(
        [
            ("1", "Very dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Neutral"),
            ("4", "Satisfied"),
            ("5", "Very satisfied"),
        ],
        string="Customer Satisfaction",
        copy=False,
    )
    customer_comment = fields.Text(copy=False)
    signed_by = fields.Char(copy=False)
    signature = fields.Image(
        max_width=1024, max_height=1024, copy=False, attachment=True
    )
    signed_on = fields.Datetime(copy=False)
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, groups="base.group_user"
    )
    work_log_ids = fields.One2many(
        "aftersales.work.log",
        "visit_id",
        groups="aftersales_service.group_aftersales_user",
    )
    work_hours = fields.Float(
        string="Hours Worked",
        compute="_compute_work_hours",
        store=True,
        groups="aftersales_service.group_aftersales_user",
    )

    # next steps: which header buttons apply to the visit as it stands (each
    # computed from the refusal its action raises)
    can_submit = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_approve = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_done = fields.Boolean(compute="_compute_can_actions", groups="base.group_user")
    can_check_in = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_sign_on_site = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_print_report = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )
    can_draft = fields.Boolean(compute="_compute_can_actions", groups="base.group_user")
    can_cancel = fields.Boolean(
        compute="_compute_can_actions", groups="base.group_user"
    )

    # ---- Preventive maintenance (FLD-14..16) ----
    maintenance_due_date = fields.Date(
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="The day the plan's maintenance is due.",
    )
    maintenance_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_maintenance_overdue",
        search="_search_maintenance_overdue",
        help="A maintenance visit whose due date has passed and is not done.",
    )
    reading_ids = fields.One2many(
        "aftersales.visit.reading", "visit_id", string="Readings", copy=True
    )
    reading_out_count = fields.Integer(
        string="Readings Out of Tolerance", compute="_compute_reading_out_count"
    )
    maintenance_ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="Follow-up Ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Opened on the unit when the maintenance found readings out of "
        "tolerance.",
    )

    _sql_constraints = [
        (
            "maintenance_due_uniq",
            "unique(maintenance_plan_id, maintenance_due_date)",
            "A maintenance plan has one visit per due date.",
        ),
    ]

    @api.depends(
        "ticket_id.company_id", "maintenance_plan_id.company_id", "equipment_id"
    )
    def _compute_company_id(self):
        for visit in self:
            visit.company_id = (
                visit.ticket_id.company_id
                or visit.maintenance_plan_id.company_id
                or visit.equipment_id.company_id
                or visit.company_id
            )

    @api.depends(
        "ticket_id.partner_id",
        "equipment_id.partner_id",
        "equipment_id.site_partner_id",
    )
    def _compute_partner_id(self):
        for visit in self:
            equipment = visit.equipment_id
            visit.partner_id = (
                visit.ticket_id.partner_id
                if visit.ticket_id
                else equipment.site_partner_id or equipment.partner_id
            )

    @api.depends(
        "ticket_id.commercial_partner_id", "equipment_id.commercial_partner_id"
    )
    def _compute_commercial_partner_id(self):
        # the portal rule: a ticket's visits follow the ticket's customer, a
        # maintenance visit the unit's owner
        for visit in self:
            visit.commercial_partner_id = (
                visit.ticket_id.commercial_partner_id
                if visit.ticket_id
                else visit.equipment_id.commercial_partner_id
            )

    @api.depends("ticket_id.equipment_id", "maintenance_plan_id.equipment_id")
    def _compute_equipment_id(self):
        for visit in self:
            equipment = (
                visit.ticket_id.equipment_id or visit.maintenance_plan_id.equipment_id
            )
            visit.equipment_id = equipment or visit.equipment_id

    @api.depends("maintenance_due_date", "state")
    def _compute_maintenance_overdue(self):
        today = fields.Date.context_today(self)
        for visit in self:
            visit.maintenance_overdue = bool(
                visit.maintenance_due_date
                and visit.maintenance_due_date < today
                and visit.state not in ("done", "cancelled")
            )

    def _search_maintenance_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(_("Unsupported search on the overdue flag."))
        today = fields.Date.context_today(self)
        overdue = [
            ("maintenance_due_date", "<", today),
            ("state", "not in", ("done", "cancelled")),
        ]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", "&", *overdue]

    @api.depends("reading_ids.in_tolerance", "reading_ids.is_measured")
    def _compute_reading_out_count(self):
        for visit in self:
            visit.reading_out_count = len(
                visit.reading_ids.filtered(
                    lambda r: r.is_measured and not r.in_tolerance
                )
            )

    @api.depends("work_log_ids.hours")
    def _compute_work_hours(self):
        for visit in self:
            visit.work_hours = sum(visit.work_log_ids.mapped("hours"))

    @api.depends("expense_ids.amount_company")
    def _compute_expense_total(self):
        for visit in self:
            visit.expense_total = sum(visit.expense_ids.mapped("amount_company"))

    @api.depends("state", "travel_required", "signature", "arrival_date")
    @api.depends_context("uid")
    def _compute_can_actions(self):
        for visit in self:
            visit.can_submit = not visit._refusal_submit()
            visit.can_approve = not visit._refusal_approve()
            visit.can_done = not visit._refusal_done()
            visit.can_check_in = not visit._refusal_check_in()
            visit.can_sign_on_site = not visit._refusal_sign()
            visit.can_print_report = not visit._refusal_print_report()
            visit.can_draft = not visit._refusal_draft()
            visit.can_cancel = not visit._refusal_cancel()

    def _compute_access_url(self):
        res = super()._compute_access_url()
        # links to the portal (e-mails, customer preview) open it in the
        # customer's language
        for visit in self:
            visit.access_url = url_in_lang(
                self.env, f"/my/aftersales/visits/{visit.id}", visit.partner_id.lang
            )
        return res

    @api.constrains("ticket_id", "maintenance_plan_id")
    def _check_ticket_or_plan(self):
        for visit in self:
            if not (visit.ticket_id or visit.maintenance_plan_id):
                raise ValidationError(
                    _(
                        "Visit %s serves a ticket or a maintenance plan: set one.",
                        visit.name,
                    )
                )

    @api.constrains("maintenance_plan_id", "equipment_id")
    def _check_plan_equipment(self):
        for visit in self.filtered("maintenance_plan_id"):
            if visit.equipment_id != visit.maintenance_plan_id.equipment_id:
                raise ValidationError(
                    _(
                        "Maintenance visit %(visit)s must be on the unit of its "
                        "plan, %(equipment)s.",
                        visit=visit.name,
                        equipment=visit.maintenance_plan_id.equipment_id.display_name,
                    )
                )

    @api.constrains("scheduled_start", "scheduled_end")
    def _check_schedule(self):
        for visit in self:
            if visit.scheduled_end < visit.scheduled_start:
                raise ValidationError(
                    _("Visit %s ends before it starts: fix the schedule.", visit.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"]._aftersales_next_by_code(
                    "aftersales.visit"
                ) or _("New")
        visits = super().create(vals_list)
        # also when neither is given (a constraint checks given fields only)
        visits._check_ticket_or_plan()
        # the unit, precomputed on the records before they had an id, left
        # those new records in its cached visit lists
        visits.equipment_id.invalidate_recordset(["visit_ids", "maintenance_visit_ids"])
        return visits

    def write(self, vals):
        self._check_done_edit()
        return super().write(vals)

    def _is_manager(self):
        return self.env.user.has_group("aftersales_service.group_aftersales_manager")

    def _check_done_edit(self):
        """A done visit is a signed record: only managers correct it."""
        if self.env.su or self._is_manager():
            return
        done = self.filtered(lambda v: v.state == "done")
        if done:
            raise UserError(
                _(
                    "Visit %(visits)s is done: only an after-sales manager can "
                    "change it.",
                    visits=", ".join(done.mapped("name")),
                )
            )

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Service Report %s", self.name)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    # guards: the reason an action is refused, or False; the can_* fields and
    # the actions both use them
    def _refusal_state(self, allowed, action):
        self.ensure_one()
        if not self.id:
            return _("Save the visit first.")
        if self.state not in allowed:
            return _(
                "Visit %(visits)s cannot be %(action)s in its current state.",
                visits=self.name,
                action=action,
            )
        return False

    def _refusal_submit(self):
        refusal = self._refusal_state(("draft",), _("submitted"))
        if not refusal and not self.travel_required:
            refusal = _("Visit %s has no travel: approve it directly.", self.name)
        return refusal

    def _refusal_approve(self):
        refusal = self._refusal_state(("draft", "to_approve"), _("approved"))
        if refusal or not self.travel_required:
            return refusal
        if self.state == "draft":
            return _(
                "Visit %s needs travel: submit it for the manager's " "approval first.",
                self.name,
            )
        if not self.env.user.has_group(
            "aftersales_service.group_aftersales_general_manager"
        ):
            return _(
                "Only the general manager can approve the travel of visit %s "
                "(FLD-05).",
                self.name,
            )
        return False

    def _refusal_done(self):
        return self._refusal_state(("approved",), _("marked done"))

    def _refusal_check_in(self):
        refusal = self._refusal_state(("approved",), _("checked in"))
        if not refusal and self.arrival_date:
            refusal = _("The technician already checked in on visit %s.", self.name)
        return refusal

    def _refusal_sign(self):
        self.ensure_one()
        if self.state != "done":
            return _(
                "Visit %s is not done yet: its report cannot be signed.", self.name
            )
        if self.signature:
            return _("The service report %s is already signed.", self.name)
        return False

    def _refusal_print_report(self):
        return self._refusal_state(("done",), _("printed"))

    def _refusal_draft(self):
        return self._refusal_state(("to_approve", "cancelled"), _("reset to draft"))

    def _refusal_cancel(self):
        return self._refusal_state(("draft", "to_approve", "approved"), _("cancelled"))

    @guarded_action
    def action_submit(self):
        """Send a trip for the manager's approval (FLD-05)."""
        self._aftersales_ensure("_refusal_submit")
        managers = self.env.ref(
            "aftersales_service.group_aftersales_general_manager"
        ).users
        for visit in self:
            visit.state = "to_approve"
            visit.message_post(
                body=_(
                    "Travel to %(dest)s (%(days)s days) submitted for approval.",
                    dest=visit.travel_destination or "-",
                    days=visit.travel_days_estimated,
                ),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    @guarded_action
    def action_approve(self):
        """Approve the visit; a trip needs a manager once submitted."""
        self._aftersales_ensure("_refusal_approve")
        self.write({"state": "approved", "approved_by_id": self.env.user.id})
        for visit in self:
            visit.message_post(
                body=_("Visit approved by %s.", self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )

    @guarded_action
    def action_check_in(self):
        """The technician is on site: record the arrival (the on-site target
        of the ticket's service contract)."""
        self._aftersales_ensure("_refusal_check_in")
        self.write({"arrival_date": fields.Datetime.now()})
        for visit in self:
            visit.message_post(
                body=_("%s checked in on site.", self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )

    @guarded_action
    def action_done(self):
        """Close the visit; the work performed must be written (FLD-09)."""
        self._aftersales_ensure("_refusal_done")
        # what the report needs, not a guard: the button stays to say so
        empty = self.filtered(lambda v: not v._has_work_performed())
        if empty:
            raise UserError(
                _(
                    "Describe the work performed on visit %s before marking it done.",
                    ", ".join(empty.mapped("name")),
                )
            )
        self._check_readings_taken()
        self._open_out_of_tolerance_tickets()
        self.write({"state": "done"})
        for visit in self:
            visit.message_post(body=_("Visit done."), subtype_xmlid="mail.mt_note")

    def _has_work_performed(self):
        self.ensure_one()
        return not is_html_empty(self.work_performed)

    @guarded_action
    def action_cancel(self):
        self._aftersales_ensure("_refusal_cancel")
        self.write({"state": "cancelled"})

    @guarded_action
    def action_draft(self):
        self._aftersales_ensure("_refusal_draft")
        self.write({"state": "draft", "approved_by_id": False})

    def action_sign(self, name, signature):
        """The customer signs the service report (portal, or a link with the
        document's token). Only the customer: an employee records a
        signature given in front of them with :meth:`action_sign_on_site`."""
        self.ensure_one()
        user = self.env.user
        if not user.share:
            raise UserError(
                _(
                    "Only the customer signs the service report %s: hand them "
                    "your device with 'Customer Signs On Site'.",
                    self.name,
                )
            )
        signer = self.partner_id if user._is_public() else user.partner_id
        self.sudo()._aftersales_record_signature(name, signature, signer)
        return True

    def action_sign_on_site(self, name, signature):
        """The customer signs on the technician's device: recorded as such,
        by an employee who may edit the visit."""
        self.ensure_one()
        self.check_access("write")
        self.sudo()._aftersales_record_signature(
            name, signature, self.partner_id, device_user=self.env.user
        )
        return True

    def action_open_sign_on_site(self):
        self.ensure_one()
        self._aftersales_ensure("_refusal_sign")
        return {
            "type": "ir.actions.act_window",
            "name": _("Customer Signs On Site"),
            "res_model": "aftersales.visit.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_visit_id": self.id,
                "default_signed_by": self.partner_id.name,
            },
        }

    @guarded_action
    def _aftersales_record_signature(self, name, signature, signer, device_user=None):
        """Store the signature and post the note as the ``signer`` (the
        customer), saying on whose device it was given if not their own."""
        self.ensure_one()
        self._aftersales_ensure("_refusal_sign")
        name = (name if isinstance(name, str) else "").strip()
        if not name:
            raise UserError(_("Enter the name of the person who signs."))
        if not (isinstance(signature, str | bytes) and signature):
            raise UserError(_("Draw the signature before signing."))
        self.write(
            {
                "signed_by": name,
                "signature": signature,
                "signed_on": fields.Datetime.now(),
            }
        )
        if device_user:
            body = _(
                "Service report signed by %(name)s on site, on the device of "
                "%(user)s.",
                name=name,
                user=device_user.name,
            )
        else:
            body = _("Service report signed by %s.", name)
        self.message_post(body=body, author_id=signer.id, subtype_xmlid="mail.mt_note")

    def action_print_report(self):
        self._aftersales_ensure("_refusal_print_report")
        return self.env.ref(
            "aftersales_service.action_report_aftersales_visit"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Preventive maintenance helpers
    # ------------------------------------------------------------------
    def _check_readings_taken(self):
        missing = self.filtered(
            lambda v: v.reading_ids.filtered(lambda r: not r.is_measured)
        )
        if missing:
            raise UserError(
                _(
                    "Take every reading of the checklist on visit %s before "
                    "marking it done.",
                    ", ".join(missing.mapped("name")),
                )
            )

    def _prepare_out_of_tolerance_ticket_vals(self, readings):
        """Values of the ticket opened on the unit of this maintenance visit
        for its ``readings`` out of tolerance."""
        self.ensure_one()
        equipment = self.equipment_id
        ticket_type = self.env.ref(
            "aftersales_service.ticket_type_maintenance", raise_if_not_found=False
        )
        lines = Markup().join(
            Markup("<li>%s</li>") % reading._describe() for reading in readings
        )
        return {
            "name": _(
                "Readings out of tolerance on %s", equipment.display_name or self.name
            ),
            "company_id": self.company_id.id,
            "partner_id": (equipment.site_partner_id or equipment.partner_id).id,
            "equipment_id": equipment.id,
            "product_id": equipment.product_id.id,
            "lot_id": equipment.lot_id.id,
            "ticket_type_id": ticket_type.id if ticket_type else False,
            "channel": "field",
            "user_id": self.maintenance_plan_id.technician_id.id or self.env.uid,
            "description": Markup("<p>%s</p><ul>%s</ul>")
            % (_("Maintenance visit %s found:", self.name), lines),
        }

    def _open_out_of_tolerance_tickets(self):
        """Open one ticket per maintenance visit with readings out of
        tolerance (one ``create`` for the batch), linked from the visit."""
        visits = self.filtered(
            lambda v: v.maintenance_plan_id
            and not v.maintenance_ticket_id
            and v.reading_out_count
        )
        if not visits:
            return self.env["aftersales.ticket"]
        vals_list = [
            visit._prepare_out_of_tolerance_ticket_vals(
                visit.reading_ids.filtered(
                    lambda r: r.is_measured and not r.in_tolerance
                )
            )
            for visit in visits
        ]
        tickets = self.env["aftersales.ticket"].create(vals_list)
        for visit, ticket in zip(visits, tickets, strict=True):
            visit.maintenance_ticket_id = ticket
            visit.message_post(
                body=_(
                    "Readings out of tolerance: ticket %s opened on the unit.",
                    ticket._get_html_link(title=ticket.reference),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return tickets
