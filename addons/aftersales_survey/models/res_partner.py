from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Revisit frequency by customer class (SRV-08): important customers at least
# every six months, long-term customers at least once a year; key customers
# (SRV-03) quarterly like the owner visits of SRV-09. Editable per customer.
REVISIT_TIER_MONTHS = {"key": 3, "important": 6, "long_term": 12}


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_survey_opt_out = fields.Boolean(
        string="No Satisfaction Surveys",
        help="Never send satisfaction surveys to this customer.",
    )
    aftersales_revisit_tier = fields.Selection(
        [
            ("key", "Key customer"),
            ("important", "Important customer"),
            ("long_term", "Long-term customer"),
        ],
        string="Revisit Class",
        tracking=True,
        help="Customers with a class are revisited regularly (回访).",
    )
    aftersales_revisit_interval = fields.Integer(
        string="Revisit Every (months)",
        compute="_compute_aftersales_revisit_interval",
        store=True,
        readonly=False,
    )
    aftersales_revisit_start_date = fields.Date(
        string="Revisits From",
        compute="_compute_aftersales_revisit_start_date",
        store=True,
        readonly=False,
        help="The first revisit is due on this date.",
    )
    aftersales_revisit_user_id = fields.Many2one(
        "res.users",
        string="Revisit Responsible",
        domain=[("share", "=", False)],
        help="Empty means the customer's salesperson.",
    )
    aftersales_revisit_ids = fields.One2many(
        "aftersales.revisit", "partner_id", string="Revisits"
    )
    aftersales_last_revisit_date = fields.Date(
        string="Last Revisit",
        compute="_compute_aftersales_revisit_dates",
        store=True,
    )
    aftersales_next_revisit_date = fields.Date(
        string="Next Revisit",
        compute="_compute_aftersales_revisit_dates",
        store=True,
    )

    @api.depends("aftersales_revisit_tier")
    def _compute_aftersales_revisit_interval(self):
        for partner in self:
            partner.aftersales_revisit_interval = REVISIT_TIER_MONTHS.get(
                partner.aftersales_revisit_tier, 0
            )

    @api.depends("aftersales_revisit_tier")
    def _compute_aftersales_revisit_start_date(self):
        for partner in self:
            if partner.aftersales_revisit_tier and not (
                partner.aftersales_revisit_start_date
            ):
                partner.aftersales_revisit_start_date = fields.Date.context_today(
                    partner
                )

    @api.depends(
        "aftersales_revisit_tier",
        "aftersales_revisit_interval",
        "aftersales_revisit_start_date",
        "aftersales_revisit_ids.state",
        "aftersales_revisit_ids.date_done",
    )
    def _compute_aftersales_revisit_dates(self):
        for partner in self:
            done = partner.aftersales_revisit_ids.filtered(
                lambda r: r.state == "done" and r.date_done
            )
            last = max(done.mapped("date_done")) if done else False
            partner.aftersales_last_revisit_date = last
            if not partner.aftersales_revisit_tier:
                partner.aftersales_next_revisit_date = False
            elif last:
                partner.aftersales_next_revisit_date = last + relativedelta(
                    months=partner.aftersales_revisit_interval
                )
            else:
                partner.aftersales_next_revisit_date = (
                    partner.aftersales_revisit_start_date
                )

    @api.constrains("aftersales_revisit_tier", "aftersales_revisit_interval")
    def _check_aftersales_revisit_interval(self):
        for partner in self.filtered("aftersales_revisit_tier"):
            if partner.aftersales_revisit_interval <= 0:
                raise ValidationError(
                    _(
                        "Set how many months apart %s is revisited "
                        "(a positive number).",
                        partner.display_name,
                    )
                )

    def _aftersales_revisit_responsible(self):
        self.ensure_one()
        return (
            self.aftersales_revisit_user_id
            or self.user_id
            or self.commercial_partner_id.user_id
        )

    def action_view_aftersales_revisits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_survey.action_aftersales_revisit"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
