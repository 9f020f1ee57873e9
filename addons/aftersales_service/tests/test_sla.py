from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon

# 2026-01-09 is a Friday; the team works Monday-Friday 09:00-17:00 UTC.


@tagged("post_install", "-at_install")
class TestSla(AftersalesCommon):
    def _new_ticket(self, **overrides):
        return self._create_ticket(
            ticket_type_id=self.type_consultation.id, **overrides
        )

    def test_deadlines_skip_the_weekend(self):
        with freeze_time("2026-01-09 15:00:00"):
            ticket = self._new_ticket()
        self.assertEqual(ticket.sla_policy_id, self.policy)
        # 2 hours on Friday, 2 on Monday.
        self.assertEqual(ticket.response_deadline, datetime(2026, 1, 12, 11, 0))
        # 16 working hours: Fri 2h + Mon 8h + Tue 6h.
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 13, 15, 0))

    def _holiday_monday(self, user=None, **values):
        """A public holiday on Monday 2026-01-12 of the team's calendar (or
        as ``values`` say), created by ``user`` (the administrator keeps the
        holidays)."""
        leaves = self.env["resource.calendar.leaves"]
        if user:
            leaves = leaves.with_user(user)
        return leaves.create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 12, 0, 0),
                "date_to": datetime(2026, 1, 12, 23, 59),
                **values,
            }
        )

    def test_deadlines_skip_public_holidays(self):
        self._holiday_monday()
        with freeze_time("2026-01-09 15:00:00"):
            ticket = self._new_ticket()
        self.assertEqual(ticket.response_deadline, datetime(2026, 1, 13, 11, 0))

    # ------------------------------------------------------------------
    # Time as the customer hears it: clock hours or working time (SLA-01)
    # ------------------------------------------------------------------
    def test_clock_hours_run_through_weekend_and_holiday(self):
        """ "Reply within 24 hours" reported on Friday 15:00 is due Saturday
        15:00, whatever the team's calendar and holidays."""
        self._holiday_monday()
        self.policy.write(
            {
                "response_hours": 24,
                "response_basis": "clock",
                "resolution_hours": 72,
                "resolution_basis": "clock",
            }
        )
        with freeze_time("2026-01-09 15:00:00"):
            ticket = self._new_ticket()
        self.assertEqual(ticket.response_deadline, datetime(2026, 1, 10, 15, 0))
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 12, 15, 0))

    def test_working_time_skips_weekend_and_holiday(self):
        """3 working days of 8 hours reported on Friday 15:00, Monday a
        holiday: Fri 2h + Tue 8h + Wed 8h + Thu 6h."""
        self._holiday_monday()
        self.policy.write(
            {
                "response_hours": 24,
                "response_basis": "clock",
                "resolution_hours": 24,
                "resolution_basis": "working",
            }
        )
        with freeze_time("2026-01-09 15:00:00"):
            ticket = self._new_ticket()
        self.assertEqual(ticket.response_deadline, datetime(2026, 1, 10, 15, 0))
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 15, 15, 0))

    def test_default_policies_mean_what_the_seeds_mean(self):
        """SLA-01: reply within 24 clock hours; SLA-16: a complaint verified
        within 3 working days."""
        standard = self.env.ref("aftersales_service.sla_policy_default")
        complaint = self.env.ref("aftersales_service.sla_policy_complaint")
        self.assertEqual(
            (standard.response_hours, standard.response_basis), (24, "clock")
        )
        self.assertEqual(
            (complaint.response_hours, complaint.response_basis), (24, "clock")
        )
        self.assertEqual(
            (complaint.resolution_hours, complaint.resolution_basis), (24, "working")
        )

    def test_clock_pause_extends_resolution_in_clock_hours(self):
        self.policy.write({"resolution_hours": 48, "resolution_basis": "clock"})
        with freeze_time("2026-01-09 15:00:00"):
            ticket = self._new_ticket()
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 11, 15, 0))
        with freeze_time("2026-01-09 16:00:00"):
            ticket.stage_id = self.stage_waiting
        with freeze_time("2026-01-10 16:00:00"):  # a Saturday: 24 clock hours
            ticket.stage_id = self.stage_progress
        self.assertAlmostEqual(ticket.sla_paused_hours, 24.0)
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 12, 15, 0))

    def test_long_targets_beyond_the_planning_window(self):
        self.policy.resolution_hours = 8 * 300  # 300 working days
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        expected = self.calendar.plan_hours(
            8 * 300, datetime(2026, 1, 12, 9, 0), compute_leaves=True
        )
        self.assertEqual(ticket.resolution_deadline, expected)

    def test_deadlines_start_at_next_working_hour(self):
        with freeze_time("2026-01-10 10:00:00"):  # Saturday
            ticket = self._new_ticket()
        self.assertEqual(ticket.response_deadline, datetime(2026, 1, 12, 13, 0))
        with freeze_time("2026-01-12 20:00:00"):  # Monday evening
            evening = self._new_ticket()
        self.assertEqual(evening.response_deadline, datetime(2026, 1, 13, 13, 0))

    def test_pause_extends_resolution_deadline(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 13, 17, 0))
        with freeze_time("2026-01-12 10:00:00"):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(ticket.sla_pause_start, datetime(2026, 1, 12, 10, 0))
        with freeze_time("2026-01-13 10:00:00"):
            ticket.stage_id = self.stage_progress
        # Paused Monday 10-17 and Tuesday 9-10: 8 working hours.
        self.assertAlmostEqual(ticket.sla_paused_hours, 8.0)
        self.assertFalse(ticket.sla_pause_start)
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 14, 17, 0))

    def test_paused_ticket_is_not_breached_on_resolution(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
            ticket.with_user(self.technician).message_post(
                body="We are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.stage_id = self.stage_waiting
        with freeze_time("2026-01-20 09:00:00"):
            ticket._cron_update_sla_status()
        self.assertEqual(ticket.sla_status, "ongoing")

    def test_first_response_by_public_message(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        self.assertFalse(ticket.first_response_date)
        with freeze_time("2026-01-12 09:30:00"):
            ticket.message_post(
                body="Internal remark",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self.assertFalse(ticket.first_response_date, "an internal note is no response")
        with freeze_time("2026-01-12 10:00:00"):
            ticket.with_user(self.technician).message_post(
                body="We will send a technician",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.first_response_date, datetime(2026, 1, 12, 10, 0))
        with freeze_time("2026-01-12 11:00:00"):
            ticket.with_user(self.technician).message_post(
                body="Second answer",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.first_response_date, datetime(2026, 1, 12, 10, 0))

    def test_customer_message_is_not_a_response(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
            ticket.message_post(
                body="Any news?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.contact.id,
            )
        self.assertFalse(ticket.first_response_date)

    def test_first_response_by_leaving_new_stage(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        with freeze_time("2026-01-12 09:45:00"):
            ticket.stage_id = self.stage_progress
        self.assertEqual(ticket.first_response_date, datetime(2026, 1, 12, 9, 45))

    def test_breach_by_scheduled_action(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        with freeze_time("2026-01-12 11:00:00"):
            self.env["aftersales.ticket"]._cron_update_sla_status()
        self.assertEqual(ticket.sla_status, "ongoing")
        with freeze_time("2026-01-12 12:30:00"):
            self.env["aftersales.ticket"]._cron_update_sla_status()
        self.assertEqual(ticket.sla_status, "at_risk")
        with freeze_time("2026-01-12 13:30:00"):
            self.env["aftersales.ticket"]._cron_update_sla_status()
        self.assertEqual(ticket.sla_status, "breached")
        self.assertIn("breached", ticket.message_ids[0].body)
        activity = ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(activity), 1)
        # A second run alerts nobody twice: the cron skips breached tickets.
        with freeze_time("2026-01-12 14:00:00"):
            self.env["aftersales.ticket"]._cron_update_sla_status()
        self.assertEqual(
            len(ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)), 1
        )

    def test_cron_processes_in_batches(self):
        with freeze_time("2026-01-12 09:00:00"):
            tickets = self.env["aftersales.ticket"].create(
                [
                    self._ticket_vals(ticket_type_id=self.type_consultation.id)
                    for _i in range(5)
                ]
            )
        with freeze_time("2026-01-13 09:00:00"):
            self.env["aftersales.ticket"]._cron_update_sla_status(batch_size=2)
        self.assertEqual(set(tickets.mapped("sla_status")), {"breached"})

    def test_met_when_answered_and_closed_in_time(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        with freeze_time("2026-01-12 10:00:00"):
            ticket.stage_id = self.stage_progress
        with freeze_time("2026-01-13 10:00:00"):
            ticket.stage_id = self.stage_closed
        self.assertEqual(ticket.sla_status, "met")
        self.assertTrue(ticket.sla_response_met)
        self.assertTrue(ticket.sla_resolution_met)
        self.assertEqual(ticket.sla_success_rate, 100.0)

    def test_breached_when_closed_late(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        with freeze_time("2026-01-12 10:00:00"):
            ticket.stage_id = self.stage_progress
        with freeze_time("2026-01-15 10:00:00"):
            ticket.stage_id = self.stage_closed
        self.assertEqual(ticket.sla_status, "breached")
        self.assertTrue(ticket.sla_response_met)
        self.assertFalse(ticket.sla_resolution_met)
        self.assertEqual(ticket.sla_success_rate, 0.0)

    def test_most_specific_policy_applies(self):
        tag = self.env["res.partner.category"].create({"name": "VIP"})
        self.customer.category_id = [Command.link(tag.id)]
        by_team = self.env["aftersales.sla.policy"].create(
            {
                "name": "Team",
                "team_ids": [Command.link(self.team.id)],
                "response_hours": 8,
            }
        )
        by_team_and_tag = self.env["aftersales.sla.policy"].create(
            {
                "name": "Team VIP",
                "sequence": 99,
                "team_ids": [Command.link(self.team.id)],
                "partner_category_ids": [Command.link(tag.id)],
                "response_hours": 2,
            }
        )
        by_priority = self.env["aftersales.sla.policy"].create(
            {"name": "Urgent", "priority": "3", "response_hours": 1}
        )
        vip = self._new_ticket()
        self.assertEqual(vip.sla_policy_id, by_team_and_tag)
        regular = self._new_ticket(partner_id=self.other_customer.id)
        self.assertEqual(regular.sla_policy_id, by_team)
        urgent_elsewhere = self._new_ticket(
            partner_id=self.other_customer.id, team_id=False, priority="3"
        )
        self.assertEqual(urgent_elsewhere.sla_policy_id, by_priority)
        no_match = self._new_ticket(partner_id=self.other_customer.id, team_id=False)
        self.assertEqual(no_match.sla_policy_id, self.policy)

    def test_policy_changes_apply_to_the_next_ticket(self):
        """The policies a ticket is matched against are cached between
        tickets; a manager adding, re-ordering, archiving or deleting one is
        seen by the technician's next ticket."""
        manager = new_test_user(
            self.env,
            login="as_sla_manager",
            groups="aftersales_service.group_aftersales_manager",
        )
        policies = self.env["aftersales.sla.policy"].with_user(manager)

        def ticket_policy():
            return (
                self.env["aftersales.ticket"]
                .with_user(self.technician)
                .create(self._ticket_vals(ticket_type_id=self.type_consultation.id))
                .sla_policy_id
            )

        self.assertEqual(ticket_policy(), self.policy)
        first = policies.create({"name": "First", "sequence": 1, "response_hours": 2})
        self.assertEqual(ticket_policy(), first)
        first.sequence = 50
        self.assertEqual(ticket_policy(), self.policy)
        self.policy.with_user(manager).active = False
        self.assertEqual(ticket_policy(), first)
        first.unlink()
        self.assertFalse(ticket_policy())
        self.policy.with_user(manager).active = True
        self.assertEqual(ticket_policy(), self.policy)

    def test_response_and_closing_dates_are_set_by_the_stages_only(self):
        """The technician's stage moves date the first response and the
        closing; the technician writing either date is refused (it would
        turn a missed response target into a met one)."""
        tickets = self.env["aftersales.ticket"].with_user(self.technician)
        with freeze_time("2026-01-09 15:00:00"):
            ticket = tickets.create(
                self._ticket_vals(ticket_type_id=self.type_consultation.id)
            )
        with freeze_time("2026-01-12 16:00:00"):  # response target missed
            ticket.stage_id = self.stage_progress
        self.assertEqual(ticket.first_response_date, datetime(2026, 1, 12, 16, 0))
        self.assertEqual(ticket.sla_response_outcome, "breached")
        with self.assertRaisesRegex(UserError, "change only through"):
            ticket.write({"first_response_date": datetime(2026, 1, 9, 16, 0)})
        with freeze_time("2026-01-13 10:00:00"):
            ticket.stage_id = self.stage_closed
        self.assertEqual(ticket.closed_date, datetime(2026, 1, 13, 10, 0))
        with self.assertRaisesRegex(UserError, "change only through"):
            ticket.write({"closed_date": datetime(2026, 1, 12, 10, 0)})
        with self.assertRaisesRegex(UserError, "change only through"):
            tickets.create(
                self._ticket_vals(
                    ticket_type_id=self.type_consultation.id,
                    first_response_date=datetime(2026, 1, 9, 16, 0),
                )
            )
        self.assertEqual(ticket.first_response_date, datetime(2026, 1, 12, 16, 0))
        self.assertEqual(ticket.sla_response_outcome, "breached")

    def test_policy_without_target_refused(self):
        with self.assertRaises(ValidationError):
            self.env["aftersales.sla.policy"].create(
                {"name": "Empty", "response_hours": 0, "resolution_hours": 0}
            )

    def test_policy_with_negative_target_refused(self):
        with self.assertRaises(ValidationError):
            self.env["aftersales.sla.policy"].create(
                {"name": "Negative", "response_hours": -2}
            )
        with self.assertRaises(ValidationError):
            self.policy.resolution_hours = -1

    # ------------------------------------------------------------------
    # Working intervals served from the cache only while the calendar, its
    # attendances and its holidays are unchanged
    # ------------------------------------------------------------------
    def _monday_attendance(self):
        return self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "0")

    def test_holiday_added_then_removed_moves_the_next_deadline(self):
        admin = self.env.ref("base.user_admin")
        with freeze_time("2026-01-09 15:00:00"):
            before = self._new_ticket()
            holiday = self._holiday_monday(admin)
            during = self._new_ticket()
            holiday.unlink()
            after = self._new_ticket()
        self.assertEqual(before.response_deadline, datetime(2026, 1, 12, 11, 0))
        self.assertEqual(during.response_deadline, datetime(2026, 1, 13, 11, 0))
        self.assertEqual(after.response_deadline, datetime(2026, 1, 12, 11, 0))

    def test_company_holiday_added_then_moved_moves_the_next_deadline(self):
        """A holiday of every calendar (none set) counts too, and moving it
        to another day is seen by the next ticket."""
        admin = self.env.ref("base.user_admin")
        with freeze_time("2026-01-09 15:00:00"):
            before = self._new_ticket()
            holiday = self._holiday_monday(
                admin,
                name="Company holiday",
                calendar_id=False,
                company_id=self.company.id,
            )
            during = self._new_ticket()
            holiday.write(
                {
                    "date_from": datetime(2026, 1, 13, 0, 0),
                    "date_to": datetime(2026, 1, 13, 23, 59),
                }
            )
            moved = self._new_ticket()
        self.assertEqual(before.response_deadline, datetime(2026, 1, 12, 11, 0))
        self.assertEqual(during.response_deadline, datetime(2026, 1, 13, 11, 0))
        self.assertEqual(moved.response_deadline, datetime(2026, 1, 12, 11, 0))

    def test_changed_attendance_moves_the_next_deadline(self):
        admin = self.env.ref("base.user_admin")
        with freeze_time("2026-01-09 15:00:00"):
            before = self._new_ticket()
            # Monday 13:00-21:00 (still 8 hours): Fri 2h + Mon 2h from 13:00.
            self._monday_attendance().with_user(admin).write(
                {"hour_from": 13, "hour_to": 21}
            )
            after = self._new_ticket()
        self.assertEqual(before.response_deadline, datetime(2026, 1, 12, 11, 0))
        self.assertEqual(after.response_deadline, datetime(2026, 1, 12, 15, 0))

    def test_changed_time_zone_moves_the_next_deadline(self):
        admin = self.env.ref("base.user_admin")
        with freeze_time("2026-01-09 15:00:00"):
            before = self._new_ticket()
            # 09:00-17:00 in Shanghai is 01:00-09:00 UTC: Friday 15:00 UTC is
            # after hours, 4 hours from Monday 01:00 UTC.
            self.calendar.with_user(admin).tz = "Asia/Shanghai"
            after = self._new_ticket()
        self.assertEqual(before.response_deadline, datetime(2026, 1, 12, 11, 0))
        self.assertEqual(after.response_deadline, datetime(2026, 1, 12, 5, 0))

    def test_calendar_change_is_signalled_to_the_other_workers(self):
        """The cached intervals live in Odoo's ormcache: the administrator's
        change of an attendance invalidates it, which Odoo signals to the
        other workers at the end of the request; creating tickets does not."""
        admin = self.env.ref("base.user_admin")
        registry = self.env.registry
        with freeze_time("2026-01-09 15:00:00"):
            registry.cache_invalidated.clear()
            self._new_ticket()
            self.assertNotIn("default", registry.cache_invalidated)
            self._monday_attendance().with_user(admin).write({"hour_to": 18})
            self.assertIn("default", registry.cache_invalidated)

    def _count_interval_reads(self):
        calendar_class = type(self.calendar)
        original = calendar_class._work_intervals_batch
        calls = []

        def counting(calendar, *args, **kwargs):
            calls.append(calendar.id)
            return original(calendar, *args, **kwargs)

        return calls, patch.object(calendar_class, "_work_intervals_batch", counting)

    def test_time_off_of_an_employee_keeps_the_cached_intervals(self):
        """A leave of one resource (an employee's time off) is no public
        holiday: the deadlines stay and the cache is not cleared."""
        admin = self.env.ref("base.user_admin")
        registry = self.env.registry
        resource = self.env["resource.resource"].create(
            {"name": "Technician Wang", "calendar_id": self.calendar.id}
        )
        with freeze_time("2026-01-09 15:00:00"):
            before = self._new_ticket()
            registry.cache_invalidated.clear()
            self._holiday_monday(admin, name="Time off", resource_id=resource.id)
            self.assertNotIn("default", registry.cache_invalidated)
            calls, counting = self._count_interval_reads()
            with counting:
                after = self._new_ticket()
        self.assertEqual(calls, [])
        self.assertEqual(before.response_deadline, datetime(2026, 1, 12, 11, 0))
        self.assertEqual(after.response_deadline, datetime(2026, 1, 12, 11, 0))

    def test_tickets_of_one_day_share_the_calendar_intervals(self):
        calls, counting = self._count_interval_reads()
        with freeze_time("2026-01-12 09:00:00"):
            first = self._new_ticket()
        # the same window of days: the deadlines of both end before 19 January
        with freeze_time("2026-01-12 11:00:00"), counting:
            second = (
                self.env["aftersales.ticket"]
                .with_user(self.technician)
                .create(self._ticket_vals(ticket_type_id=self.type_consultation.id))
            )
        self.assertEqual(calls, [])
        self.assertEqual(first.response_deadline, datetime(2026, 1, 12, 13, 0))
        self.assertEqual(second.response_deadline, datetime(2026, 1, 12, 15, 0))

    def test_deadlines_are_the_calendar_own_plan(self):
        """Across a daylight-saving change and a holiday, every deadline is
        the one resource.calendar.plan_hours gives."""
        self.calendar.tz = "Europe/Brussels"
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 30, 0, 0),
                "date_to": datetime(2026, 3, 30, 23, 59),
            }
        )
        for start in (
            datetime(2026, 3, 26, 7, 15) + timedelta(hours=5 * step)
            for step in range(12)
        ):
            with freeze_time(start):
                ticket = self._new_ticket()
            for deadline, hours in (
                (ticket.response_deadline, 4),
                (ticket.resolution_deadline, 16),
            ):
                self.assertEqual(
                    deadline,
                    self.calendar.plan_hours(hours, start, compute_leaves=True),
                    f"{hours} working hours from {start}",
                )

    # ------------------------------------------------------------------
    # Stored outcomes, read by the reports
    # ------------------------------------------------------------------
    def test_outcome_of_each_target_is_stored(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        self.assertFalse(ticket.sla_response_outcome)
        self.assertFalse(ticket.sla_resolution_outcome)
        with freeze_time("2026-01-12 10:00:00"):
            ticket.stage_id = self.stage_progress
        self.assertEqual(ticket.sla_response_outcome, "met")
        self.assertFalse(ticket.sla_resolution_outcome)
        with freeze_time("2026-01-15 10:00:00"):
            ticket.stage_id = self.stage_closed
        self.assertEqual(ticket.sla_resolution_outcome, "breached")
        self.assertEqual(ticket.sla_status, "breached")
        self.assertTrue(ticket.sla_response_met)
        self.assertFalse(ticket.sla_resolution_met)

    def test_scheduled_action_stores_the_breach_of_a_running_target(self):
        with freeze_time("2026-01-12 09:00:00"):
            ticket = self._new_ticket()
        with freeze_time("2026-01-12 13:30:00"):
            self.env["aftersales.ticket"]._cron_update_sla_status()
        self.assertEqual(ticket.sla_response_outcome, "breached")
        self.assertFalse(ticket.sla_resolution_outcome)

    def test_met_rate_of_ticket_analysis_reads_the_stored_outcome(self):
        """Ticket Analysis averages the SLA met rate by ticket type: one
        complaint met and one breached make 50 %, not 100 %; a complaint
        still running counts in no average."""
        tickets = self.env["aftersales.ticket"]
        with freeze_time("2026-01-12 09:00:00"):
            met, late, running = tickets.create(
                [
                    self._ticket_vals(
                        ticket_type_id=self.type_complaint.id,
                        quality_issue="not_confirmed",
                    )
                    for _i in range(3)
                ]
            )
        with freeze_time("2026-01-12 10:00:00"):
            (met | late).stage_id = self.stage_progress
        with freeze_time("2026-01-13 10:00:00"):
            met.stage_id = self.stage_closed
        with freeze_time("2026-01-15 10:00:00"):
            late.stage_id = self.stage_closed
        self.assertEqual(
            (met | late | running).mapped("sla_status"), ["met", "breached", "ongoing"]
        )
        analysis = self.env["aftersales.ticket"].with_user(self.leader)
        self.assertEqual(
            analysis.fields_get(["sla_success_rate"], ["aggregator"])[
                "sla_success_rate"
            ]["aggregator"],
            "avg",
        )
        groups = analysis.read_group(
            [("id", "in", (met | late | running).ids)],
            ["sla_success_rate:avg"],
            ["ticket_type_id"],
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["sla_success_rate"], 50.0)
