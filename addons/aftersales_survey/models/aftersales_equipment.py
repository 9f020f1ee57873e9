# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesEquipment(models.Model):
    """The unit's satisfaction surveys (REC-07): the answers to the surveys
    of its tickets and their mean CSAT, on the unit's record."""

    _inherit = "aftersales.equipment"

    # ------------------------------------------------------------------
    # Fields: satisfaction
    # ------------------------------------------------------------------
    survey_user_input_count = fields.Integer(
        string="Surveys",
        compute="_compute_survey_stats",
        help="Satisfaction surveys sent for the unit's tickets.",
        groups="base.group_user",
    )
    survey_csat_score = fields.Float(
        string="CSAT",
        compute="_compute_survey_stats",
        digits=(16, 1),
        help="Mean customer satisfaction (0-100) of the completed surveys of "
        "the unit's tickets.",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_survey_stats(self):
        """Batched: one grouped count and one grouped CSAT sum per ticket,
        one read of the tickets' units; only the answers the user may
        read."""
        counts, sums, scored = {}, {}, {}
        Answer = self.env["survey.user_input"]
        if self.ids and Answer.has_access("read"):
            domain = [("aftersales_ticket_id.equipment_id", "in", self.ids)]
            all_answers = Answer._read_group(
                domain, ["aftersales_ticket_id"], ["__count"]
            )
            done = Answer._read_group(
                domain
                + [
                    ("state", "=", "done"),
                    ("test_entry", "=", False),
                    ("aftersales_has_csat", "=", True),
                ],
                ["aftersales_ticket_id"],
                ["aftersales_csat_score:sum", "__count"],
            )
            # the tickets' units in one read (archived tickets too)
            tickets = (
                self.env["aftersales.ticket"]
                .sudo()
                .browse({ticket.id for ticket, _count in all_answers})
            )
            unit_of = {ticket.id: ticket.equipment_id.id for ticket in tickets}
            for ticket, count in all_answers:
                unit_id = unit_of[ticket.id]
                counts[unit_id] = counts.get(unit_id, 0) + count
            for ticket, total, count in done:
                unit_id = unit_of[ticket.id]
                sums[unit_id] = sums.get(unit_id, 0.0) + total
                scored[unit_id] = scored.get(unit_id, 0) + count
        for equipment in self:
            unit_id = equipment.id
            equipment.survey_user_input_count = counts.get(unit_id, 0)
            equipment.survey_csat_score = (
                sums[unit_id] / scored[unit_id] if scored.get(unit_id) else 0.0
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_survey.action_aftersales_survey_answers"
        )
        action["domain"] = [("aftersales_ticket_id.equipment_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
