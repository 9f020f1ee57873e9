# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import url_in_lang
from .aftersales_guarded_mixin import guarded_action

INSTALLATION_STATES = [
    ("draft", "Planned"),
    ("installation", "Installation"),
    ("initial_acceptance", "Initial Acceptance"),
    ("trial_run", "Trial Run"),
    ("final_acceptance", "Final Acceptance"),
    ("done", "Acceptance Signed"),
    ("cancelled", "Cancelled"),
]

# action -> (from states, to state) of the phases (INS-02); the final
# acceptance is left by the customer's signature only
INSTALLATION_STEPS = {
    "start": (("draft",), "installation"),
    "initial_acceptance": (("installation",), "initial_acceptance"),
    "trial_run": (("initial_acceptance",), "trial_run"),
    "final_acceptance": (("trial_run",), "final_acceptance"),
    "cancel": (
        (
            "draft",
            "installation",
            "initial_acceptance",
            "trial_run",
            "final_acceptance",
        ),
        "cancelled",
    ),
    "draft": (("cancelled",), "draft"),
}


class AftersalesInstallation(models.Model):
    """Installation and commissioning order (安装调试单, INS-01..07): the
    units of one delivery or project, installed by technicians, through
    initial acceptance and trial run to the final acceptance the customer
    signs, which starts the warranty of units whose warranty runs from
    acceptance (WTY-05)."""

    _name = "aftersales.installation"
    _description = "After-Sales Installation and Acceptance"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "aftersales.guarded.mixin",
    ]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = (
        "state",
        "initial_acceptance_date",
        "acceptance_date",
        "signature",
        "signed_by",
        "signed_on",
    )
    _order = "planned_date_start desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Identity, customer and units
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    project_name = fields.Char(
        string="Project", help="The customer's project the units are installed for."
    )
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
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    site_partner_id = fields.Many2one(
        "res.partner",
        string="Site",
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="Where the units are installed: an address of the customer.",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        index="btree_not_null",
        check_company=True,
    )
    equipment_ids = fields.Many2many(
        "aftersales.equipment",
        "aftersales_installation_equipment_rel",
        "installation_id",
        "equipment_id",
        string="Units",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    equipment_count = fields.Integer(compute="_compute_equipment_count")
    state = fields.Selection(
        INSTALLATION_STATES,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )

    # ------------------------------------------------------------------
    # Planning and technicians (INS-01, INS-04)
    # ------------------------------------------------------------------
    planned_date_start = fields.Datetime(
        string="Planned Start", tracking=True, index=True
    )
    planned_date_end = fields.Datetime(string="Planned End", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user if not self.env.user.share else False,
        domain=[("share", "=", False)],
    )
    user_ids = fields.Many2many(
        "res.users",
        "aftersales_installation_user_rel",
        "installation_id",
        "user_id",
        string="Technicians",
        domain=[("share", "=", False)],
    )
    ticket_id = fields.Many2one(
        "aftersales.ticket",
        string="Service Ticket",
        readonly=True,
        copy=False,
        check_company=True,
        help="The installation ticket its on-site visits are planned on.",
    )
    visit_id = fields.Many2one(
        "aftersales.visit",
        string="On-Site Visit",
        readonly=True,
        copy=False,
        check_company=True,
    )

    # ------------------------------------------------------------------
    # Checklist, handover documents and measured values (INS-03, INS-06)
    # ------------------------------------------------------------------
    line_ids = fields.One2many(
        "aftersales.installation.line",
        "installation_id",
        string="Checklist",
        copy=True,
        domain=[("line_type", "=", "check")],
    )
    document_line_ids = fields.One2many(
        "aftersales.installation.line",
        "installation_id",
        string="Handover Documents",
        copy=True,
        domain=[("line_type", "=", "document")],
    )
    checklist_progress = fields.Float(compute="_compute_checklist_progress")
    note = fields.Html()

    # ------------------------------------------------------------------
    # Acceptance (INS-02/03): only the actions write these
    # ------------------------------------------------------------------
    initial_acceptance_date = fields.Date(copy=False, tracking=True)
    acceptance_date = fields.Date(
        string="Final Acceptance Date",
        copy=False,
        tracking=True,
        help="The day the customer signed the final acceptance.",
    )
    acceptance_comment = fields.Text(
        string="Customer Remarks", copy=False, help="Written by the customer."
    )
    signed_by = fields.Char(copy=False)
    signature = fields.Image(
        max_width=1024, max_height=1024, copy=False, attachment=True
    )
    signed_on = fields.Datetime(copy=False)

    # ------------------------------------------------------------------
    # Training (TRN-01..03)
    # ------------------------------------------------------------------
    training_ids = fields.One2many(
        "aftersales.training", "installation_id", string="Training Sessions"
    )
    training_count = fields.Integer(compute="_compute_training_count")

    # next steps: which header buttons apply (each computed from the
    # refusal its action raises)
    can_start = fields.Boolean(compute="_compute_can_actions")
    can_initial_acceptance = fields.Boolean(compute="_compute_can_actions")
    can_trial_run = fields.Boolean(compute="_compute_can_actions")
    can_final_acceptance = fields.Boolean(compute="_compute_can_actions")
    can_sign = fields.Boolean(compute="_compute_can_actions")
    can_schedule_visit = fields.Boolean(compute="_compute_can_actions")
    can_cancel = fields.Boolean(compute="_compute_can_actions")
    can_draft = fields.Boolean(compute="_compute_can_actions")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("equipment_ids")
    def _compute_equipment_count(self):
        for installation in self:
            installation.equipment_count = len(installation.equipment_ids)

    @api.depends("line_ids.done")
    def _compute_checklist_progress(self):
        for installation in self:
            lines = installation.line_ids
            installation.checklist_progress = (
                100.0 * len(lines.filtered("done")) / len(lines) if lines else 100.0
            )

    def _compute_training_count(self):
        counts = dict(
            self.env["aftersales.training"]._read_group(
                [("installation_id", "in", self.ids)], ["installation_id"], ["__count"]
            )
        )
        for installation in self:
            installation.training_count = counts.get(installation, 0)

    @api.depends("state", "signature", "visit_id.state", "equipment_ids")
    def _compute_can_actions(self):
        for installation in self:
            installation.can_start = not installation._refusal_step("start")
            installation.can_initial_acceptance = not installation._refusal_step(
                "initial_acceptance"
            )
            installation.can_trial_run = not installation._refusal_step("trial_run")
            installation.can_final_acceptance = not installation._refusal_step(
                "final_acceptance"
            )
            installation.can_sign = not installation._refusal_sign()
            installation.can_schedule_visit = not installation._refusal_schedule_visit()
            installation.can_cancel = not installation._refusal_step("cancel")
            installation.can_draft = not installation._refusal_step("draft")

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for installation in self:
            installation.access_url = url_in_lang(
                self.env,
                f"/my/aftersales/installations/{installation.id}",
                installation.partner_id.lang,
            )
        return res

    # ------------------------------------------------------------------
    # Constraints (bad input)
    # ------------------------------------------------------------------
    @api.constrains("planned_date_start", "planned_date_end")
    def _check_planned_dates(self):
        for installation in self:
            start, end = installation.planned_date_start, installation.planned_date_end
            if start and end and end < start:
                raise ValidationError(
                    _(
                        "The planned end of installation %s cannot be before "
                        "its planned start.",
                        installation.name,
                    )
                )

    @api.constrains("equipment_ids", "partner_id")
    def _check_equipment_owner(self):
        for installation in self:
            foreign = installation.equipment_ids.filtered(
                lambda e, i=installation: e.commercial_partner_id
                != i.commercial_partner_id
            )
            if foreign:
                raise ValidationError(
                    _(
                        "Installation %(installation)s is for %(customer)s: "
                        "%(units)s belong to another customer.",
                        installation=installation.name,
                        customer=installation.commercial_partner_id.display_name,
                        units=", ".join(foreign.mapped("display_name")),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"]._aftersales_next_by_code(
                    "aftersales.installation"
                ) or _("New")
        installations = super().create(vals_list)
        installations.filtered(
            lambda i: not i.line_ids and not i.document_line_ids
        )._aftersales_fill_checklist()
        return installations

    # ------------------------------------------------------------------
    # Created on delivery (INS-01)
    # ------------------------------------------------------------------
    @api.model
    def _aftersales_create_from_delivery(self, equipment, move_lines):
        """One installation order per delivery picking grouping its units
        of products that ask for installation. ``equipment`` are the units
        just created from ``move_lines`` (done deliveries). Batched: one
        create for all pickings."""
        equipment = equipment.filtered(
            "product_id.product_tmpl_id.aftersales_installation_required"
        )
        if not equipment:
            return self.browse()
        picking_of_lot = {
            (ml.lot_id.id, ml.company_id.id): ml.picking_id for ml in move_lines
        }
        units_by_picking = {}
        for unit in equipment:
            picking = picking_of_lot.get((unit.lot_id.id, unit.company_id.id))
            if picking:
                units_by_picking.setdefault(picking, self.env["aftersales.equipment"])
                units_by_picking[picking] |= unit
        vals_list = [
            self._prepare_installation_from_picking_vals(picking, units)
            for picking, units in units_by_picking.items()
        ]
        installations = self.create(vals_list)
        for installation in installations:
            installation.message_post_with_source(
                "mail.message_origin_link",
                render_values={
                    "self": installation,
                    "origin": installation.picking_id,
                },
                subtype_xmlid="mail.mt_note",
            )
        return installations

    @api.model
    def _prepare_installation_from_picking_vals(self, picking, units):
        order = picking.sale_id
        return {
            "partner_id": picking.partner_id.commercial_partner_id.id,
            "site_partner_id": picking.partner_id.id,
            "company_id": picking.company_id.id,
            "picking_id": picking.id,
            "sale_order_id": order.id,
            # the units' designated engineer, never the delivering clerk
            "user_id": units.technician_id[:1].id,
            "project_name": order.client_order_ref or False,
            "equipment_ids": [Command.set(units.ids)],
        }

    def _aftersales_fill_checklist(self):
        """Copy the checklist and handover documents of the units' products
        (template lines) into the installations; the default handover
        documents when the products name none."""
        line_vals = []
        for installation in self:
            templates = installation.equipment_ids.product_id.product_tmpl_id
            template_lines = templates.aftersales_installation_line_ids
            for template_line in template_lines.sorted(lambda t: (t.sequence, t.id)):
                line_vals.append(
                    template_line._prepare_installation_line_vals(installation)
                )
            if not template_lines.filtered(lambda t: t.line_type == "document"):
                line_vals += [
                    {
                        "installation_id": installation.id,
                        "line_type": "document",
                        "sequence": 100 + index,
                        "name": document,
                    }
                    for index, document in enumerate(
                        self._aftersales_default_handover_documents()
                    )
                ]
        self.env["aftersales.installation.line"].create(line_vals)

    def _aftersales_default_handover_documents(self):
        """The handover documents of INS-06 when the products name none of
        their own."""
        return [
            _("Operation and maintenance manual"),
            _("Equipment list (manufacturer, model, serial number, set-points)"),
            _("Maintenance procedures"),
            _("Spare parts list and supplier contacts"),
            _("Sales contract"),
            _("Invoice"),
        ]

    # ------------------------------------------------------------------
    # Actions: the phases (INS-02)
    # ------------------------------------------------------------------
    @guarded_action
    def _aftersales_step(self, step, extra_vals=None):
        for installation in self:
            reason = installation._refusal_step(step)
            if reason:
                raise UserError(reason)
        self.write(dict(extra_vals or {}, state=INSTALLATION_STEPS[step][1]))
        label = dict(self._fields["state"]._description_selection(self.env))[
            INSTALLATION_STEPS[step][1]
        ]
        for installation in self:
            installation.message_post(
                body=_("Phase: %s.", label), subtype_xmlid="mail.mt_note"
            )
        return True

    def action_start(self):
        """The technicians start installing the units."""
        return self._aftersales_step("start")

    def action_initial_acceptance(self):
        """Installation done and checked: the units are installed and the
        initial acceptance is recorded (INS-02)."""
        self._aftersales_ensure_checklist_done()
        today = fields.Date.context_today(self)
        self._aftersales_step("initial_acceptance", {"initial_acceptance_date": today})
        units = self.equipment_ids
        units.filtered(lambda e: not e.installation_date).write(
            {"installation_date": today}
        )
        units.filtered(lambda e: e.state == "draft").action_install()
        return True

    def action_trial_run(self):
        return self._aftersales_step("trial_run")

    def action_final_acceptance(self):
        """The trial run is over: the final acceptance test is proposed and
        waits for the customer's signature."""
        return self._aftersales_step("final_acceptance")

    def action_cancel(self):
        return self._aftersales_step("cancel")

    def action_draft(self):
        return self._aftersales_step("draft")

    def _aftersales_ensure_checklist_done(self):
        for installation in self:
            open_lines = installation.line_ids.filtered(lambda line: not line.done)
            if open_lines:
                raise UserError(
                    _(
                        "Complete the checklist of installation %(installation)s "
                        "before its initial acceptance: %(lines)s.",
                        installation=installation.name,
                        lines=", ".join(open_lines.mapped("name")),
                    )
                )
            failed = installation.line_ids.filtered(
                lambda line: line.result == "not_ok"
            )
            if failed:
                raise UserError(
                    _(
                        "Checks of installation %(installation)s failed: "
                        "%(lines)s. Fix them before the acceptance.",
                        installation=installation.name,
                        lines=", ".join(failed.mapped("name")),
                    )
                )

    # ------------------------------------------------------------------
    # Actions: the final acceptance signed by the customer (INS-03)
    # ------------------------------------------------------------------
    def action_sign(self, name, signature, comment=None):
        """The customer signs the final acceptance (portal, or a link with
        the document's token). Only the customer: an employee records a
        signature given in front of them with :meth:`action_sign_on_site`."""
        self.ensure_one()
        user = self.env.user
        if not user.share:
            raise UserError(
                _(
                    "Only the customer signs the acceptance of %s: hand them "
                    "your device with 'Customer Signs On Site'.",
                    self.name,
                )
            )
        if user._is_public():
            # only reached through the portal route, after its token check
            signer = self.partner_id
        else:
            self.check_access("read")
            signer = user.partner_id
        self.sudo()._aftersales_record_acceptance(name, signature, comment, signer)
        return True

    def action_sign_on_site(self, name, signature, comment=None):
        """The customer signs on the technician's device: recorded as such,
        by an employee who may edit the installation."""
        self.ensure_one()
        self.check_access("write")
        self.sudo()._aftersales_record_acceptance(
            name, signature, comment, self.partner_id, device_user=self.env.user
        )
        return True

    def action_open_sign_on_site(self):
        self.ensure_one()
        self._aftersales_ensure("_refusal_sign")
        return {
            "type": "ir.actions.act_window",
            "name": _("Customer Signs the Acceptance"),
            "res_model": "aftersales.installation.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_installation_id": self.id,
                "default_signed_by": self.partner_id.name,
            },
        }

    @guarded_action
    def _aftersales_record_acceptance(
        self, name, signature, comment, signer, device_user=None
    ):
        """Store the signed final acceptance, date the units' acceptance and
        installation, put them in service (their warranty starts when it
        runs from acceptance) and post the note as the ``signer``."""
        self.ensure_one()
        self._aftersales_ensure("_refusal_sign")
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            raise UserError(_("Enter the name of the person who signs."))
        signature = self._aftersales_clean_signature(signature)
        if comment is not None and not isinstance(comment, str):
            raise UserError(_("The remarks must be text."))
        today = fields.Date.context_today(self)
        units = self.equipment_ids
        # refused with the unit's own message when accepted before delivery
        units.write({"acceptance_date": today})
        units.filtered(lambda e: not e.installation_date).write(
            {"installation_date": self.initial_acceptance_date or today}
        )
        self.write(
            {
                "state": "done",
                "signed_by": name,
                "signature": signature,
                "signed_on": fields.Datetime.now(),
                "acceptance_date": today,
                "acceptance_comment": comment or False,
            }
        )
        units.filtered(lambda e: e.can_put_in_service).action_put_in_service()
        if device_user:
            body = _(
                "Final acceptance signed by %(name)s on site, on the device of "
                "%(user)s.",
                name=name,
                user=device_user.name,
            )
        else:
            body = _("Final acceptance signed by %s.", name)
        self.message_post(body=body, author_id=signer.id, subtype_xmlid="mail.mt_note")

    @api.model
    def _aftersales_clean_signature(self, signature):
        """The signature image as base64, or a ``UserError``."""
        if isinstance(signature, bytes):
            signature = signature.decode("ascii", errors="replace")
        if not signature or not isinstance(signature, str):
            raise UserError(_("The signature is missing."))
        try:
            base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(_("Invalid signature data.")) from error
        return signature

    # ------------------------------------------------------------------
    # Actions: visit, units, training
    # ------------------------------------------------------------------
    def action_schedule_visit(self):
        """Plan the on-site visit of the technicians on the installation's
        ticket (created here: a visit belongs to a ticket)."""
        self.ensure_one()
        self._aftersales_ensure("_refusal_schedule_visit")
        if not self.ticket_id:
            self.ticket_id = self.env["aftersales.ticket"].create(
                self._prepare_ticket_vals()
            )
        start = self.planned_date_start or fields.Datetime.now()
        self.visit_id = self.env["aftersales.visit"].create(
            {
                "ticket_id": self.ticket_id.id,
                "equipment_id": self.equipment_ids[:1].id,
                "user_ids": [Command.set((self.user_ids | self.user_id).ids)],
                "scheduled_start": start,
                "scheduled_end": self.planned_date_end or start + timedelta(hours=4),
            }
        )
        return self.action_view_visit()

    def _prepare_ticket_vals(self):
        self.ensure_one()
        unit = self.equipment_ids[:1]
        return {
            "name": _("Installation %s", self.name),
            "partner_id": (self.site_partner_id or self.partner_id).id,
            "company_id": self.company_id.id,
            "ticket_type_id": self.env.ref(
                "aftersales_service.ticket_type_installation"
            ).id,
            "user_id": self.user_id.id,
            "product_id": unit.product_id.id,
            "lot_id": unit.lot_id.id,
            "equipment_id": unit.id,
        }

    def action_view_visit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.visit",
            "res_id": self.visit_id.id,
            "view_mode": "form",
        }

    def action_view_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_equipment"
        )
        action["domain"] = [("id", "in", self.equipment_ids.ids)]
        action["context"] = {}
        return action

    def action_view_trainings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_training"
        )
        action["domain"] = [("installation_id", "=", self.id)]
        action["context"] = {
            "default_installation_id": self.id,
            "default_trainer_id": self.user_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Business helpers: button guards (the reason an action is refused, or
    # False; the can_* fields and the actions both use them)
    # ------------------------------------------------------------------
    def _refusal_step(self, step):
        self.ensure_one()
        sources, target = INSTALLATION_STEPS[step]
        if self.state in sources:
            if step != "draft" and step != "cancel" and not self.equipment_ids:
                return _(
                    "Installation %s has no units: add the units to install.",
                    self.name,
                )
            return False
        labels = dict(self._fields["state"]._description_selection(self.env))
        return _(
            "Installation %(installation)s is at '%(state)s': it cannot go to "
            "'%(target)s'.",
            installation=self.name,
            state=labels[self.state],
            target=labels[target],
        )

    def _refusal_sign(self):
        self.ensure_one()
        if self.signature or self.state == "done":
            return _("The final acceptance of %s is already signed.", self.name)
        if self.state != "final_acceptance":
            return _(
                "Installation %s is not at the final acceptance yet: the trial "
                "run must be completed before the customer signs.",
                self.name,
            )
        return False

    def _refusal_schedule_visit(self):
        self.ensure_one()
        if self.state in ("done", "cancelled"):
            return _("Installation %s is closed: no visit to plan.", self.name)
        if self.visit_id and self.visit_id.state not in ("done", "cancelled"):
            return _(
                "Installation %(installation)s already has the open visit "
                "%(visit)s.",
                installation=self.name,
                visit=self.visit_id.name,
            )
        if not self.equipment_ids:
            return _(
                "Installation %s has no units: add the units to install.", self.name
            )
        return False
