from odoo import api, fields, models


class AftersalesVisitExpense(models.Model):
    """Transport, lodging and other receipts brought back (FLD-11)."""

    _name = "aftersales.visit.expense"
    _description = "After-Sales Visit Expense"
    _order = "visit_id, date, id"

    visit_id = fields.Many2one(
        "aftersales.visit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="visit_id.company_id", store=True)
    date = fields.Date(default=fields.Date.context_today)
    expense_type = fields.Selection(
        [
            ("transport", "Transport"),
            ("lodging", "Lodging"),
            ("meal", "Meal"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="transport",
    )
    description = fields.Char()
    amount = fields.Monetary(currency_field="currency_id", required=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    amount_company = fields.Monetary(
        compute="_compute_amount_company",
        store=True,
        currency_field="company_currency_id",
        string="Amount (Company Currency)",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )

    @api.depends("amount", "currency_id", "date", "company_id")
    def _compute_amount_company(self):
        for expense in self:
            company = expense.company_id or self.env.company
            expense.amount_company = expense.currency_id._convert(
                expense.amount,
                company.currency_id,
                company,
                expense.date or fields.Date.context_today(expense),
            )
