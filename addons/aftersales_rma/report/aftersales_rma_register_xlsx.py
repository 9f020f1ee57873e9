# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class AftersalesRmaRegisterXlsx(models.AbstractModel):
    """Print > RMA register (XLSX): one row per line of the selected RMAs."""

    _name = "report.aftersales_rma.rma_register_xlsx"
    _inherit = "report.aftersales_service.xlsx_table"
    _description = "RMA Register XLSX"

    def _rma_register_columns(self):
        return [
            {"key": "rma", "title": _("RMA"), "type": "text", "width": 12},
            {"key": "date", "title": _("Created On"), "type": "date", "width": 12},
            {"key": "customer", "title": _("Customer"), "type": "text", "width": 24},
            {"key": "ticket", "title": _("Ticket"), "type": "text", "width": 12},
            {"key": "order", "title": _("Sale Order"), "type": "text", "width": 12},
            {"key": "state", "title": _("Status"), "type": "text", "width": 12},
            {"key": "product", "title": _("Product"), "type": "text", "width": 26},
            {"key": "lot", "title": _("Lot/Serial"), "type": "text", "width": 14},
            {"key": "decision", "title": _("Decision"), "type": "text", "width": 14},
            {"key": "qty", "title": _("Quantity"), "type": "float", "total": "sum"},
            {
                "key": "received",
                "title": _("Received"),
                "type": "float",
                "total": "sum",
            },
            {
                "key": "delivered",
                "title": _("Delivered"),
                "type": "float",
                "total": "sum",
            },
            {
                "key": "refunded",
                "title": _("Refunded"),
                "type": "float",
                "total": "sum",
            },
            {
                "key": "value",
                "title": _("Value at Sale Price"),
                "type": "money",
                "total": "sum",
            },
        ]

    def _rma_register_rows(self, rmas):
        states = dict(rmas._fields["state"]._description_selection(self.env))
        decisions = dict(
            self.env["aftersales.rma.line"]
            ._fields["decision"]
            ._description_selection(self.env)
        )
        for rma in rmas:
            for line in rma.line_ids:
                yield (
                    rma.name,
                    rma.create_date,
                    rma.partner_id.display_name,
                    rma.ticket_id.reference,
                    (line.sale_line_id.order_id or rma.sale_order_id).name,
                    states.get(rma.state),
                    line.product_id.display_name,
                    line.lot_id.name,
                    decisions.get(line.decision),
                    line.product_uom_qty,
                    line.qty_received,
                    line.qty_delivered,
                    line.qty_refunded,
                    line.price_unit * line.product_uom_qty,
                )

    def generate_xlsx_report(self, workbook, data, rmas):
        styles = self._xlsx_styles(workbook, self.env.company.currency_id)
        sheet = workbook.add_worksheet(_("RMA register")[:31])
        self._xlsx_table(
            sheet, styles, self._rma_register_columns(), self._rma_register_rows(rmas)
        )
