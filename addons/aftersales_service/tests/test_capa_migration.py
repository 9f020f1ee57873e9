# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.modules.migration import load_script
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

from .common import AftersalesCommon

MIGRATIONS = "aftersales_service/migrations/18.0.2.0.0/"


@tagged("post_install", "-at_install")
class TestCapaMigration(AftersalesCommon):
    """18.0.2.0.0: tickets that held their CAPA in their own columns get an
    aftersales.capa with the same values; their actions move to it."""

    def _old_shape(self, tickets_values, participants):
        """Give the database the pre-18.0.2 ticket columns, filled."""
        cr = self.env.cr
        cr.execute(
            """ALTER TABLE aftersales_ticket
                 ADD COLUMN capa_state varchar DEFAULT 'analysis',
                 ADD COLUMN capa_quality_opinion text,
                 ADD COLUMN capa_verification_result text,
                 ADD COLUMN capa_approved_by_id integer,
                 ADD COLUMN capa_approved_date timestamp;
               CREATE TABLE aftersales_ticket_capa_participant_rel (
                   ticket_id integer, user_id integer);
               ALTER TABLE aftersales_capa_action
                 ALTER COLUMN capa_id DROP NOT NULL"""
        )
        for ticket, vals in tickets_values.items():
            for column, value in vals.items():
                cr.execute(
                    SQL(
                        "UPDATE aftersales_ticket SET %s = %s WHERE id = %s",
                        SQL.identifier(column),
                        value,
                        ticket.id,
                    )
                )
        for ticket, users in participants.items():
            for user in users:
                cr.execute(
                    "INSERT INTO aftersales_ticket_capa_participant_rel "
                    "VALUES (%s, %s)",
                    (ticket.id, user.id),
                )

    def test_migration_creates_capas_from_ticket_columns(self):
        self.env.flush_all()
        approver = self.leader
        archived = self._create_ticket(ticket_type_id=self.type_complaint.id)
        untouched = self._create_ticket(ticket_type_id=self.type_complaint.id)
        repair_with_action = self._create_ticket()
        plain_repair = self._create_ticket()
        # before 18.0.2 there was no CAPA document
        self.env["aftersales.capa"].search(
            [("ticket_id", "in", (archived | untouched).ids)]
        ).unlink()
        self.env.flush_all()
        self._old_shape(
            {
                archived: {
                    "capa_state": "archived",
                    "capa_quality_opinion": "Block the batch",
                    "capa_verification_result": "Assessed",
                    "capa_approved_by_id": approver.id,
                    "capa_approved_date": "2026-01-05 10:00:00",
                },
            },
            {archived: self.technician | self.leader},
        )
        self.env.cr.execute(
            """INSERT INTO aftersales_capa_action
                   (ticket_id, company_id, action_type, description, user_id,
                    date_deadline, done)
               VALUES (%(a)s, %(c)s, 'corrective', 'Replace fan', %(u)s,
                       '2026-06-01', true),
                      (%(r)s, %(c)s, 'preventive', 'Train fitters', %(u)s,
                       '2026-06-01', false)""",
            {
                "a": archived.id,
                "r": repair_with_action.id,
                "c": self.company.id,
                "u": self.technician.id,
            },
        )
        pre = load_script(MIGRATIONS + "pre-migrate.py", "capa_pre_migrate")
        post = load_script(MIGRATIONS + "post-migrate.py", "capa_post_migrate")
        pre.migrate(self.env.cr, "18.0.1.1.0")
        post.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()

        capa = archived.capa_id
        self.assertEqual(capa.state, "archived")
        self.assertEqual(capa.quality_opinion, "Block the batch")
        self.assertEqual(capa.verification_result, "Assessed")
        self.assertEqual(capa.approved_by_id, approver)
        self.assertEqual(str(capa.approved_date), "2026-01-05 10:00:00")
        self.assertEqual(capa.participant_ids, self.technician | self.leader)
        self.assertEqual(capa.action_ids.mapped("description"), ["Replace fan"])
        self.assertEqual(archived.capa_state, "archived")
        # every complaint was in the CAPA flow; other tickets only with data
        self.assertEqual(untouched.capa_id.state, "analysis")
        self.assertEqual(
            repair_with_action.capa_id.action_ids.mapped("description"),
            ["Train fitters"],
        )
        self.assertFalse(plain_repair.capa_id)
        # the old columns and the saved copy are gone, actions all filed
        cr = self.env.cr
        self.assertFalse(column_exists(cr, "aftersales_ticket", "capa_state"))
        self.assertFalse(table_exists(cr, pre.BACKUP_TABLE))
        self.assertFalse(table_exists(cr, "aftersales_ticket_capa_participant_rel"))
        cr.execute("SELECT count(*) FROM aftersales_capa_action WHERE capa_id IS NULL")
        self.assertEqual(cr.fetchone()[0], 0)
        # a second run (or a new database) has nothing to do
        self.assertFalse(pre.save_ticket_capa(cr))
        self.assertFalse(post.create_capas(self.env))
