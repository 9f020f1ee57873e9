from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SERVICE_CATEGORIES = [
    ("paid", "A - Paid service"),
    ("contract", "B - Contract service"),
    ("warranty", "C - Warranty service"),
    ("internal", "D - Internal service"),
]


class AftersalesWorkLog(models.Model):
    """Technician daily report (技术人员日报表, FLD-08, FLD-11)."""

    _name = "aftersales.work.log"
    _description = "After-Sales Technician Work Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        string="Technician",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    hours = fields.Float(required=True)
    service_category = fields.Selection(SERVICE_CATEGORIES, required=True)
    ticket_id = fields.Many2one(
        "aftersales.ticket", index=True, ondelete="restrict", check_company=True
    )
    visit_id = fields.Many2one(
        "aftersales.visit",
        index=True,
        ondelete="set null",
        check_company=True,
        domain="[('ticket_id', '=', ticket_id)]",
    )
    description = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    labour_cost_rate = fields.Monetary(
        string="Cost Rate per Hour",
        readonly=True,
        help="The company's labour cost rate when the log was written.",
        groups="aftersales_service.group_aftersales_officer",
    )
    labour_cost = fields.Monetary(
        compute="_compute_labour_cost",
        store=True,
        groups="aftersales_service.group_aftersales_officer",
    )

    @api.depends("hours", "labour_cost_rate")
    def _compute_labour_cost(self):
        for log in self:
            log.labour_cost = log.hours * log.labour_cost_rate

    @api.onchange("ticket_id")
    def _onchange_ticket_id(self):
        if self.ticket_id.service_category:
            self.service_category = self.ticket_id.service_category

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("visit_id") and not vals.get("ticket_id"):
                vals["ticket_id"] = (
                    self.env["aftersales.visit"].browse(vals["visit_id"]).ticket_id.id
                )
            if "labour_cost_rate" not in vals:
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["labour_cost_rate"] = company.aftersales_labour_cost_rate
        return super().create(vals_list)

    @api.constrains("hours")
    def _check_hours_positive(self):
        for log in self:
            if log.hours <= 0:
                raise ValidationError(
                    _(
                        "Work log of %(user)s on %(date)s: hours must be more "
                        "than zero.",
                        user=log.user_id.name,
                        date=log.date,
                    )
                )

    @api.constrains("service_category", "ticket_id", "visit_id")
    def _check_ticket_required(self):
        for log in self:
            # a preventive maintenance visit stands for the ticket
            if (
                log.service_category != "internal"
                and not log.ticket_id
                and not log.visit_id.maintenance_plan_id
            ):
                raise ValidationError(
                    _(
                        "Work log of %(user)s on %(date)s: choose the ticket, only "
                        "internal work (D) may be logged without one.",
                        user=log.user_id.name,
                        date=log.date,
                    )
                )

    @api.constrains("hours", "user_id", "date")
    def _check_daily_total(self):
        totals = self.sudo()._read_group(
            [("user_id", "in", self.user_id.ids), ("date", "in", self.mapped("date"))],
            ["user_id", "date:day"],
            ["hours:sum"],
        )
        for user, day, hours in totals:
            if hours > 24.0 and (user, day) in {
                (log.user_id, log.date) for log in self
            }:
                raise ValidationError(
                    _(
                        "%(user)s would log %(hours).2f hours on %(date)s: a day "
                        "has at most 24 hours.",
                        user=user.name,
                        hours=hours,
                        date=day,
                    )
                )
