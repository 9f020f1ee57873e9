# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

READING_TYPES = [
    ("number", "Number"),
    ("boolean", "Yes / No"),
    ("text", "Text"),
    ("selection", "Choice"),
]


class AftersalesMaintenanceChecklistLine(models.Model):
    """One item of a maintenance checklist: what to read, of which type,
    the expected value and the tolerance (FLD-15)."""

    _name = "aftersales.maintenance.checklist.line"
    _description = "After-Sales Maintenance Checklist Item"
    _order = "checklist_id, sequence, id"

    checklist_id = fields.Many2one(
        "aftersales.maintenance.checklist",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True, translate=True)
    reading_type = fields.Selection(READING_TYPES, required=True, default="number")
    uom_label = fields.Char(string="Unit", help="e.g. °C, bar, V, A")
    expected_value = fields.Char(
        help="Yes/No items: 'yes' or 'no'; choice items: one of the options."
    )
    min_value = fields.Float(string="Minimum", digits=(16, 3))
    max_value = fields.Float(string="Maximum", digits=(16, 3))
    has_min = fields.Boolean(string="Check Minimum")
    has_max = fields.Boolean(string="Check Maximum")
    selection_options = fields.Char(
        string="Options",
        help="Choice items: the allowed answers, separated by commas.",
    )
    is_meter = fields.Boolean(
        string="Meter Reading",
        help="The unit's meter (running hours, counter): its readings update "
        "the unit's meter, which never goes back, and drive the plans by "
        "meter reading.",
    )

    @api.constrains("reading_type", "min_value", "max_value", "has_min", "has_max")
    def _check_tolerance(self):
        for line in self:
            if (
                line.reading_type == "number"
                and line.has_min
                and line.has_max
                and line.min_value > line.max_value
            ):
                raise ValidationError(
                    _(
                        "Checklist item %s: the minimum is above the maximum.",
                        line.name,
                    )
                )

    @api.constrains("reading_type", "selection_options", "expected_value")
    def _check_options(self):
        for line in self.filtered(lambda item: item.reading_type == "selection"):
            options = line._get_options()
            if not options:
                raise ValidationError(
                    _("Checklist item %s: list the options of the choice.", line.name)
                )
            if line.expected_value and line.expected_value.strip() not in options:
                raise ValidationError(
                    _(
                        "Checklist item %(item)s: the expected value %(value)s "
                        "is not one of its options.",
                        item=line.name,
                        value=line.expected_value,
                    )
                )

    @api.constrains("reading_type", "is_meter")
    def _check_meter(self):
        for line in self:
            if line.is_meter and line.reading_type != "number":
                raise ValidationError(
                    _(
                        "Checklist item %s: a meter reading takes a number.",
                        line.name,
                    )
                )

    def _get_options(self):
        self.ensure_one()
        return [
            option.strip()
            for option in (self.selection_options or "").split(",")
            if option.strip()
        ]

    def _prepare_reading_vals(self):
        self.ensure_one()
        return {
            "checklist_line_id": self.id,
            "sequence": self.sequence,
            "name": self.name,
            "reading_type": self.reading_type,
            "uom_label": self.uom_label,
            "expected_value": self.expected_value,
            "min_value": self.min_value,
            "max_value": self.max_value,
            "has_min": self.has_min,
            "has_max": self.has_max,
            "selection_options": self.selection_options,
            "is_meter": self.is_meter,
        }
