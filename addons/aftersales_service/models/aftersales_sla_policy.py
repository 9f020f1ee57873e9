from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from .aftersales_ticket import TICKET_PRIORITIES

TIME_BASES = [
    ("clock", "Clock hours (24/7)"),
    ("working", "Team's working time"),
]


class AftersalesSlaPolicy(models.Model):
    _name = "aftersales.sla.policy"
    _inherit = ["aftersales.cached.mixin"]
    _description = "After-Sales SLA Policy"
    _order = "sequence, id"
    # the cached active policies of a company (_active_policy_ids)
    _aftersales_cache_fields = ("active", "company_id", "sequence")

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Among equally specific policies, the first one applies."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    description = fields.Text(translate=True)
    team_ids = fields.Many2many("aftersales.team", string="Teams")
    ticket_type_ids = fields.Many2many("aftersales.ticket.type", string="Ticket Types")
    priority = fields.Selection(TICKET_PRIORITIES, help="Empty means any priority.")
    partner_category_ids = fields.Many2many(
        "res.partner.category", string="Customer Tags"
    )
    response_hours = fields.Float(
        string="Response Target (hours)",
        default=24.0,
        help="Hours to first answer the customer (SLA-01: 24 hours), counted "
        "as the response basis says.",
    )
    response_basis = fields.Selection(
        TIME_BASES,
        string="Response Counted In",
        required=True,
        default="clock",
        help="Clock hours: 24 hours means the same time tomorrow, nights and "
        "weekends included, as the customer hears it (SLA-01). Working time: "
        "only the team's working hours count, holidays excluded.",
    )
    resolution_hours = fields.Float(
        string="Resolution Target (hours)",
        help="Hours to close the ticket, counted as the resolution basis says; "
        "empty means no resolution target.",
    )
    resolution_basis = fields.Selection(
        TIME_BASES,
        string="Resolution Counted In",
        required=True,
        default="working",
        help="Working time: e.g. 3 working days of 8 hours are 24 hours "
        "(SLA-16). Clock hours count nights and weekends too.",
    )

    @api.constrains("response_hours", "resolution_hours")
    def _check_targets(self):
        for policy in self:
            if not policy.response_hours and not policy.resolution_hours:
                raise ValidationError(
                    _(
                        "The SLA policy %(policy)s needs a response or a resolution "
                        "target.",
                        policy=policy.name,
                    )
                )
            if policy.response_hours < 0 or policy.resolution_hours < 0:
                raise ValidationError(
                    _(
                        "The targets of the SLA policy %(policy)s must be positive "
                        "numbers of hours.",
                        policy=policy.name,
                    )
                )

    # ------------------------------------------------------------------
    # Business helpers: which policy applies
    # ------------------------------------------------------------------
    def _specificity(self):
        """How many criteria the policy sets: more criteria, more specific."""
        self.ensure_one()
        return sum(
            bool(criterion)
            for criterion in (
                self.team_ids,
                self.ticket_type_ids,
                self.priority,
                self.partner_category_ids,
            )
        )

    def _matches(self, ticket):
        self.ensure_one()
        return (
            (not self.company_id or self.company_id == ticket.company_id)
            and (not self.team_ids or ticket.team_id in self.team_ids)
            and (
                not self.ticket_type_ids
                or ticket.ticket_type_id in self.ticket_type_ids
            )
            and (not self.priority or self.priority == ticket.priority)
            and (
                not self.partner_category_ids
                or self.partner_category_ids & ticket.commercial_partner_id.category_id
                or self.partner_category_ids & ticket.partner_id.category_id
            )
        )

    @api.model
    @tools.ormcache("company_ids")
    def _active_policy_ids(self, company_ids):
        """Ids of the active policies of these companies and of the shared
        ones, in their order. Cached (one ticket at a time, as the form and
        the mail gateway create them, would search them every time) until a
        policy is created, changed or deleted."""
        policies = (
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "in", [*company_ids, False])])
        )
        return tuple(policies.ids)

    @api.model
    def _find_for_tickets(self, tickets):
        """Return {ticket: policy} with the most specific matching policy.

        The policies of the tickets' companies are matched in memory (the
        policies are settings: read as superuser, whoever computes)."""
        company_ids = tuple(sorted(tickets.company_id.ids))
        policies = self.sudo().browse(self._active_policy_ids(company_ids))
        ranked = policies.sorted(lambda p: (-p._specificity(), p.sequence, p.id))
        result = {}
        for ticket in tickets:
            policy = next(
                (policy for policy in ranked if policy._matches(ticket)), self.browse()
            )
            result[ticket] = policy.with_env(self.env)
        return result
