# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.2.0.0: RMAs share the tickets' SLA engine (aftersales.sla.mixin).

The RMA's SLA status had its own vocabulary; "On track" is now "Ongoing",
as on tickets. Stored statuses are renamed before the module loads its new
selection, on the RMAs and on the stored copy of their lines.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not version:
        return
    for table in ("aftersales_rma", "aftersales_rma_line"):
        if column_exists(cr, table, "sla_status"):
            cr.execute(
                SQL(
                    "UPDATE %s SET sla_status = 'ongoing' "
                    "WHERE sla_status = 'on_track'",
                    SQL.identifier(table),
                )
            )
