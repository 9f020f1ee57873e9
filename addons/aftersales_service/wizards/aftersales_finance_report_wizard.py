from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

# Who may see the after-sales money (REP-11: finance approves after-sales costs).
FINANCE_REPORT_GROUPS = (
    "account.group_account_manager",
    "account.group_account_user",
    "aftersales_service.group_aftersales_manager",
)


class AftersalesFinanceReportWizard(models.TransientModel):
    """Filters of the after-sales finance workbook (XLSX)."""

    _name = "aftersales.finance.report.wizard"
    _description = "After-Sales Finance Report"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        required=True,
        default=lambda self: self.env.companies,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    team_id = fields.Many2one("aftersales.team", string="Team")
    product_categ_id = fields.Many2one("product.category", string="Product Category")
    partner_id = fields.Many2one("res.partner", string="Customer")
    vendor_id = fields.Many2one("res.partner", string="Vendor")

    @api.model
    def _check_finance_access(self):
        if not any(self.env.user.has_group(xmlid) for xmlid in FINANCE_REPORT_GROUPS):
            raise AccessError(
                _(
                    "Only accountants and after-sales administrators may print "
                    "the after-sales finance report."
                )
            )

    def _check_filters(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(
                    _(
                        "The report starts on %(start)s, after its end %(end)s.",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )
            foreign = wizard.company_ids - self.env.user.company_ids
            if foreign:
                raise AccessError(
                    _(
                        "You have no access to %s.",
                        ", ".join(foreign.mapped("name")),
                    )
                )

    def _finance_filters(self):
        """Plain values the sheets filter on (shared by every addon's sheets)."""
        self.ensure_one()
        self._check_finance_access()
        self._check_filters()
        products = False
        if self.product_categ_id or self.vendor_id:
            domain = [("type", "!=", "combo")]
            if self.product_categ_id:
                domain.append(("categ_id", "child_of", self.product_categ_id.id))
            if self.vendor_id:
                domain.append(
                    (
                        "seller_ids.partner_id",
                        "child_of",
                        self.vendor_id.commercial_partner_id.id,
                    )
                )
            products = (
                self.env["product.product"]
                .sudo()
                .with_context(active_test=False)
                .search(domain)
                .ids
            )
        company = self.company_ids[:1]
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "datetime_from": datetime.combine(self.date_from, time.min),
            "datetime_to": datetime.combine(self.date_to, time.max),
            "company_ids": self.company_ids.ids,
            "currency": company.currency_id,
            "team_id": self.team_id.id,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "vendor_id": self.vendor_id.commercial_partner_id.id,
            "product_ids": products,
            "now": fields.Datetime.now(),
        }

    def action_print_xlsx(self):
        self.ensure_one()
        self._check_finance_access()
        self._check_filters()
        # config=False: the document layout configurator Odoo opens before a
        # company's first PDF has nothing to do with a workbook.
        return self.env.ref(
            "aftersales_service.action_report_finance_xlsx"
        ).report_action(self, config=False)
