# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, _, api, fields, models


class AftersalesEquipment(models.Model):
    """The unit's returns, repairs and replacement (REC-07, WTY-13)."""

    _inherit = "aftersales.equipment"

    # ------------------------------------------------------------------
    # Fields: returns and repairs of the unit
    # ------------------------------------------------------------------
    rma_line_ids = fields.One2many(
        "aftersales.rma.line", "equipment_id", string="RMA Lines"
    )
    rma_count = fields.Integer(string="RMAs", compute="_compute_rma_counts")
    repair_ids = fields.Many2many(
        "repair.order",
        compute="_compute_repair_ids",
        string="Repair Orders",
        help="Repair orders of the unit's serial number.",
    )
    repair_count = fields.Integer(string="Repairs", compute="_compute_repair_ids")
    repair_part_move_ids = fields.Many2many(
        "stock.move",
        compute="_compute_repair_ids",
        string="Parts Replaced on Repairs",
        help="Parts added by the unit's done repair orders.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("rma_line_ids")
    def _compute_rma_counts(self):
        Line = self.env["aftersales.rma.line"]
        counts = {}
        if Line.has_access("read"):
            counts = dict(
                Line._read_group(
                    [("equipment_id", "in", self.ids)],
                    ["equipment_id"],
                    ["rma_id:count_distinct"],
                )
            )
        for equipment in self:
            equipment.rma_count = counts.get(equipment, 0)

    def _repairs_by_unit(self):
        """{equipment: repair orders of its serial}, one search."""
        Repair = self.env["repair.order"]
        units = self.filtered("lot_id")
        if not units or not Repair.has_access("read"):
            return {}
        by_key = {}
        for repair in Repair.search(
            [("lot_id", "in", units.lot_id.ids), ("state", "!=", "cancel")]
        ):
            key = (repair.lot_id, repair.product_id)
            by_key[key] = by_key.get(key, Repair) | repair
        return {
            unit: by_key.get((unit.lot_id, unit.product_id), Repair) for unit in units
        }

    @api.depends("lot_id", "product_id", "rma_line_ids.repair_id.state")
    def _compute_repair_ids(self):
        by_unit = self._repairs_by_unit()
        Repair = self.env["repair.order"]
        for equipment in self:
            repairs = by_unit.get(equipment, Repair)
            equipment.repair_ids = repairs
            equipment.repair_count = len(repairs)
            equipment.repair_part_move_ids = repairs.filtered(
                lambda r: r.state == "done"
            ).move_ids.filtered(
                lambda m: m.repair_line_type == "add" and m.state == "done"
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_rmas(self):
        self.ensure_one()
        return self.env["aftersales.rma"]._action_for_domain(
            [("line_ids.equipment_id", "=", self.id)],
            {"default_partner_id": self.partner_id.id},
        )

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "repair.action_repair_order_tree"
        )
        action["domain"] = [("id", "in", self.repair_ids.ids)]
        action["context"] = {
            "default_product_id": self.product_id.id,
            "default_lot_id": self.lot_id.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Business helpers: the timeline
    # ------------------------------------------------------------------
    def _aftersales_timeline_events(self):
        events = super()._aftersales_timeline_events()
        Line = self.env["aftersales.rma.line"]
        if Line.has_access("read"):
            for line in Line.search([("equipment_id", "in", self.ids)]):
                events.append(
                    self._aftersales_timeline_event(
                        line.equipment_id,
                        line.rma_id.create_date,
                        "rma",
                        _("Return %(rma)s", rma=line.rma_id.name),
                        "aftersales.rma",
                        line.rma_id.id,
                    )
                )
        for equipment, repairs in self._repairs_by_unit().items():
            for repair in repairs:
                events.append(
                    self._aftersales_timeline_event(
                        equipment,
                        repair.schedule_date,
                        "repair",
                        _("Repair %(repair)s", repair=repair.name),
                        repair._name,
                        repair.id,
                    )
                )
        return events

    # ------------------------------------------------------------------
    # Business helpers: the unit follows its RMA's stock moves
    # ------------------------------------------------------------------
    def _aftersales_follow_rma_moves(self, moves):
        """The done RMA ``moves`` move their units: a unit received from the
        customer goes under repair, the same unit shipped back is in service
        again, a replacement unit shipped takes the faulty unit's place.
        Runs as superuser from the stock hook (the warehouse clerk who
        validates has no rights on equipment)."""
        receipts = moves.filtered(lambda m: m.location_id.usage == "customer")
        deliveries = moves.filtered(lambda m: m.location_dest_id.usage == "customer")
        units = self.with_context(active_test=False).search(
            [("lot_id", "in", (moves.move_line_ids.lot_id).ids)]
        )
        by_lot = {(unit.lot_id, unit.company_id): unit for unit in units}

        def unit_of(move_line):
            return by_lot.get((move_line.lot_id, move_line.company_id), self)

        received = self.browse()
        for move_line in receipts.move_line_ids:
            received |= unit_of(move_line)
        received.filtered(
            lambda u: u.state in ("installed", "in_service")
        )._aftersales_step("start_repair")
        back = self.browse()
        replacements = []
        for move in deliveries:
            line = move.aftersales_rma_line_id
            old = line.equipment_id
            for move_line in move.move_line_ids.filtered("lot_id"):
                unit = unit_of(move_line)
                if unit and unit == old:
                    back |= unit
                elif line.decision in ("replace", "advance_replace") and old:
                    replacements.append((old, move_line, unit))
        back.filtered(lambda u: u.state == "under_repair")._aftersales_step(
            "put_in_service"
        )
        if replacements:
            self._aftersales_replace(replacements)

    def _aftersales_replace(self, replacements):
        """WTY-13: ``replacements`` lists ``(old unit, delivered move line,
        existing unit of its serial or empty)``; the new serial takes the old
        unit's place (owner, site, main unit, engineer, contract), the old one
        is retired, both are linked, the warranty carries over per the
        company's setting."""
        vals_list, existing = [], []
        for old, move_line, unit in replacements:
            day = fields.Date.context_today(self, move_line.date)
            vals = old._aftersales_replacement_vals(move_line, day)
            if unit:
                existing.append((unit, vals))
            else:
                vals_list.append(vals)
        for unit, vals in existing:
            for name in ("product_id", "lot_id", "company_id", "state"):
                vals.pop(name)
            unit.write(vals)
        new_units = self.create(vals_list) | self.browse(
            [unit.id for unit, _vals in existing]
        )
        for unit in new_units:
            unit.replaces_id.replaced_by_id = unit
        new_units._aftersales_take_over_contracts()
        new_units._aftersales_take_over_maintenance_plans()
        new_units.replaces_id.filtered(lambda u: u.state != "retired")._aftersales_step(
            "retire"
        )
        for unit in new_units:
            unit.replaces_id.message_post(
                body=_("Replaced by %s.", unit._get_html_link())
            )
        return new_units

    def _aftersales_take_over_contracts(self):
        """The replacement units ``self`` join the contracts that list the
        unit they replace (contracts on all units of a product cover them
        already): the customer's service contract follows the machine."""
        contracts = (
            self.env["aftersales.contract"]
            .sudo()
            .search(
                [
                    ("equipment_ids", "in", self.replaces_id.ids),
                    ("state", "in", ("draft", "active")),
                ]
            )
        )
        for contract in contracts:
            joining = self.filtered(
                lambda u, c=contract: u.replaces_id in c.equipment_ids
            )
            contract.equipment_ids = [Command.link(unit.id) for unit in joining]

    def _aftersales_take_over_maintenance_plans(self):
        """The replacement units ``self`` go on with the preventive
        maintenance of the units they replace: each active plan of an old
        unit is copied onto its new unit, first due when the old plan was
        next due (today at the earliest; a meter plan counts from the new
        unit's meter), and the old plan is archived with the old unit."""
        plans = (
            self.env["aftersales.maintenance.plan"]
            .sudo()
            .search([("equipment_id", "in", self.replaces_id.ids)])
        )
        if not plans:
            return
        new_by_old = {unit.replaces_id: unit for unit in self}
        today = fields.Date.context_today(self)
        vals_list = plans.copy_data()
        for plan, vals in zip(plans, vals_list, strict=True):
            unit = new_by_old[plan.equipment_id]
            vals.update(
                equipment_id=unit.id,
                name=_("Maintenance %s", unit.display_name),
                start_date=max(plan.next_due_date or today, today),
                meter_last_done=0.0,
            )
        new_plans = plans.create(vals_list)
        plans.write({"active": False})
        for plan, new_plan in zip(plans, new_plans, strict=True):
            plan.message_post(body=_("Continued on %s.", new_plan._get_html_link()))

    def _aftersales_replacement_vals(self, move_line, day):
        """Values of the unit delivered by ``move_line`` on ``day`` in place
        of ``self``."""
        self.ensure_one()
        if self.company_id.aftersales_replacement_warranty == "new":
            start = day
        else:
            start = self.warranty_start_date or day
        vals = {
            "product_id": move_line.product_id.id,
            "lot_id": move_line.lot_id.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "site_partner_id": self.site_partner_id.id,
            "parent_id": self.parent_id.id,
            "technician_id": self.technician_id.id,
            "sale_line_id": self.sale_line_id.id,
            "delivery_date": day,
            "installation_date": self.installation_date and day,
            "warranty_start_override": start,
            "replaces_id": self.id,
            # it stands where the old unit stood, in the same use
            "state": "in_service" if self.state != "draft" else "draft",
        }
        return vals
