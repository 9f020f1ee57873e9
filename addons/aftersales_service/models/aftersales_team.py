import ast

from odoo import api, fields, models


class AftersalesTeam(models.Model):
    _name = "aftersales.team"
    _description = "After-Sales Team"
    _inherit = ["mail.alias.mixin.optional", "mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        check_company=True,
        domain=[("share", "=", False)],
        tracking=True,
    )
    member_ids = fields.Many2many(
        "res.users",
        "aftersales_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain=[("share", "=", False)],
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        check_company=True,
        help="SLA deadlines count this calendar's working time; empty means "
        "the company's working hours.",
    )
    service_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Service Pricelist",
        check_company=True,
        help="Prices of this team's service quotations; empty means the "
        "company's default service pricelist (REP-01).",
    )
    alias_contact = fields.Selection(related="alias_id.alias_contact", readonly=False)
    ticket_ids = fields.One2many("aftersales.ticket", "team_id")
    open_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    unassigned_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    breached_ticket_count = fields.Integer(compute="_compute_ticket_counts")

    def _compute_ticket_counts(self):
        domain = [
            ("team_id", "in", self.ids),
            ("is_closed", "=", False),
            ("is_cancel", "=", False),
        ]
        Ticket = self.env["aftersales.ticket"]
        open_counts = dict(Ticket._read_group(domain, ["team_id"], ["__count"]))
        unassigned = dict(
            Ticket._read_group(
                domain + [("user_id", "=", False)], ["team_id"], ["__count"]
            )
        )
        breached = dict(
            Ticket._read_group(
                domain + [("sla_status", "=", "breached")], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.open_ticket_count = open_counts.get(team, 0)
            team.unassigned_ticket_count = unassigned.get(team, 0)
            team.breached_ticket_count = breached.get(team, 0)

    def _get_service_pricelist(self):
        """Pricelist of service quotations: the team's, else the company's."""
        self.ensure_one()
        return self.service_pricelist_id or self.company_id.aftersales_pricelist_id

    def _get_calendar(self):
        """Working calendar used for SLA deadlines: the team's, else the company's."""
        self.ensure_one()
        return self.resource_calendar_id or self.company_id.resource_calendar_id

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("aftersales.ticket").id
        if self.id:
            defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            values["alias_defaults"] = repr(defaults)
            values["alias_parent_model_id"] = self.env["ir.model"]._get(self._name).id
            values["alias_parent_thread_id"] = self.id
        return values

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        # The leader is always part of the team.
        for team in teams.filtered("user_id"):
            if team.user_id not in team.member_ids:
                team.member_ids = [fields.Command.link(team.user_id.id)]
        return teams

    def unlink(self):
        # the stages of a deleted team become every team's: the tickets'
        # cached stage look-up (aftersales.ticket._aftersales_team_stage_id)
        # is cleared
        self.env.registry.clear_cache()
        return super().unlink()

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_ticket"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action
