# The ticket model is split by responsibility (see the style guide).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class AftersalesTicket(models.Model):
    """On-site visits and technicians' hours of a ticket (FLD)."""

    _inherit = "aftersales.ticket"

    visit_ids = fields.One2many("aftersales.visit", "ticket_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    work_log_ids = fields.One2many("aftersales.work.log", "ticket_id")
    work_hours = fields.Float(
        string="Hours Worked", compute="_compute_work_hours", store=True
    )

    @api.depends("visit_ids")
    def _compute_visit_count(self):
        for ticket in self:
            ticket.visit_count = len(ticket.visit_ids)

    @api.depends("work_log_ids.hours")
    def _compute_work_hours(self):
        for ticket in self:
            ticket.work_hours = sum(ticket.work_log_ids.mapped("hours"))

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_visit"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_view_work_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_work_log"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.id,
            "default_service_category": self.service_category,
        }
        return action
