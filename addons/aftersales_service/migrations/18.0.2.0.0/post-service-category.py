# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.2.0.0: a ticket whose warranty is unknown has no service category.

Until now such a ticket was computed as "A - Paid service", so the finance
workbook counted it as paid work although nothing was quoted. Tickets of an
unknown warranty that were computed as paid and have no service quotation
lose the category (the service desk sets it once the warranty is known);
a ticket with a quotation keeps it.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE aftersales_ticket t
              SET service_category = NULL
            WHERE t.warranty_state = 'unknown'
              AND t.service_category = 'paid'
              AND NOT EXISTS (SELECT 1 FROM sale_order so
                               WHERE so.aftersales_ticket_id = t.id)"""
    )
