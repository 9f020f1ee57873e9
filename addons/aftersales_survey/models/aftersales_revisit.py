from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AftersalesRevisit(models.Model):
    """A regular revisit (回访) of a key or important customer (SRV-02..09)."""

    _name = "aftersales.revisit"
    _description = "Customer Revisit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    revisit_tier = fields.Selection(
        related="partner_id.aftersales_revisit_tier", string="Revisit Class"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        domain=[("share", "=", False)],
        default=lambda self: self.env.user,
        check_company=True,
    )
    date_due = fields.Date(
        string="Due Date", required=True, default=fields.Date.context_today
    )
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancel", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("visit", "Visit in person"),
            ("sms", "SMS"),
            ("email", "E-mail"),
            ("letter", "Letter"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    summary = fields.Html(string="Notes")
    finding_ids = fields.One2many(
        "aftersales.revisit.finding", "revisit_id", string="Findings"
    )
    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        copy=False,
        help="Optional satisfaction survey filled in during the revisit.",
    )
    ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="Consultation Ticket",
        copy=False,
        check_company=True,
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )

    @api.depends("state", "date_due")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for revisit in self:
            revisit.is_overdue = revisit.state == "planned" and (
                revisit.date_due < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on overdue revisits."))
        today = fields.Date.context_today(self)
        domain = [("state", "=", "planned"), ("date_due", "<", today)]
        if (operator == "=") == bool(value):
            return domain
        return ["!", "&", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"]._aftersales_next_by_code(
                    "aftersales.revisit"
                ) or _("New")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        for revisit in self:
            if revisit.state != "planned":
                raise UserError(_("Revisit %s is not planned any more.", revisit.name))
            if not revisit.channel:
                raise UserError(
                    _(
                        "Say how revisit %s was made (phone, visit ...) before "
                        "marking it done.",
                        revisit.name,
                    )
                )
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})
        activities = self.activity_ids
        if activities:
            activities.action_feedback(feedback=_("Revisit done."))

    def action_cancel(self):
        self.filtered(lambda r: r.state == "planned").state = "cancel"
        self.activity_unlink(["aftersales_survey.mail_activity_type_revisit"])

    def action_reset_planned(self):
        self.filtered(lambda r: r.state == "cancel").state = "planned"

    def action_start_survey(self):
        """Fill in the satisfaction survey with the customer during the revisit."""
        self.ensure_one()
        if self.state != "planned":
            raise UserError(_("Revisit %s is not planned any more.", self.name))
        answer = self.survey_user_input_id
        if not answer or answer.state == "done":
            survey = self.env["aftersales.team"]._default_survey_id()
            if not survey:
                raise UserError(_("No satisfaction survey is configured."))
            answer = survey.sudo()._create_answer(
                partner=self.partner_id,
                check_attempts=False,
                aftersales_channel="phone",
            )
            self.survey_user_input_id = answer
        return {
            "type": "ir.actions.act_url",
            "url": answer.get_start_url(),
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Scheduling
    # ------------------------------------------------------------------
    @api.model
    def _prepare_revisit_vals(self, partner):
        return {
            "partner_id": partner.id,
            "company_id": (partner.company_id or self.env.company).id,
            "user_id": partner._aftersales_revisit_responsible().id,
            "date_due": partner.aftersales_next_revisit_date,
        }

    def _prepare_revisit_ticket_vals(self):
        self.ensure_one()
        return {
            "name": _("Revisit %s", self.partner_id.display_name),
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "ticket_type_id": self.env.ref(
                "aftersales_service.ticket_type_consultation"
            ).id,
            "channel": "phone",
        }

    def _schedule_reminders(self):
        """An activity for the responsible, or a consultation ticket,
        following the company's setting."""
        by_ticket = self.filtered(
            lambda r: r.company_id.aftersales_revisit_mode == "ticket"
        )
        if by_ticket:
            tickets = self.env["aftersales.ticket"].create(
                [revisit._prepare_revisit_ticket_vals() for revisit in by_ticket]
            )
            for revisit, ticket in zip(by_ticket, tickets, strict=False):
                revisit.ticket_id = ticket
        for revisit in self - by_ticket:
            revisit.activity_schedule(
                "aftersales_survey.mail_activity_type_revisit",
                date_deadline=revisit.date_due,
                user_id=revisit.user_id.id or self.env.user.id,
                summary=_("Revisit %s", revisit.partner_id.display_name),
            )

    @api.model
    def _cron_schedule_revisits(self):
        """Create the revisits of customers whose revisit is due, unless one
        is already planned."""
        today = fields.Date.context_today(self)
        partners = self.env["res.partner"].search(
            [
                ("aftersales_revisit_tier", "!=", False),
                ("aftersales_next_revisit_date", "<=", today),
            ]
        )
        if not partners:
            return self
        planned = {
            partner
            for [partner] in self._read_group(
                [("partner_id", "in", partners.ids), ("state", "=", "planned")],
                ["partner_id"],
            )
        }
        todo = partners.filtered(lambda p: p not in planned)
        revisits = self.create([self._prepare_revisit_vals(p) for p in todo])
        revisits._schedule_reminders()
        return revisits
