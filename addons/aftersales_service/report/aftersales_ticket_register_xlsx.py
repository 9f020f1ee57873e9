from odoo import _, models


class AftersalesTicketRegisterXlsx(models.AbstractModel):
    """Print > Ticket register (XLSX) on the selected tickets."""

    _name = "report.aftersales_service.ticket_register_xlsx"
    _inherit = "report.aftersales_service.xlsx_table"
    _description = "After-Sales Ticket Register XLSX"

    def _ticket_register_columns(self):
        return [
            {"key": "reference", "title": _("Reference"), "type": "text", "width": 14},
            {"key": "date", "title": _("Reported On"), "type": "date", "width": 12},
            {"key": "name", "title": _("Summary"), "type": "text", "width": 30},
            {"key": "customer", "title": _("Customer"), "type": "text", "width": 24},
            {"key": "team", "title": _("Team"), "type": "text", "width": 18},
            {"key": "product", "title": _("Product"), "type": "text", "width": 24},
            {"key": "lot", "title": _("Lot/Serial"), "type": "text", "width": 14},
            {
                "key": "category",
                "title": _("Service Category"),
                "type": "text",
                "width": 18,
            },
            {"key": "stage", "title": _("Stage"), "type": "text", "width": 14},
            {"key": "warranty", "title": _("Warranty"), "type": "text", "width": 14},
            {
                "key": "resolution",
                "title": _("Resolution"),
                "type": "text",
                "width": 18,
            },
            {"key": "sla", "title": _("SLA Status"), "type": "text", "width": 12},
            {"key": "closed", "title": _("Closed On"), "type": "date", "width": 12},
            {"key": "count", "title": _("Tickets"), "type": "int", "total": "sum"},
        ]

    def _ticket_register_rows(self, tickets):
        def label(ticket, fname):
            field = ticket._fields[fname]
            return dict(field._description_selection(self.env)).get(ticket[fname])

        for ticket in tickets:
            yield (
                ticket.reference,
                ticket.request_date,
                ticket.name,
                ticket.partner_id.display_name,
                ticket.team_id.display_name,
                ticket.product_id.display_name,
                ticket.lot_id.name,
                label(ticket, "service_category"),
                ticket.stage_id.name,
                label(ticket, "warranty_state"),
                label(ticket, "resolution_type"),
                label(ticket, "sla_status"),
                ticket.closed_date,
                1,
            )

    def generate_xlsx_report(self, workbook, data, tickets):
        styles = self._xlsx_styles(workbook, self.env.company.currency_id)
        sheet = workbook.add_worksheet(_("Tickets")[:31])
        self._xlsx_table(
            sheet,
            styles,
            self._ticket_register_columns(),
            self._ticket_register_rows(tickets),
        )
