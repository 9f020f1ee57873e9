from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.aftersales_service.models.aftersales_sla_mixin import SLA_STATUSES

from ..models.survey_user_input import SATISFACTION_LEVELS


class AftersalesSurveyReport(models.Model):
    """One row per survey invitation of a ticket. Averages of the columns
    give the figures: CSAT, NPS (promoters % - detractors %, as the mean of
    +100 / 0 / -100 per answer) and response rate (mean of 100 / 0)."""

    _name = "aftersales.survey.report"
    _description = "After-Sales Satisfaction Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "invitation_date desc"

    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    ticket_id = fields.Many2one("aftersales.ticket", string="Ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("aftersales.team", string="Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Technician", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    ticket_type_id = fields.Many2one(
        "aftersales.ticket.type", string="Ticket Type", readonly=True
    )
    resolution_type = fields.Selection(
        lambda self: self.env["aftersales.ticket"]
        ._fields["resolution_type"]
        ._description_selection(self.env),
        readonly=True,
    )
    sla_status = fields.Selection(SLA_STATUSES, string="SLA", readonly=True)
    channel = fields.Selection(
        [("email", "E-mail"), ("portal", "Portal"), ("phone", "Phone")],
        readonly=True,
    )
    state = fields.Selection(
        [("new", "Not started"), ("in_progress", "In progress"), ("done", "Answered")],
        string="Status",
        readonly=True,
    )
    closed_date = fields.Datetime(string="Closed On", readonly=True)
    invitation_date = fields.Datetime(string="Invited On", readonly=True)
    answer_date = fields.Datetime(string="Answered On", readonly=True)
    satisfaction_level = fields.Selection(SATISFACTION_LEVELS, readonly=True)
    nps_category = fields.Selection(
        [
            ("promoter", "Promoter"),
            ("passive", "Passive"),
            ("detractor", "Detractor"),
        ],
        string="NPS Category",
        readonly=True,
    )
    is_answered = fields.Boolean(string="Answered", readonly=True)
    is_low_score = fields.Boolean(string="Low Score", readonly=True)
    csat_score = fields.Float(string="CSAT", readonly=True, aggregator="avg")
    nps_answer = fields.Float(string="NPS Answer", readonly=True, aggregator="avg")
    nps = fields.Float(string="NPS", readonly=True, aggregator="avg")
    response_rate = fields.Float(
        string="Response Rate (%)", readonly=True, aggregator="avg"
    )
    invitation_count = fields.Integer(string="Invitations", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)

    def _query(self):
        done = SQL("ui.state = 'done'")
        return SQL(
            """
            SELECT
                ui.id AS id,
                ui.id AS user_input_id,
                ui.survey_id AS survey_id,
                t.id AS ticket_id,
                t.company_id AS company_id,
                t.team_id AS team_id,
                t.user_id AS user_id,
                t.commercial_partner_id AS partner_id,
                t.product_id AS product_id,
                t.ticket_type_id AS ticket_type_id,
                t.resolution_type AS resolution_type,
                t.sla_status AS sla_status,
                ui.aftersales_channel AS channel,
                ui.state AS state,
                t.closed_date AS closed_date,
                ui.create_date AS invitation_date,
                ui.end_datetime AS answer_date,
                ui.aftersales_satisfaction_level AS satisfaction_level,
                CASE WHEN %(done)s AND ui.aftersales_has_nps THEN
                    CASE WHEN ui.aftersales_nps_score >= 9 THEN 'promoter'
                         WHEN ui.aftersales_nps_score >= 7 THEN 'passive'
                         ELSE 'detractor' END
                END AS nps_category,
                %(done)s AS is_answered,
                (%(done)s AND COALESCE(t.survey_low_score, FALSE)
                    AND t.survey_answer_id = ui.id) AS is_low_score,
                CASE WHEN %(done)s AND ui.aftersales_has_csat
                    THEN ui.aftersales_csat_score END AS csat_score,
                CASE WHEN %(done)s AND ui.aftersales_has_nps
                    THEN ui.aftersales_nps_score END AS nps_answer,
                CASE WHEN %(done)s AND ui.aftersales_has_nps THEN
                    CASE WHEN ui.aftersales_nps_score >= 9 THEN 100.0
                         WHEN ui.aftersales_nps_score >= 7 THEN 0.0
                         ELSE -100.0 END
                END AS nps,
                CASE WHEN %(done)s THEN 100.0 ELSE 0.0 END AS response_rate,
                1 AS invitation_count,
                CASE WHEN %(done)s THEN 1 ELSE 0 END AS answer_count
            FROM survey_user_input ui
            JOIN aftersales_ticket t ON t.id = ui.aftersales_ticket_id
            WHERE NOT COALESCE(ui.test_entry, FALSE)
            """,
            done=done,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
