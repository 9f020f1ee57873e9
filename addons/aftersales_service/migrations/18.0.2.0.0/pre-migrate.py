# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.2.0.0: the CAPA of a complaint is its own document (aftersales.capa).

Before the update, save the CAPA values the tickets held in their own
columns (step, opinions, approval, participants) in a table of their own:
the ticket's fields are now related to its CAPA and no longer store them.
post-migrate.py turns the saved rows into aftersales.capa records.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

BACKUP_TABLE = "aftersales_capa_pre_18_0_2"
TICKET_COLUMNS = (
    "capa_state",
    "capa_quality_opinion",
    "capa_verification_result",
    "capa_approved_by_id",
    "capa_approved_date",
)
PARTICIPANT_TABLE = "aftersales_ticket_capa_participant_rel"


def save_ticket_capa(cr):
    """Copy the tickets' CAPA columns to BACKUP_TABLE (once)."""
    if table_exists(cr, BACKUP_TABLE) or not column_exists(
        cr, "aftersales_ticket", "capa_state"
    ):
        return False
    columns = [
        SQL("t.%s", SQL.identifier(name))
        if column_exists(cr, "aftersales_ticket", name)
        else SQL("NULL AS %s", SQL.identifier(name))
        for name in TICKET_COLUMNS
    ]
    if table_exists(cr, PARTICIPANT_TABLE):
        participants = SQL(
            "ARRAY(SELECT p.user_id FROM %s p WHERE p.ticket_id = t.id "
            "ORDER BY p.user_id)",
            SQL.identifier(PARTICIPANT_TABLE),
        )
    else:
        participants = SQL("ARRAY[]::integer[]")
    cr.execute(
        SQL(
            """CREATE TABLE %s AS
               SELECT t.id AS ticket_id, %s, %s AS participant_ids
                 FROM aftersales_ticket t""",
            SQL.identifier(BACKUP_TABLE),
            SQL(", ").join(columns),
            participants,
        )
    )
    return True


def migrate(cr, version):
    if not version:
        return
    save_ticket_capa(cr)
