from odoo import _, api, fields, models
from odoo.exceptions import UserError

TICKET_PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]


class AftersalesTicket(models.Model):
    _name = "aftersales.ticket"
    _description = "After-Sales Ticket"
    _inherit = ["portal.mixin", "mail.thread.cc", "mail.activity.mixin"]
    _order = "priority desc, id desc"
    _rec_names_search = ["reference", "name", "partner_id.name"]
    _check_company_auto = True
    _primary_email = "partner_email"

    reference = fields.Char(
        required=True, readonly=True, copy=False, index="trigram", default="/"
    )
    name = fields.Char(string="Summary", required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    color = fields.Integer()
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
    priority = fields.Selection(TICKET_PRIORITIES, default="1", tracking=True)
    tag_ids = fields.Many2many("aftersales.ticket.tag", string="Tags")
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
    # Project link (TKT-03): one sale order has many tickets.
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
    closed_date = fields.Datetime(readonly=True, copy=False)
    # Diagnosis (CMP-01..05, WTY)
    quality_issue = fields.Selection(
        [
            ("pending", "Pending"),
            ("confirmed", "Confirmed"),
            ("not_confirmed", "Not confirmed"),
        ],
        default="pending",
        required=True,
        tracking=True,
    )
    defect_code_id = fields.Many2one(
        "aftersales.defect.code", string="Defect Code", tracking=True, index=True
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
    )
    root_cause = fields.Text()
    corrective_action = fields.Text()
    preventive_action = fields.Text()
    is_major_issue = fields.Boolean(string="Major Quality Issue", tracking=True)
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

    _sql_constraints = [
        (
            "reference_company_uniq",
            "unique(reference, company_id)",
            "The ticket reference must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------
    @api.model
    def _default_stage_id(self):
        team_id = self.env.context.get("default_team_id")
        domain = [("is_new", "=", True)]
        if team_id:
            domain += ["|", ("team_ids", "=", False), ("team_ids", "in", team_id)]
        return self.env["aftersales.ticket.stage"].search(domain, limit=1) or self.env[
            "aftersales.ticket.stage"
        ].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        team_id = self.env.context.get("default_team_id")
        stage_domain = []
        if team_id:
            stage_domain = ["|", ("team_ids", "=", False), ("team_ids", "in", team_id)]
        return stages.search(stage_domain)

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

    @api.depends("warranty_state")
    def _compute_service_category(self):
        for ticket in self:
            if ticket.service_category in ("contract", "internal"):
                continue
            ticket.service_category = (
                "warranty" if ticket.warranty_state == "in_warranty" else "paid"
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/aftersales/tickets/{ticket.id}"
        return res

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = (
                f"{ticket.reference} {ticket.name}"
                if ticket.reference and ticket.reference != "/"
                else ticket.name
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
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
                ).next_by_code("aftersales.ticket") or _("New")
        tickets = super().create(vals_list)
        tickets._stage_entered(tickets.stage_id, fields.Datetime.now())
        tickets._subscribe_customer()
        tickets._notify_major_issue()
        return tickets

    def write(self, vals):
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
    # Stage transitions
    # ------------------------------------------------------------------
    def _check_stage_change(self, new_stage):
        """Guards run before anything is written, so a refused move leaves
        the ticket untouched."""
        if not new_stage.is_closed:
            return
        pending = self.filtered(
            lambda t: t.ticket_type_id.requires_quality_decision
            and t.quality_issue == "pending"
        )
        if pending:
            raise UserError(
                _(
                    "Decide whether there is a quality issue before closing "
                    "%(tickets)s: set 'Quality Issue' to Confirmed or Not confirmed.",
                    tickets=", ".join(pending.mapped("display_name")),
                )
            )

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
        """Customers follow their tickets; one subscription per customer."""
        for partner in self.partner_id:
            self.filtered(lambda t, p=partner: t.partner_id == p).message_subscribe(
                partner_ids=partner.ids
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
    # Mail
    # ------------------------------------------------------------------
    def _track_template(self, changes):
        res = super()._track_template(changes)
        ticket = self[0]
        if "stage_id" in changes and ticket.stage_id.mail_template_id:
            res["stage_id"] = (
                ticket.stage_id.mail_template_id,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mt_note"
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
        self.write({"user_id": self.env.user.id})

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"{self.reference}"
