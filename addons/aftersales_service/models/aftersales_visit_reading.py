# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_maintenance_checklist_line import READING_TYPES

# what a technician may type for a yes/no reading
BOOLEAN_WORDS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "ok": True,
    "是": True,
    "正常": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "否": False,
    "异常": False,
}


class AftersalesVisitReading(models.Model):
    """A reading taken on a maintenance visit, copied from the plan's
    checklist item (FLD-15): the measured value and whether it lies within
    the tolerance."""

    _name = "aftersales.visit.reading"
    _description = "After-Sales Maintenance Reading"
    _order = "visit_id, sequence, id"

    visit_id = fields.Many2one(
        "aftersales.visit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="visit_id.company_id", store=True)
    equipment_id = fields.Many2one(
        related="visit_id.equipment_id", store=True, index="btree_not_null"
    )
    checklist_line_id = fields.Many2one(
        "aftersales.maintenance.checklist.line", ondelete="set null"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    reading_type = fields.Selection(READING_TYPES, required=True, default="number")
    uom_label = fields.Char(string="Unit")
    expected_value = fields.Char()
    min_value = fields.Float(string="Minimum", digits=(16, 3))
    max_value = fields.Float(string="Maximum", digits=(16, 3))
    has_min = fields.Boolean(string="Check Minimum")
    has_max = fields.Boolean(string="Check Maximum")
    selection_options = fields.Char(string="Options")
    measured_value = fields.Char(string="Measured")
    measured_number = fields.Float(
        compute="_compute_measured", store=True, digits=(16, 3)
    )
    is_measured = fields.Boolean(compute="_compute_measured", store=True)
    in_tolerance = fields.Boolean(
        compute="_compute_measured",
        store=True,
        help="The measured value is within the tolerance (or matches the "
        "expected answer).",
    )
    note = fields.Char()

    # ---- The unit's meter (running hours, counter) ----
    is_meter = fields.Boolean(
        string="Meter Reading",
        help="Reads the unit's meter: it updates the unit's meter, which "
        "never goes back.",
    )
    measured_on = fields.Datetime(
        compute="_compute_measured_on",
        store=True,
        help="When the value was recorded.",
    )
    meter_cycle = fields.Integer(
        compute="_compute_measured_on",
        store=True,
        help="The unit's meter cycle when the value was recorded: a reset of "
        "the unit's meter starts a new cycle and the readings of earlier "
        "cycles no longer count.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "measured_value",
        "reading_type",
        "expected_value",
        "min_value",
        "max_value",
        "has_min",
        "has_max",
    )
    def _compute_measured(self):
        for reading in self:
            value = (reading.measured_value or "").strip()
            reading.is_measured = bool(value)
            reading.measured_number = 0.0
            reading.in_tolerance = True
            if not value:
                continue
            parsed = reading._parse_value(value)
            if parsed is None:
                # refused by the constraint; never counted as in tolerance
                reading.in_tolerance = False
                continue
            reading.in_tolerance = reading._is_in_tolerance(parsed)
            if reading.reading_type == "number":
                reading.measured_number = parsed

    # the unit's cycle is read when the value is recorded, on purpose not a
    # dependency: a later reset must not move the readings already taken
    @api.depends("measured_value")
    def _compute_measured_on(self):
        now = fields.Datetime.now()
        for reading in self:
            measured = bool((reading.measured_value or "").strip())
            reading.measured_on = now if measured else False
            reading.meter_cycle = reading.visit_id.equipment_id.meter_cycle

    # ------------------------------------------------------------------
    # Constraints (bad input)
    # ------------------------------------------------------------------
    @api.constrains("measured_value", "is_meter", "reading_type")
    def _check_meter_not_back(self):
        """Meters do not go back: a meter reading below the unit's highest
        other reading of the current cycle is refused (an officer resets the
        unit's meter when it was replaced or rolled over). Readings of one
        unit saved together are compared too, in the order of their visits."""
        readings = self.filtered(
            lambda r: r.is_meter
            and r.is_measured
            and r.reading_type == "number"
            and r.equipment_id
        )
        if not readings:
            return
        # readings of the unit's other visits, also those the technician does
        # not see
        highest = {
            (equipment.id, cycle): value
            for equipment, cycle, value in self.sudo()._read_group(
                [
                    ("equipment_id", "in", readings.equipment_id.ids),
                    ("is_meter", "=", True),
                    ("is_measured", "=", True),
                    ("id", "not in", readings.ids),
                ],
                ["equipment_id", "meter_cycle"],
                ["measured_number:max"],
            )
        }
        ordered = readings.sorted(
            lambda r: (r.visit_id.scheduled_start, r.visit_id.id, r.sequence, r.id)
        )
        for reading in ordered:
            key = (reading.equipment_id.id, reading.meter_cycle)
            last = highest.get(key)
            highest[key] = (
                reading.measured_number
                if last is None
                else max(last, reading.measured_number)
            )
            if last is not None and reading.measured_number < last:
                last_text = f"{last:g}"
                raise ValidationError(
                    _(
                        "The meter of %(unit)s already reads %(last)s: "
                        "%(value)s would take it back. Meters do not go back; "
                        "if the meter was replaced or reset, ask a service "
                        "officer to reset the unit's meter first.",
                        unit=reading.equipment_id.display_name,
                        last=last_text,
                        value=reading.measured_value,
                    )
                )

    @api.constrains("measured_value", "reading_type", "selection_options")
    def _check_measured_value(self):
        for reading in self:
            value = (reading.measured_value or "").strip()
            if value and reading._parse_value(value) is None:
                raise ValidationError(reading._wrong_type_message(value))

    def _wrong_type_message(self, value):
        self.ensure_one()
        if self.reading_type == "number":
            return _(
                "Reading %(item)s takes a number, not %(value)s.",
                item=self.name,
                value=value,
            )
        if self.reading_type == "boolean":
            return _(
                "Reading %(item)s takes yes or no, not %(value)s.",
                item=self.name,
                value=value,
            )
        return _(
            "Reading %(item)s takes one of %(options)s, not %(value)s.",
            item=self.name,
            options=", ".join(self._get_options()),
            value=value,
        )

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    def _get_options(self):
        self.ensure_one()
        return [
            option.strip()
            for option in (self.selection_options or "").split(",")
            if option.strip()
        ]

    def _parse_value(self, value):
        """The typed value of ``value`` for this reading, or None when it is
        not of the reading's type."""
        self.ensure_one()
        if self.reading_type == "number":
            try:
                return float(value.replace(",", "."))
            except ValueError:
                return None
        if self.reading_type == "boolean":
            return BOOLEAN_WORDS.get(value.lower())
        if self.reading_type == "selection":
            return value if value in self._get_options() else None
        return value

    def _is_in_tolerance(self, parsed):
        self.ensure_one()
        if self.reading_type == "number":
            if self.has_min and parsed < self.min_value:
                return False
            return not (self.has_max and parsed > self.max_value)
        expected = (self.expected_value or "").strip()
        if not expected:
            return True
        if self.reading_type == "boolean":
            return BOOLEAN_WORDS.get(expected.lower(), parsed) == parsed
        if self.reading_type == "selection":
            return parsed == expected
        return True

    def _describe(self):
        """One line for the ticket opened on an out-of-tolerance reading."""
        self.ensure_one()
        if self.reading_type == "number":
            bounds = []
            if self.has_min:
                bounds.append(f"≥ {self.min_value:g}")
            if self.has_max:
                bounds.append(f"≤ {self.max_value:g}")
            expected = " ".join(bounds)
        else:
            expected = self.expected_value or ""
        unit = f" {self.uom_label}" if self.uom_label else ""
        return _(
            "%(item)s: %(value)s%(unit)s (expected %(expected)s)",
            item=self.name,
            value=self.measured_value,
            unit=unit,
            expected=expected,
        )
