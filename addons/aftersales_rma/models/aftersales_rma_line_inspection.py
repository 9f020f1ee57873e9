# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The RMA line model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models

# inspection result -> (ticket quality_issue, ticket responsibility or None
# to keep the one the quality team diagnosed); the first found wins
INSPECTION_DIAGNOSIS = [
    ("defect_confirmed", "confirmed", None),
    ("transport_damage", "not_confirmed", "transport"),
    ("customer_damage", "not_confirmed", "customer"),
    ("no_fault_found", "not_confirmed", None),
]


class AftersalesRmaLine(models.Model):
    """The inspection of returned units settles the ticket's diagnosis."""

    _inherit = "aftersales.rma.line"

    defect_code_id = fields.Many2one(
        "aftersales.defect.code",
        string="Defect Code",
        index="btree_not_null",
        help="Defect found when inspecting this unit; becomes the ticket's "
        "defect code when the ticket has none yet.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        inspected = lines.filtered(
            lambda line: line.inspection_result != "pending" or line.defect_code_id
        )
        if inspected:
            inspected._sync_ticket_diagnosis()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if "inspection_result" in vals or "defect_code_id" in vals:
            self._sync_ticket_diagnosis()
        return res

    def _sync_ticket_diagnosis(self):
        """Set quality_issue / responsibility of the tickets from the
        inspection results of all their RMA lines."""
        tickets = self.rma_id.ticket_id
        lines = self.search(
            [
                ("rma_id.ticket_id", "in", tickets.ids),
                ("rma_id.state", "!=", "cancelled"),
                ("inspection_result", "!=", "pending"),
            ]
        )
        for line in self.filtered("defect_code_id"):
            if not line.rma_id.ticket_id.defect_code_id:
                line.rma_id.ticket_id.defect_code_id = line.defect_code_id
        results = {}
        for line in lines:
            results.setdefault(line.rma_id.ticket_id, set()).add(line.inspection_result)
        for ticket, found in results.items():
            _result, quality_issue, responsibility = next(
                diagnosis for diagnosis in INSPECTION_DIAGNOSIS if diagnosis[0] in found
            )
            vals = {"quality_issue": quality_issue}
            if responsibility:
                vals["responsibility"] = responsibility
            changed = {k: v for k, v in vals.items() if ticket[k] != v}
            if changed:
                ticket.write(changed)
