# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .aftersales_guarded_mixin import guarded_action

TRAINING_STATES = [
    ("draft", "Planned"),
    ("done", "Attended"),
    ("cancelled", "Cancelled"),
]


class AftersalesTraining(models.Model):
    """A training session of the customer's staff tied to an installation
    (培训, TRN-01/02): trainees, content, hours and the attendance they
    sign. The first sessions of an installation are free, later ones are
    quoted (TRN-03, a company setting)."""

    _name = "aftersales.training"
    _description = "After-Sales Customer Training"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.guarded.mixin"]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = ("state", "signature", "signed_by", "signed_on")
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # The session
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    installation_id = fields.Many2one(
        "aftersales.installation",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="installation_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="installation_id.partner_id", string="Customer", store=True
    )
    commercial_partner_id = fields.Many2one(
        related="installation_id.commercial_partner_id", store=True, index=True
    )
    training_type = fields.Selection(
        [
            ("basic", "Basic training"),
            ("on_site", "On-site training"),
            ("maintenance", "Maintenance training"),
        ],
        default="basic",
        required=True,
        help="The two stages of TRN-02 (basic, then on site), or training of "
        "the customer's maintenance staff.",
    )
    date_start = fields.Datetime(
        string="Date", required=True, tracking=True, default=fields.Datetime.now
    )
    duration = fields.Float(string="Hours", default=2.0, tracking=True)
    trainer_id = fields.Many2one(
        "res.users",
        string="Trainer",
        tracking=True,
        default=lambda self: self.env.user if not self.env.user.share else False,
        domain=[("share", "=", False)],
    )
    trainee_partner_ids = fields.Many2many(
        "res.partner",
        "aftersales_training_trainee_rel",
        "training_id",
        "partner_id",
        string="Trainees",
        help="Trainees the customer named who are contacts in the system.",
    )
    trainee_names = fields.Text(
        string="Other Trainees", help="Names of the other trainees, one a line."
    )
    trainee_count = fields.Integer(compute="_compute_trainee_count", store=True)
    content = fields.Html(help="The course outline (TRN-02).")
    state = fields.Selection(
        TRAINING_STATES, default="draft", required=True, tracking=True, copy=False
    )
    signed_by = fields.Char(copy=False)
    signature = fields.Image(
        max_width=1024, max_height=1024, copy=False, attachment=True
    )
    signed_on = fields.Datetime(copy=False)

    # ------------------------------------------------------------------
    # Charging (TRN-03, FEE-04): through a sale quotation
    # ------------------------------------------------------------------
    is_free = fields.Boolean(
        string="Free Session",
        compute="_compute_is_free",
        store=True,
        help="Among the first sessions of its installation the company gives "
        "free of charge (Settings); later sessions are quoted.",
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Quotation", readonly=True, copy=False, check_company=True
    )

    can_sign = fields.Boolean(compute="_compute_can_actions")
    can_create_quotation = fields.Boolean(compute="_compute_can_actions")
    can_cancel = fields.Boolean(compute="_compute_can_actions")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("trainee_partner_ids", "trainee_names")
    def _compute_trainee_count(self):
        for training in self:
            names = [
                line
                for line in (training.trainee_names or "").splitlines()
                if line.strip()
            ]
            training.trainee_count = len(training.trainee_partner_ids) + len(names)

    @api.depends(
        "installation_id.training_ids.date_start",
        "installation_id.training_ids.state",
        "installation_id.company_id.aftersales_free_training_sessions",
        "state",
    )
    def _compute_is_free(self):
        for training in self:
            installation = training.installation_id
            free = installation.company_id.aftersales_free_training_sessions
            sessions = installation.training_ids.filtered(
                lambda t: t.state != "cancelled" and t.id
            ).sorted(lambda t: (t.date_start, t.id))
            if training.state == "cancelled" or not training.id:
                training.is_free = False
                continue
            training.is_free = training in sessions[: max(free, 0)]

    @api.depends("state", "signature", "is_free", "sale_order_id")
    def _compute_can_actions(self):
        for training in self:
            training.can_sign = not training._refusal_sign()
            training.can_create_quotation = not training._refusal_create_quotation()
            training.can_cancel = not training._refusal_cancel()

    # ------------------------------------------------------------------
    # Constraints (bad input)
    # ------------------------------------------------------------------
    @api.constrains("duration")
    def _check_duration(self):
        for training in self:
            if training.duration <= 0:
                raise ValidationError(
                    _("The hours of training %s must be positive.", training.name)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"]._aftersales_next_by_code(
                    "aftersales.training"
                ) or _("New")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_sign_on_site(self, name, signature):
        """The trainees' representative signs the attendance on the
        trainer's device: the session is attended (TRN-02)."""
        self.ensure_one()
        self.check_access("write")
        self._aftersales_record_attendance(name, signature)
        return True

    def action_open_sign_on_site(self):
        self.ensure_one()
        self._aftersales_ensure("_refusal_sign")
        return {
            "type": "ir.actions.act_window",
            "name": _("Sign the Attendance"),
            "res_model": "aftersales.training.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_training_id": self.id},
        }

    @guarded_action
    def _aftersales_record_attendance(self, name, signature):
        self._aftersales_ensure("_refusal_sign")
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            raise UserError(_("Enter the name of the person who signs."))
        signature = self.env["aftersales.installation"]._aftersales_clean_signature(
            signature
        )
        self.write(
            {
                "state": "done",
                "signed_by": name,
                "signature": signature,
                "signed_on": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=_("Attendance signed by %s.", name), subtype_xmlid="mail.mt_note"
        )

    @guarded_action
    def action_cancel(self):
        self._aftersales_ensure("_refusal_cancel")
        self.write({"state": "cancelled"})

    def action_create_quotation(self):
        """Quote a chargeable session to the customer (TRN-03): a sale
        quotation of the company's training product, hours as quantity."""
        self._aftersales_ensure("_refusal_create_quotation")
        orders = self.env["sale.order"]
        for training in self:
            order = orders.create(training._prepare_sale_order_vals())
            training.sale_order_id = order
            training.message_post(
                body=_("Quotation %s created for this chargeable session.", order.name),
                subtype_xmlid="mail.mt_note",
            )
            orders |= order
        if len(orders) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "sale.order",
                "res_id": orders.id,
                "view_mode": "form",
            }
        return True

    def _prepare_sale_order_vals(self):
        self.ensure_one()
        product = self._aftersales_training_product()
        return {
            "partner_id": self.commercial_partner_id.id,
            "company_id": self.company_id.id,
            "origin": f"{self.installation_id.name} / {self.name}",
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": self.duration,
                        "name": _(
                            "%(product)s: %(training)s of %(date)s",
                            product=product.display_name,
                            training=self.name,
                            date=fields.Date.to_string(self.date_start.date()),
                        ),
                    }
                )
            ],
        }

    def _aftersales_training_product(self):
        self.ensure_one()
        product = self.company_id.aftersales_training_product_id or self.env.ref(
            "aftersales_service.product_aftersales_training", raise_if_not_found=False
        )
        if not product:
            raise UserError(
                _(
                    "No training product is configured for %s: set it in "
                    "After-Sales > Configuration > Settings.",
                    self.company_id.name,
                )
            )
        return product

    # ------------------------------------------------------------------
    # Business helpers: button guards
    # ------------------------------------------------------------------
    def _refusal_sign(self):
        self.ensure_one()
        if self.state != "draft" or self.signature:
            return _(
                "Training %s is not planned any more: its attendance cannot be "
                "signed.",
                self.name,
            )
        return False

    def _refusal_create_quotation(self):
        self.ensure_one()
        if self.is_free:
            return _("Training %s is free of charge: nothing to quote.", self.name)
        if self.state == "cancelled":
            return _("Training %s is cancelled.", self.name)
        if self.sale_order_id:
            return _(
                "Training %(training)s is already quoted in %(order)s.",
                training=self.name,
                order=self.sale_order_id.name,
            )
        return False

    def _refusal_cancel(self):
        self.ensure_one()
        if self.state != "draft":
            return _("Only a planned training session can be cancelled.")
        return False
