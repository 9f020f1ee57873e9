# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class AftersalesClaimRegisterXlsx(models.AbstractModel):
    """Print > Claims register (XLSX): one row per selected supplier claim,
    credited amounts from the posted vendor credit notes."""

    _name = "report.aftersales_rma.claim_register_xlsx"
    _inherit = "report.aftersales_service.xlsx_table"
    _description = "Supplier Claims Register XLSX"

    def _claim_register_columns(self):
        money = {"type": "money", "total": "sum"}
        return [
            {"key": "claim", "title": _("Claim"), "type": "text", "width": 16},
            {"key": "vendor", "title": _("Vendor"), "type": "text", "width": 24},
            {"key": "ref", "title": _("Vendor Reference"), "type": "text"},
            {"key": "date", "title": _("Submitted On"), "type": "date", "width": 12},
            {"key": "state", "title": _("Status"), "type": "text", "width": 12},
            {"key": "settlement", "title": _("Settlement"), "type": "text"},
            {"key": "orders", "title": _("Purchase Orders"), "type": "text"},
            {"key": "qty", "title": _("Quantity"), "type": "float", "total": "sum"},
            dict(money, key="claimed", title=_("Claimed")),
            dict(money, key="credited", title=_("Credited")),
            {"key": "days", "title": _("Days Open"), "type": "int"},
        ]

    def _claim_register_rows(self, claims):
        states = dict(claims._fields["state"]._description_selection(self.env))
        settlements = dict(
            claims._fields["settlement"]._description_selection(self.env)
        )
        credits = self.env[
            "report.aftersales_service.finance_xlsx"
        ]._finance_claim_credits(claims)
        for claim in claims:
            yield (
                claim.name,
                claim.partner_id.display_name,
                claim.vendor_reference or "",
                claim.submit_date,
                states.get(claim.state, ""),
                settlements.get(claim.settlement, ""),
                ", ".join(claim.purchase_order_ids.mapped("name")),
                sum(claim.line_ids.mapped("quantity")),
                claim.claim_amount,
                credits[claim],
                claim.days_open,
            )

    def generate_xlsx_report(self, workbook, data, claims):
        styles = self._xlsx_styles(workbook, self.env.company.currency_id)
        sheet = workbook.add_worksheet(_("Claims register")[:31])
        self._xlsx_table(
            sheet,
            styles,
            self._claim_register_columns(),
            self._claim_register_rows(claims),
        )
