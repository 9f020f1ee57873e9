from odoo import api, fields, models


class AftersalesTicketStage(models.Model):
    _name = "aftersales.ticket.stage"
    _description = "After-Sales Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    fold = fields.Boolean(help="Folded in the kanban view.")
    active = fields.Boolean(default=True)
    is_new = fields.Boolean(
        string="Intake Stage",
        help="Tickets start here; leaving this stage counts as the first response.",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Tickets in this stage are finished: the resolution time stops.",
    )
    is_resolved = fields.Boolean(
        string="Resolved Stage",
        help="Where a ticket goes when its work is done (an RMA settled, a "
        "repair delivered), before the customer confirms and it is closed.",
    )
    is_cancel = fields.Boolean(
        string="Cancelled Stage",
        help="Finished without a resolution: no SLA, no follow-up call.",
    )
    pause_sla = fields.Boolean(
        string="Pause SLA",
        help="Time spent in this stage (e.g. waiting for the customer) "
        "extends the resolution deadline.",
    )
    requires_consent = fields.Boolean(
        help="Paid tickets may only enter this stage once the customer agreed "
        "to the quotation."
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "aftersales.ticket")],
        help="Sent to the customer when a ticket reaches this stage.",
    )
    team_ids = fields.Many2many(
        "aftersales.team",
        string="Teams",
        help="Teams using this stage; empty means every team.",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    # Tickets look their team's intake / resolved / closing stage up in a
    # registry cache (aftersales.ticket._aftersales_team_stage_id).
    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
