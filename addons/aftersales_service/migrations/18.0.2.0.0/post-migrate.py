# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.2.0.0: create the CAPA documents from the tickets' saved CAPA values.

A ticket gets an aftersales.capa when it is a complaint (every complaint is
in the CAPA flow from its creation) or when it holds CAPA data: a step past
the analysis, an opinion, a verification result, an approval, participants
or corrective / preventive actions. The actions move to the CAPA of their
ticket. The tickets' old CAPA columns are dropped once converted.
"""

from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists, set_not_null, table_exists

BACKUP_TABLE = "aftersales_capa_pre_18_0_2"
TICKET_COLUMNS = (
    "capa_state",
    "capa_quality_opinion",
    "capa_verification_result",
    "capa_approved_by_id",
    "capa_approved_date",
)
PARTICIPANT_TABLE = "aftersales_ticket_capa_participant_rel"


def _capa_vals(row):
    """Values of the CAPA of one saved ticket row, or None without CAPA."""
    has_data = (
        (row["capa_state"] or "analysis") != "analysis"
        or row["capa_quality_opinion"]
        or row["capa_verification_result"]
        or row["capa_approved_by_id"]
        or row["participant_ids"]
        or row["has_actions"]
    )
    if not (row["is_complaint"] or has_data):
        return None
    return {
        "ticket_id": row["ticket_id"],
        "state": row["capa_state"] or "analysis",
        "quality_opinion": row["capa_quality_opinion"] or False,
        "verification_result": row["capa_verification_result"] or False,
        "approved_by_id": row["capa_approved_by_id"] or False,
        "approved_date": row["capa_approved_date"] or False,
        "participant_ids": [Command.set(row["participant_ids"] or [])],
    }


def create_capas(env):
    """Create the CAPAs from BACKUP_TABLE, move the actions to them, drop the
    saved and the old columns. Returns the created CAPAs."""
    cr = env.cr
    Capa = env["aftersales.capa"].sudo()
    if not table_exists(cr, BACKUP_TABLE):
        return Capa
    cr.execute(
        SQL(
            """SELECT b.*, tt.code = 'complaint' AS is_complaint,
                   EXISTS(SELECT 1 FROM aftersales_capa_action a
                           WHERE a.ticket_id = b.ticket_id) AS has_actions
              FROM %s b
              JOIN aftersales_ticket t ON t.id = b.ticket_id
         LEFT JOIN aftersales_ticket_type tt ON tt.id = t.ticket_type_id
             WHERE NOT EXISTS(SELECT 1 FROM aftersales_capa c
                               WHERE c.ticket_id = b.ticket_id)
          ORDER BY b.ticket_id""",
            SQL.identifier(BACKUP_TABLE),
        )
    )
    names = [desc[0] for desc in cr.description]
    rows = [dict(zip(names, row, strict=True)) for row in cr.fetchall()]
    vals_list = [vals for vals in map(_capa_vals, rows) if vals]
    # the superuser writes the saved steps and approvals as they were
    capas = Capa.with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    ).create(vals_list)
    relink_capa_actions(cr)
    cr.execute(SQL("DROP TABLE %s", SQL.identifier(BACKUP_TABLE)))
    for name in TICKET_COLUMNS:
        if column_exists(cr, "aftersales_ticket", name):
            cr.execute(
                SQL(
                    "ALTER TABLE aftersales_ticket DROP COLUMN %s",
                    SQL.identifier(name),
                )
            )
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(PARTICIPANT_TABLE)))
    env.invalidate_all()
    return capas


def relink_capa_actions(cr):
    """File each corrective / preventive action on its ticket's CAPA."""
    cr.execute(
        """UPDATE aftersales_capa_action a
              SET capa_id = c.id, company_id = c.company_id
             FROM aftersales_capa c
            WHERE c.ticket_id = a.ticket_id AND a.capa_id IS NULL"""
    )
    cr.execute("SELECT 1 FROM aftersales_capa_action WHERE capa_id IS NULL LIMIT 1")
    if not cr.fetchone():
        set_not_null(cr, "aftersales_capa_action", "capa_id")


def migrate(cr, version):
    if not version:
        return
    create_capas(api.Environment(cr, SUPERUSER_ID, {}))
