# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .aftersales_guarded_mixin import guarded_action

EQUIPMENT_STATES = [
    ("draft", "Draft"),
    ("installed", "Installed"),
    ("in_service", "In Service"),
    ("under_repair", "Under Repair"),
    ("retired", "Retired"),
]

EQUIPMENT_WARRANTY_STATES = [
    ("pending_acceptance", "Pending acceptance"),
    ("in_warranty", "In warranty"),
    ("expired", "Expired"),
    ("no_warranty", "No warranty"),
    ("unknown", "Unknown"),
]

# action -> (from states, to state) of the unit's life
EQUIPMENT_STEPS = {
    "install": (("draft",), "installed"),
    "put_in_service": (("draft", "installed", "under_repair"), "in_service"),
    "start_repair": (("installed", "in_service"), "under_repair"),
    "retire": (("draft", "installed", "in_service", "under_repair"), "retired"),
}


class AftersalesEquipment(models.Model):
    """One unit in the field (设备档案, REC-07): what a customer has, where
    it stands, when it was delivered, installed and accepted, what covers it
    and everything that was done to it."""

    _name = "aftersales.equipment"
    _description = "After-Sales Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.guarded.mixin"]
    # changed only by the actions below (see aftersales.guarded.mixin)
    _aftersales_guarded_fields = ("state", "meter_cycle")
    _order = "partner_id, name, id"
    _rec_names_search = ["name", "lot_id.name", "product_id.default_code"]
    _check_company_auto = True
    _parent_store = True

    # ------------------------------------------------------------------
    # The unit
    # ------------------------------------------------------------------
    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        help="The unit's factory serial number (出厂编号); one equipment record "
        "per serial number and company.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Owner",
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
        help="Where the unit stands: an address of the owner.",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sale Order Line",
        index="btree_not_null",
        check_company=True,
    )
    sale_order_id = fields.Many2one(related="sale_line_id.order_id", store=True)
    technician_id = fields.Many2one(
        "res.users",
        string="Designated Engineer",
        tracking=True,
        domain=[("share", "=", False)],
        help="The technician named for this unit after acceptance, whose "
        "contact details are given to the owner (FLD-16).",
    )
    state = fields.Selection(
        EQUIPMENT_STATES, default="draft", required=True, tracking=True, copy=False
    )
    parent_id = fields.Many2one(
        "aftersales.equipment",
        string="Main Unit",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The unit this one is a major component of; each component keeps "
        "its own serial number and warranty.",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many(
        "aftersales.equipment", "parent_id", string="Components"
    )
    note = fields.Html()

    # ------------------------------------------------------------------
    # Dates and warranty (WTY-04/05)
    # ------------------------------------------------------------------
    delivery_date = fields.Date(tracking=True, copy=False)
    installation_date = fields.Date(tracking=True, copy=False)
    acceptance_date = fields.Date(
        tracking=True,
        copy=False,
        help="The day the customer signed the (final) acceptance.",
    )
    warranty_start_override = fields.Date(
        string="Warranty Start (manual)",
        tracking=True,
        copy=False,
        help="Set when the warranty starts on another day than the product's "
        "basis says, e.g. the completion date when the warranty slip is lost "
        "(WTY-05).",
    )
    warranty_start_date = fields.Date(
        compute="_compute_warranty", store=True, copy=False
    )
    warranty_end_date = fields.Date(
        compute="_compute_warranty",
        store=True,
        copy=False,
        help="Last day covered by the warranty (inclusive).",
    )
    warranty_state = fields.Selection(
        EQUIPMENT_WARRANTY_STATES,
        compute="_compute_warranty_state",
        search="_search_warranty_state",
        help="The warranty today.",
    )

    # ------------------------------------------------------------------
    # History (REC-07)
    # ------------------------------------------------------------------
    ticket_ids = fields.One2many("aftersales.ticket", "equipment_id", string="Tickets")
    ticket_count = fields.Integer(compute="_compute_counts")
    visit_count = fields.Integer(compute="_compute_counts")

    # next steps: which header buttons apply (computed from the refusals)
    can_install = fields.Boolean(compute="_compute_can_actions")
    can_put_in_service = fields.Boolean(compute="_compute_can_actions")
    can_retire = fields.Boolean(compute="_compute_can_actions")
    can_reset_meter = fields.Boolean(compute="_compute_can_reset_meter")

    # ------------------------------------------------------------------
    # ---- Life on the form: history, parts, replacement, timeline ----
    # ------------------------------------------------------------------
    visit_ids = fields.One2many("aftersales.visit", "equipment_id", string="Visits")
    visit_part_ids = fields.Many2many(
        "aftersales.visit.part",
        compute="_compute_visit_part_ids",
        string="Parts Replaced on Visits",
    )
    replaces_id = fields.Many2one(
        "aftersales.equipment",
        string="Replaces",
        index="btree_not_null",
        copy=False,
        check_company=True,
        help="The unit this one took the place of (an RMA replacement, WTY-13).",
    )
    replaced_by_id = fields.Many2one(
        "aftersales.equipment",
        string="Replaced By",
        index="btree_not_null",
        copy=False,
        check_company=True,
        help="The unit that took this one's place.",
    )
    timeline_html = fields.Html(
        string="Timeline",
        compute="_compute_timeline_html",
        sanitize=False,
        help="Everything that happened to the unit, newest first.",
    )

    # ------------------------------------------------------------------
    # Service contracts (维保合同, WTY-16)
    # ------------------------------------------------------------------
    contract_id = fields.Many2one(
        "aftersales.contract",
        string="Service Contract",
        compute="_compute_contract_id",
        search="_search_contract_id",
        help="The active contract covering the unit today.",
    )
    contract_count = fields.Integer(compute="_compute_contract_id")

    def _compute_contract_id(self):
        today = fields.Date.context_today(self)
        covering = self._aftersales_contract_on(today)
        contracts = (
            self.env["aftersales.contract"]
            .sudo()
            .search([("partner_id", "in", self.commercial_partner_id.ids)])
        )
        for equipment in self:
            equipment.contract_id = covering.get(equipment)
            equipment.contract_count = len(
                contracts.filtered(lambda c, e=equipment: c._covers(e))
            )

    def _search_contract_id(self, operator, value):
        if operator not in ("=", "!=") or value not in (False, None):
            raise ValidationError(
                _("Search units by contract from the contract's Units button.")
            )
        today = fields.Date.context_today(self)
        contracts = (
            self.env["aftersales.contract"]
            .sudo()
            .search(
                [
                    ("state", "=", "active"),
                    ("date_start", "<=", today),
                    ("date_end", ">=", today),
                ]
            )
        )
        by_product = contracts.filtered(lambda c: c.coverage_scope == "product")
        candidates = self.sudo().search(
            [
                ("commercial_partner_id", "in", by_product.partner_id.ids),
                ("product_id", "in", by_product.product_ids.ids),
            ]
        )
        units = contracts.filtered(
            lambda c: c.coverage_scope == "equipment"
        ).equipment_ids | candidates.filtered(
            lambda e: any(c._covers(e) for c in by_product)
        )
        # "= False": not covered today
        return [("id", "not in" if operator == "=" else "in", units.ids)]

    def _aftersales_contract_on(self, day):
        """{equipment: contract} of the contract covering each unit on
        ``day`` (units without one are left out); batched."""
        found = self.env["aftersales.contract"]._find_for_units(
            (equipment, day) for equipment in self
        )
        return {unit: contract for (unit, _day), contract in found.items() if contract}

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_contract"
        )
        contracts = self.env["aftersales.contract"].search(
            [("partner_id", "=", self.commercial_partner_id.id)]
        )
        action["domain"] = [
            ("id", "in", contracts.filtered(lambda c: c._covers(self)).ids)
        ]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_equipment_ids": [self.id],
        }
        return action

    # ------------------------------------------------------------------
    # ---- Installation and acceptance (INS-01..07) ----
    installation_ids = fields.Many2many(
        "aftersales.installation",
        "aftersales_installation_equipment_rel",
        "equipment_id",
        "installation_id",
        string="Installations",
        readonly=True,
        copy=False,
    )
    installation_count = fields.Integer(compute="_compute_installation_count")

    def _compute_installation_count(self):
        counts = dict(
            self.env["aftersales.installation"]._read_group(
                [("equipment_ids", "in", self.ids)], ["equipment_ids"], ["__count"]
            )
        )
        for equipment in self:
            equipment.installation_count = counts.get(equipment, 0)

    def action_view_installations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_installation"
        )
        action["domain"] = [("equipment_ids", "in", self.ids)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_site_partner_id": self.site_partner_id.id,
            "default_equipment_ids": [self.id],
        }
        return action

    # ------------------------------------------------------------------
    # ---- Preventive maintenance (巡检/保养, FLD-14..16) ----
    maintenance_plan_ids = fields.One2many(
        "aftersales.maintenance.plan", "equipment_id", string="Maintenance Plans"
    )
    maintenance_visit_ids = fields.One2many(
        "aftersales.visit",
        "equipment_id",
        string="Maintenance Visits",
        domain=[("maintenance_plan_id", "!=", False)],
    )
    maintenance_next_due_date = fields.Date(
        string="Next Maintenance",
        compute="_compute_maintenance",
        help="The earliest next due date of the unit's active plans.",
    )
    maintenance_count = fields.Integer(
        string="Maintenance Visits Count", compute="_compute_maintenance"
    )
    maintenance_overdue = fields.Boolean(
        compute="_compute_maintenance",
        search="_search_maintenance_overdue",
        help="An active maintenance plan of the unit was due before today.",
    )
    # the meter (running hours, counter), read on the visits by the checklist
    # item marked as the meter reading; it never goes back
    meter_reading_ids = fields.One2many(
        "aftersales.visit.reading",
        "equipment_id",
        string="Meter Readings",
        domain=[("is_meter", "=", True)],
    )
    meter_value = fields.Float(
        string="Meter",
        compute="_compute_meter",
        store=True,
        digits=(16, 3),
        help="The latest reading of the unit's meter (running hours, counter).",
    )
    meter_date = fields.Datetime(
        string="Meter Read On",
        compute="_compute_meter",
        store=True,
        help="When the latest meter reading was recorded.",
    )
    meter_uom = fields.Char(
        string="Meter Unit",
        compute="_compute_meter",
        store=True,
        help="Unit of the meter, from the checklist item (e.g. h).",
    )
    meter_cycle = fields.Integer(
        readonly=True,
        copy=False,
        help="Increased by each reset of the meter: only the readings taken "
        "since the last reset count.",
    )

    _sql_constraints = [
        (
            "lot_company_uniq",
            "unique(lot_id, company_id)",
            "A serial number has one equipment record per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("product_id", "lot_id")
    def _compute_name(self):
        for equipment in self:
            if equipment.name and equipment.name != "/":
                continue
            if equipment.lot_id:
                equipment.name = (
                    f"{equipment.product_id.display_name} / {equipment.lot_id.name}"
                )
            else:
                equipment.name = equipment.product_id.display_name or "/"

    @api.depends(
        "product_id.aftersales_warranty_duration",
        "product_id.aftersales_warranty_unit",
        "product_id.aftersales_warranty_basis",
        "delivery_date",
        "acceptance_date",
        "sale_line_id",
        "warranty_start_override",
    )
    def _compute_warranty(self):
        invoices = self._get_invoice_dates()
        for equipment in self:
            template = equipment.product_id.product_tmpl_id
            start = equipment._get_warranty_start(invoices)
            equipment.warranty_start_date = start
            if not (start and template.aftersales_warranty_duration):
                equipment.warranty_end_date = False
                continue
            equipment.warranty_end_date = (
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

    def _get_warranty_start(self, invoices):
        self.ensure_one()
        if self.warranty_start_override:
            return self.warranty_start_override
        basis = self.product_id.aftersales_warranty_basis
        order = self.sale_line_id.order_id
        return {
            "delivery": self.delivery_date,
            "acceptance": self.acceptance_date,
            "invoice": invoices.get(self),
            "sale": order.date_order and order.date_order.date(),
        }.get(basis)

    def _get_invoice_dates(self):
        """{equipment: date} of the first posted invoice of its sale line."""
        result = {}
        for equipment in self.filtered(
            lambda e: e.sale_line_id
            and e.product_id.aftersales_warranty_basis == "invoice"
        ):
            dates = [
                move.invoice_date
                for move in equipment.sale_line_id.invoice_lines.move_id
                if move.state == "posted"
                and move.move_type == "out_invoice"
                and move.invoice_date
            ]
            if dates:
                result[equipment] = min(dates)
        return result

    def _warranty_state_on(self, day):
        """The warranty state of the unit on ``day``."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        if not template.aftersales_warranty_duration:
            return "no_warranty"
        if not self.warranty_start_date:
            if (
                template.aftersales_warranty_basis == "acceptance"
                and not self.warranty_start_override
            ):
                return "pending_acceptance"
            return "unknown"
        return "in_warranty" if day <= self.warranty_end_date else "expired"

    # the day is today's: the dependencies only keep the cache in step
    @api.depends(
        "warranty_start_date",
        "warranty_end_date",
        "warranty_start_override",
        "product_id.aftersales_warranty_duration",
        "product_id.aftersales_warranty_basis",
    )
    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.warranty_state = equipment._warranty_state_on(today)

    def _search_warranty_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(_("Unsupported search on the warranty state."))
        values = {value} if isinstance(value, str) else set(value or ())
        today = fields.Date.context_today(self)
        domains = {
            "in_warranty": [("warranty_end_date", ">=", today)],
            "expired": [("warranty_end_date", "<", today)],
            "pending_acceptance": [
                ("warranty_start_date", "=", False),
                ("product_id.aftersales_warranty_duration", ">", 0),
                ("product_id.aftersales_warranty_basis", "=", "acceptance"),
            ],
            "no_warranty": [("product_id.aftersales_warranty_duration", "=", 0)],
            "unknown": [
                ("warranty_start_date", "=", False),
                ("product_id.aftersales_warranty_duration", ">", 0),
                ("product_id.aftersales_warranty_basis", "!=", "acceptance"),
            ],
        }
        ids = set()
        for state in values:
            if state in domains:
                ids.update(self._search(domains[state]))
        if operator in ("!=", "not in"):
            return [("id", "not in", list(ids))]
        return [("id", "in", list(ids))]

    def _compute_counts(self):
        tickets = dict(
            self.env["aftersales.ticket"]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )
        visits = dict(
            self.env["aftersales.visit"]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )
        for equipment in self:
            equipment.ticket_count = tickets.get(equipment, 0)
            equipment.visit_count = visits.get(equipment, 0)

    @api.depends("visit_ids.part_ids", "visit_ids.state")
    def _compute_visit_part_ids(self):
        parts = self.env["aftersales.visit.part"]
        if parts.has_access("read"):
            parts = parts.search(
                [
                    ("visit_id.equipment_id", "in", self.ids),
                    ("visit_id.state", "!=", "cancelled"),
                ]
            )
        by_unit = parts.grouped(lambda part: part.visit_id.equipment_id)
        for equipment in self:
            equipment.visit_part_ids = by_unit.get(equipment, parts.browse())

    @api.depends(
        "delivery_date",
        "installation_date",
        "acceptance_date",
        "replaces_id",
        "replaced_by_id",
        "ticket_ids.request_date",
        "visit_ids.scheduled_start",
        "visit_ids.state",
    )
    def _compute_timeline_html(self):
        by_unit = {}
        for event in self._aftersales_timeline_events():
            by_unit.setdefault(event["equipment_id"], []).append(event)
        for equipment in self:
            equipment.timeline_html = self._aftersales_timeline_render(
                by_unit.get(equipment.id, [])
            )

    def _compute_maintenance(self):
        plans = self.env["aftersales.maintenance.plan"].search_fetch(
            [("equipment_id", "in", self.ids)], ["equipment_id", "next_due_date"]
        )
        next_due = {}
        for plan in plans.filtered("next_due_date"):
            key, due = plan.equipment_id.id, plan.next_due_date
            next_due[key] = min(next_due.get(key, due), due)
        visits = dict(
            self.env["aftersales.visit"]._read_group(
                [
                    ("equipment_id", "in", self.ids),
                    ("maintenance_plan_id", "!=", False),
                ],
                ["equipment_id"],
                ["__count"],
            )
        )
        today = fields.Date.context_today(self)
        for equipment in self:
            due = next_due.get(equipment.id, False)
            equipment.maintenance_next_due_date = due
            equipment.maintenance_overdue = bool(due and due < today)
            equipment.maintenance_count = visits.get(equipment, 0)

    def _search_maintenance_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(_("Unsupported search on the overdue flag."))
        overdue = [("maintenance_plan_ids", "any", [("is_overdue", "=", True)])]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", *overdue]

    @api.depends(
        "meter_cycle",
        "meter_reading_ids.measured_number",
        "meter_reading_ids.is_measured",
        "meter_reading_ids.meter_cycle",
        "meter_reading_ids.measured_on",
        "meter_reading_ids.uom_label",
    )
    def _compute_meter(self):
        for equipment in self:
            readings = equipment.meter_reading_ids.filtered(
                lambda r, cycle=equipment.meter_cycle: r.is_measured
                and r.meter_cycle == cycle
            )
            last = max(
                readings,
                key=lambda r: (r.measured_number, r.measured_on or datetime.min, r.id),
                default=readings,
            )
            equipment.meter_value = last.measured_number if last else 0.0
            equipment.meter_date = last.measured_on if last else False
            equipment.meter_uom = (
                last.uom_label or equipment.meter_reading_ids[-1:].uom_label
            )

    @api.depends("meter_cycle", "meter_value")
    @api.depends_context("uid")
    def _compute_can_reset_meter(self):
        for equipment in self:
            equipment.can_reset_meter = not equipment._refusal_reset_meter()

    @api.depends("state")
    def _compute_can_actions(self):
        for equipment in self:
            equipment.can_install = not equipment._refusal_step("install")
            equipment.can_put_in_service = not equipment._refusal_step("put_in_service")
            equipment.can_retire = not equipment._refusal_step("retire")

    # ------------------------------------------------------------------
    # Constraints (bad input)
    # ------------------------------------------------------------------
    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for equipment in self.filtered("lot_id"):
            if equipment.lot_id.product_id != equipment.product_id:
                raise ValidationError(
                    _(
                        "Serial number %(lot)s belongs to %(lot_product)s, "
                        "not to %(product)s.",
                        lot=equipment.lot_id.name,
                        lot_product=equipment.lot_id.product_id.display_name,
                        product=equipment.product_id.display_name,
                    )
                )

    @api.constrains("site_partner_id", "partner_id")
    def _check_site_partner(self):
        for equipment in self.filtered("site_partner_id"):
            site = equipment.site_partner_id.commercial_partner_id
            if site != equipment.partner_id.commercial_partner_id:
                raise ValidationError(
                    _(
                        "The site of %(equipment)s must be an address of its "
                        "owner %(owner)s.",
                        equipment=equipment.display_name,
                        owner=equipment.partner_id.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("delivery_date", "installation_date", "acceptance_date")
    def _check_dates(self):
        for equipment in self:
            delivered = equipment.delivery_date
            for label, day in (
                (_("installation"), equipment.installation_date),
                (_("acceptance"), equipment.acceptance_date),
            ):
                if delivered and day and day < delivered:
                    raise ValidationError(
                        _(
                            "The %(what)s date of %(equipment)s (%(day)s) cannot "
                            "be before its delivery (%(delivered)s).",
                            what=label,
                            equipment=equipment.display_name,
                            day=day,
                            delivered=delivered,
                        )
                    )

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(_("A unit cannot be a component of itself."))

    # ------------------------------------------------------------------
    # CRUD: one record per serial, a clear message before the SQL constraint
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._aftersales_check_serials_free(
            [
                (vals.get("lot_id"), vals.get("company_id") or self.env.company.id)
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("lot_id") or (vals.get("company_id") and self.lot_id):
            self._aftersales_check_serials_free(
                [
                    (
                        vals.get("lot_id", unit.lot_id.id),
                        vals.get("company_id", unit.company_id.id),
                    )
                    for unit in self
                ],
                exclude=self,
            )
        return super().write(vals)

    def _aftersales_check_serials_free(self, keys, exclude=None):
        """Refuse a second record for a serial number in a company (import
        and manual creation of units sold before the addons), naming the
        serial and its record; ``keys`` lists ``(lot id, company id)``."""
        keys = [key for key in keys if key[0]]
        if not keys:
            return
        lot_ids = {lot_id for lot_id, _company_id in keys}
        domain = [("lot_id", "in", list(lot_ids))]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        taken = {
            (unit.lot_id.id, unit.company_id.id): unit
            for unit in self.sudo().with_context(active_test=False).search(domain)
        }
        seen = set()
        for key in keys:
            if key in taken or key in seen:
                lot = self.env["stock.lot"].sudo().browse(key[0])
                raise ValidationError(
                    _(
                        "Serial number %(serial)s already has its equipment "
                        "record (%(equipment)s): one record per serial number.",
                        serial=lot.name,
                        equipment=(
                            taken[key].display_name if key in taken else lot.name
                        ),
                    )
                )
            seen.add(key)

    # ------------------------------------------------------------------
    # Create: one record per delivered serial (import-friendly)
    # ------------------------------------------------------------------
    @api.model
    def _aftersales_create_from_move_lines(self, move_lines):
        """Create the equipment of the serials ``move_lines`` delivered to
        customers, for products tracked as equipment; serials that already
        have a record in their company get the new owner and delivery date.
        Batched: one search, one create."""
        move_lines = move_lines.filtered(
            lambda ml: ml.lot_id
            and ml.product_id.aftersales_track_equipment
            and ml.location_dest_id.usage == "customer"
            and ml.picking_id.partner_id
        )
        if not move_lines:
            return self.browse()
        existing = {
            (equipment.lot_id.id, equipment.company_id.id): equipment
            for equipment in self.with_context(active_test=False).search(
                [("lot_id", "in", move_lines.lot_id.ids)]
            )
        }
        vals_list = []
        for move_line in move_lines:
            picking = move_line.picking_id
            key = (move_line.lot_id.id, move_line.company_id.id)
            vals = {
                "partner_id": picking.partner_id.commercial_partner_id.id,
                "site_partner_id": picking.partner_id.id,
                "delivery_date": fields.Date.context_today(self, move_line.date),
                "sale_line_id": move_line.move_id.sale_line_id.id,
            }
            if key in existing:
                existing[key].write(vals)
                continue
            vals.update(
                product_id=move_line.product_id.id,
                lot_id=move_line.lot_id.id,
                company_id=move_line.company_id.id,
            )
            vals_list.append(vals)
            existing[key] = True
        return self.create(vals_list)

    # ------------------------------------------------------------------
    # Actions: the unit's life
    # ------------------------------------------------------------------
    @guarded_action
    def _aftersales_step(self, step):
        self._aftersales_ensure_step(step)
        self.write({"state": EQUIPMENT_STEPS[step][1]})
        return True

    def _aftersales_ensure_step(self, step):
        for equipment in self:
            reason = equipment._refusal_step(step)
            if reason:
                raise UserError(reason)

    def _refusal_step(self, step):
        self.ensure_one()
        sources, target = EQUIPMENT_STEPS[step]
        if self.state not in sources:
            return _(
                "%(equipment)s is %(state)s: it cannot become %(target)s.",
                equipment=self.display_name,
                state=dict(self._fields["state"]._description_selection(self.env))[
                    self.state
                ],
                target=dict(self._fields["state"]._description_selection(self.env))[
                    target
                ],
            )
        return False

    def action_install(self):
        return self._aftersales_step("install")

    def action_put_in_service(self):
        return self._aftersales_step("put_in_service")

    def action_retire(self):
        return self._aftersales_step("retire")

    def _refusal_reset_meter(self):
        self.ensure_one()
        if not self.env.user.has_group("aftersales_service.group_aftersales_officer"):
            return _(
                "Only a service officer resets the meter of %s.", self.display_name
            )
        if not self.meter_reading_ids.filtered(
            lambda r, cycle=self.meter_cycle: r.is_measured and r.meter_cycle == cycle
        ):
            return _(
                "The meter of %s has no reading since its last reset.",
                self.display_name,
            )
        return False

    @guarded_action
    def action_reset_meter(self):
        """The meter was replaced or rolled over: start a new cycle (the
        readings taken so far no longer count, the next one may be lower)
        and the meter plans count from zero."""
        self._aftersales_ensure("_refusal_reset_meter")
        for equipment in self:
            previous = f"{equipment.meter_value:g}"
            uom = equipment.meter_uom or ""
            equipment.meter_cycle += 1
            equipment.maintenance_plan_ids.filtered(
                lambda p: p.interval_unit == "meter"
            ).meter_last_done = 0.0
            equipment.message_post(
                body=_(
                    "Meter reset by %(user)s (it read %(value)s %(uom)s).",
                    user=self.env.user.name,
                    value=previous,
                    uom=uom,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_ticket"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_product_id": self.product_id.id,
            "default_lot_id": self.lot_id.id,
        }
        return action

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_visit"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Business helpers: the timeline (REC-07)
    # ------------------------------------------------------------------
    def _aftersales_timeline_events(self):
        """What happened to the units of ``self``: a list of dicts
        ``{equipment_id, date, kind, label, model, id}``, one search per
        source. Other addons add their documents with ``super()``."""
        events = []
        for equipment in self:
            for day, kind, label in (
                (equipment.delivery_date, "delivery", _("Delivered")),
                (equipment.installation_date, "installation", _("Installed")),
                (equipment.acceptance_date, "acceptance", _("Accepted")),
            ):
                if day:
                    events.append(
                        self._aftersales_timeline_event(
                            equipment, day, kind, label, self._name, equipment.id
                        )
                    )
            for other, label in (
                (equipment.replaces_id, _("Replaces %s")),
                (equipment.replaced_by_id, _("Replaced by %s")),
            ):
                # the replacement day is the new unit's delivery
                day = (equipment.replaced_by_id or equipment).delivery_date
                if other and day:
                    events.append(
                        self._aftersales_timeline_event(
                            equipment,
                            day,
                            "replacement",
                            label % other.display_name,
                            self._name,
                            other.id,
                        )
                    )
        Ticket = self.env["aftersales.ticket"]
        if Ticket.has_access("read"):
            for ticket in Ticket.search([("equipment_id", "in", self.ids)]):
                events.append(
                    self._aftersales_timeline_event(
                        ticket.equipment_id,
                        ticket.request_date,
                        "ticket",
                        _(
                            "Ticket %(ref)s: %(name)s",
                            ref=ticket.reference,
                            name=ticket.name,
                        ),
                        Ticket._name,
                        ticket.id,
                    )
                )
        Visit = self.env["aftersales.visit"]
        if Visit.has_access("read"):
            for visit in Visit.search(
                [("equipment_id", "in", self.ids), ("state", "!=", "cancelled")]
            ):
                events.append(
                    self._aftersales_timeline_event(
                        visit.equipment_id,
                        visit.scheduled_start,
                        "visit",
                        _("Visit %s", visit.name),
                        Visit._name,
                        visit.id,
                    )
                )
        Installation = self.env["aftersales.installation"]
        if Installation.has_access("read"):
            for installation in Installation.search(
                [("equipment_ids", "in", self.ids), ("state", "!=", "cancelled")]
            ):
                for unit in installation.equipment_ids & self:
                    events.append(
                        self._aftersales_timeline_event(
                            unit,
                            installation.planned_date_start or installation.create_date,
                            "installation",
                            _("Installation %s", installation.name),
                            Installation._name,
                            installation.id,
                        )
                    )
        Contract = self.env["aftersales.contract"]
        if Contract.has_access("read"):
            for contract in Contract.search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("state", "in", ("active", "expired")),
                ]
            ):
                for unit in self.filtered(contract._covers):
                    # a unit delivered during the term (a replacement) is
                    # covered from its delivery
                    events.append(
                        self._aftersales_timeline_event(
                            unit,
                            max(contract.date_start, unit.delivery_date or date.min),
                            "contract",
                            _("Service contract %s", contract.name),
                            Contract._name,
                            contract.id,
                        )
                    )
        return events

    @api.model
    def _aftersales_timeline_event(self, equipment, day, kind, label, model, res_id):
        return {
            "equipment_id": equipment.id,
            "date": fields.Date.to_date(day),
            "kind": kind,
            "label": label,
            "model": model,
            "id": res_id,
        }

    @api.model
    def _aftersales_timeline_render(self, events):
        """The events as an HTML list, newest first."""
        if not events:
            return Markup("<p class='text-muted'>%s</p>") % _("Nothing happened yet.")
        kinds = {
            "delivery": "fa-truck",
            "installation": "fa-wrench",
            "acceptance": "fa-check-square-o",
            "replacement": "fa-exchange",
            "ticket": "fa-life-ring",
            "visit": "fa-car",
            "rma": "fa-undo",
            "repair": "fa-cogs",
            "contract": "fa-file-text-o",
        }
        rows = Markup("").join(
            Markup(
                "<li class='list-group-item d-flex gap-3'>"
                "<span class='text-muted text-nowrap'>%s</span>"
                "<i class='fa fa-fw %s' title='%s'/>"
                "<a href='/odoo/%s/%s'>%s</a></li>"
            )
            % (
                fields.Date.to_string(event["date"]),
                kinds.get(event["kind"], "fa-circle-o"),
                event["kind"],
                event["model"],
                event["id"],
                event["label"],
            )
            for event in sorted(
                events,
                key=lambda event: (event["date"], event["model"], event["id"]),
                reverse=True,
            )
        )
        return Markup("<ul class='list-group list-group-flush'>%s</ul>") % rows

    def action_view_maintenance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_maintenance_visit"
        )
        action["domain"] = [
            ("equipment_id", "=", self.id),
            ("maintenance_plan_id", "!=", False),
        ]
        action["context"] = {}
        return action
