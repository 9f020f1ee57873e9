from odoo import api, fields, models


class AftersalesCapaAction(models.Model):
    """A corrective or preventive action of a complaint's CAPA (CMP-03,
    CMP-04)."""

    _name = "aftersales.capa.action"
    _description = "After-Sales Corrective / Preventive Action"
    _order = "capa_id, date_deadline, id"

    capa_id = fields.Many2one(
        "aftersales.capa", string="CAPA", required=True, ondelete="cascade", index=True
    )
    # creating with a ticket_id files the action on that ticket's CAPA
    ticket_id = fields.Many2one(
        related="capa_id.ticket_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="capa_id.company_id", store=True, precompute=True
    )
    action_type = fields.Selection(
        [("corrective", "Corrective"), ("preventive", "Preventive")],
        string="Type",
        required=True,
        default="corrective",
    )
    method = fields.Selection(
        [
            ("rework", "Rework"),
            ("repair", "Repair"),
            ("onsite", "On-site visit"),
            ("process", "Process change"),
            ("training", "Training"),
            ("other", "Other"),
        ],
        help="How the nonconformity is fixed (CMP-04).",
    )
    description = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, domain=[("share", "=", False)]
    )
    date_deadline = fields.Date(string="Due Date", required=True)
    done = fields.Boolean()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        tickets = self.env["aftersales.ticket"].browse(
            {
                vals["ticket_id"]
                for vals in vals_list
                if vals.get("ticket_id") and not vals.get("capa_id")
            }
        )
        if tickets:
            tickets._write_capa_vals({})
        for vals in vals_list:
            ticket_id = vals.pop("ticket_id", None)
            if ticket_id and not vals.get("capa_id"):
                vals["capa_id"] = tickets.browse(ticket_id).capa_ids[:1].id
        return super().create(vals_list)
