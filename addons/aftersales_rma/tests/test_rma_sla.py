# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
from datetime import datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, file_path

from .common import RmaCommon

# 2026-01-09 is a Friday; the team works Monday-Friday 09:00-17:00 UTC.


class TestRmaSla(RmaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Weekdays 9-17 UTC",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.team = cls.env["aftersales.team"].create(
            {"name": "Returns desk", "resource_calendar_id": cls.calendar.id}
        )
        cls.ticket.team_id = cls.team
        cls.env.company.write(
            {
                "aftersales_rma_decision_days": 2,
                "aftersales_rma_resolution_days": 15,
                "aftersales_sla_risk_percent": 20,
            }
        )

    def _received_rma(self, when, decision=False):
        with freeze_time(when):
            rma = self._create_rma(qty=1.0)
            rma.user_id = self.rma_user
            rma.line_ids.decision = decision
            rma.action_confirm()
            receipt = rma.in_picking_ids
            receipt.move_ids.quantity = 1.0
            receipt.move_ids.picked = True
            receipt.button_validate()
        return rma

    def test_received_date_and_decision_deadline_skip_the_weekend(self):
        rma = self._received_rma("2026-01-09 15:00:00")
        self.assertEqual(rma.state, "received")
        self.assertEqual(rma.date_received, datetime(2026, 1, 9, 15, 0))
        # 16 working hours: Fri 2h + Mon 8h + Tue 6h.
        self.assertEqual(rma.decision_deadline, datetime(2026, 1, 13, 15, 0))
        # SLA-15 counts from the receipt: 15 working days of 8 hours, Fri 2h
        # + 14 days + 6h on Fri 30th.
        self.assertEqual(rma.resolution_deadline, datetime(2026, 1, 30, 15, 0))
        self.assertEqual(rma.sla_status, "ongoing")

    def test_resolution_deadline_skips_public_holidays(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 14, 0, 0),
                "date_to": datetime(2026, 1, 14, 23, 59),
            }
        )
        rma = self._received_rma("2026-01-12 09:00:00", decision="return")
        with freeze_time("2026-01-12 11:00:00"):
            rma.action_process()
        self.assertEqual(rma.state, "processing")
        self.assertEqual(rma.date_decided, datetime(2026, 1, 12, 11, 0))
        # 15 working days from the receipt on Monday 09:00 (not from the
        # decision), the Wednesday holiday skipped: Jan 12, 13, 15, 16,
        # 19-23, 26-30 and Feb 2 (until 17:00).
        self.assertEqual(rma.resolution_deadline, datetime(2026, 2, 2, 17, 0))
        self.assertEqual(rma.sla_status, "ongoing")

    def test_company_target_changes_the_deadline(self):
        self.env.company.aftersales_rma_decision_days = 1
        rma = self._received_rma("2026-01-12 09:00:00")
        self.assertEqual(rma.decision_deadline, datetime(2026, 1, 12, 17, 0))

    def test_zero_target_disables_the_deadline(self):
        self.env.company.aftersales_rma_decision_days = 0
        rma = self._received_rma("2026-01-12 09:00:00")
        self.assertFalse(rma.decision_deadline)

    def test_negative_target_refused(self):
        with self.assertRaises(ValidationError):
            self.env.company.aftersales_rma_resolution_days = -1

    def test_scheduled_action_detects_breach_and_alerts_the_user(self):
        rma = self._received_rma("2026-01-09 15:00:00")
        with freeze_time("2026-01-13 14:00:00"):
            self.env["aftersales.rma"]._cron_update_sla_status()
        self.assertEqual(rma.sla_status, "at_risk")
        self.assertFalse(rma.activity_ids)
        with freeze_time("2026-01-14 10:00:00"):
            self.env["aftersales.rma"]._cron_update_sla_status()
        self.assertEqual(rma.sla_status, "breached")
        self.assertTrue(rma.is_late)
        self.assertIn(rma, self.env["aftersales.rma"].search([("is_late", "=", True)]))
        activity = rma.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.rma_user)
        note = rma.message_ids.filtered(lambda m: "decision deadline" in m.body)
        self.assertEqual(len(note), 1)
        # a second run neither alerts again nor changes the status
        with freeze_time("2026-01-15 10:00:00"):
            self.env["aftersales.rma"]._cron_update_sla_status()
        self.assertEqual(len(rma.activity_ids), 1)

    def test_late_decision_is_breached_at_the_transition(self):
        rma = self._received_rma("2026-01-09 15:00:00", decision="return")
        with freeze_time("2026-01-14 10:00:00"):
            rma.action_process()
        self.assertEqual(rma.date_decided, datetime(2026, 1, 14, 10, 0))
        self.assertEqual(rma.sla_status, "breached")
        self.assertEqual(rma.activity_ids.user_id, self.rma_user)
        note = rma.message_ids.filtered(lambda m: "decision deadline" in m.body)
        self.assertEqual(len(note), 1)

    def test_settled_in_time_is_met_and_resolves_the_ticket(self):
        rma = self._received_rma("2026-01-09 15:00:00", decision="scrap")
        with freeze_time("2026-01-12 10:00:00"):
            rma.action_process()
        self.assertEqual(rma.state, "done")
        self.assertEqual(rma.date_decided, datetime(2026, 1, 12, 10, 0))
        self.assertEqual(rma.date_done, datetime(2026, 1, 12, 10, 0))
        self.assertEqual(rma.sla_status, "met")
        self.assertFalse(rma.is_late)
        self.assertEqual(
            self.ticket.stage_id, self.env.ref("aftersales_service.stage_resolved")
        )
        self.assertEqual(self.ticket.resolution_type, "other")

    def test_late_resolution_is_breached_when_done(self):
        rma = self._received_rma("2026-01-12 09:00:00", decision="return")
        with freeze_time("2026-01-12 10:00:00"):
            rma.action_process()
        out = rma.out_picking_ids
        with freeze_time("2026-02-10 10:00:00"):
            out.move_ids.quantity = 1.0
            out.move_ids.picked = True
            out.button_validate()
        self.assertEqual(rma.state, "done")
        self.assertEqual(rma.date_done, datetime(2026, 2, 10, 10, 0))
        self.assertEqual(rma.sla_status, "breached")
        note = rma.message_ids.filtered(lambda m: "resolution deadline" in m.body)
        self.assertEqual(len(note), 1)

    def test_cron_leaves_closed_rmas_alone(self):
        rma = self._received_rma("2026-01-09 15:00:00", decision="scrap")
        with freeze_time("2026-01-12 10:00:00"):
            rma.action_process()
        with freeze_time("2026-03-01 10:00:00"):
            self.env["aftersales.rma"]._cron_update_sla_status()
        self.assertEqual(rma.sla_status, "met")

    # ------------------------------------------------------------------
    # One SLA engine for tickets and RMAs, stored outcomes
    # ------------------------------------------------------------------
    def test_rma_and_ticket_run_the_same_sla_engine(self):
        mixin = type(self.env["aftersales.sla.mixin"])
        for model in ("aftersales.rma", "aftersales.ticket"):
            records = self.env[model]
            self.assertTrue(issubclass(type(records), mixin), model)
            for method in (
                "_sla_evaluate",
                "_sla_is_at_risk",
                "_update_sla_status",
                "_notify_sla_breach",
                "_cron_update_sla_status",
            ):
                self.assertIs(
                    getattr(type(records), method), getattr(mixin, method), method
                )
            self.assertEqual(
                records._fields["sla_status"].get_values(self.env),
                ["ongoing", "at_risk", "met", "breached"],
            )
        rma = self._received_rma("2026-01-09 15:00:00")
        targets = rma._sla_targets()
        self.assertEqual(
            [(t["key"], t["deadline_field"], t["start"]) for t in targets],
            [
                ("decision", "decision_deadline", rma.date_received),
                ("resolution", "resolution_deadline", rma.date_received),
            ],
        )
        # the status is what the mixin decides from the targets
        with freeze_time("2026-01-14 10:00:00"):
            values = rma._sla_evaluate(fields.Datetime.now())
        self.assertEqual(
            values,
            {
                "sla_decision_outcome": "breached",
                "sla_resolution_outcome": False,
                "sla_status": "breached",
            },
        )
        ticket_targets = self.ticket._sla_targets()
        self.assertEqual([t["key"] for t in ticket_targets], ["response", "resolution"])

    def test_outcome_of_each_target_is_stored(self):
        rma = self._received_rma("2026-01-12 09:00:00", decision="return")
        self.assertFalse(rma.sla_decision_outcome)
        self.assertFalse(rma.sla_resolution_outcome)
        with freeze_time("2026-01-12 10:00:00"):
            rma.action_process()
        self.assertEqual(rma.sla_decision_outcome, "met")
        self.assertFalse(rma.sla_resolution_outcome)
        out = rma.out_picking_ids
        with freeze_time("2026-02-10 10:00:00"):
            out.move_ids.quantity = 1.0
            out.move_ids.picked = True
            out.button_validate()
        self.assertEqual(rma.sla_resolution_outcome, "breached")
        self.assertEqual(rma.sla_status, "breached")

    def test_migration_renames_on_track_to_ongoing(self):
        rma = self._received_rma("2026-01-09 15:00:00")
        self.env.flush_all()
        for table in ("aftersales_rma", "aftersales_rma_line"):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET sla_status = 'on_track' WHERE %s = %s",
                    SQL.identifier(table),
                    SQL.identifier("id" if table == "aftersales_rma" else "rma_id"),
                    rma.id,
                )
            )
        path = file_path("aftersales_rma/migrations/18.0.2.0.0/pre-migrate.py")
        spec = importlib.util.spec_from_file_location("rma_pre_migrate", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(rma.sla_status, "ongoing")
        self.assertEqual(rma.line_ids.sla_status, "ongoing")

    def test_sla_outcomes_cannot_be_written_by_the_rma_user(self):
        rma = self._create_rma()
        for name in ("sla_status", "sla_decision_outcome", "sla_resolution_outcome"):
            with self.assertRaisesRegex(UserError, "change only through"):
                rma.with_user(self.rma_user).write({name: "met"})
        for name in ("decision_deadline", "resolution_deadline"):
            with self.assertRaisesRegex(UserError, "change only through"):
                rma.with_user(self.rma_user).write({name: datetime(2099, 1, 1)})
        self.assertNotEqual(rma.sla_status, "met")
