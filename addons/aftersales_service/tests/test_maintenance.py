# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..models.aftersales_maintenance_plan import shift_into_season
from .common import AftersalesCommon, portal_user_of


@tagged("post_install", "-at_install")
class TestMaintenance(AftersalesCommon):
    """Preventive maintenance (巡检/保养, FLD-14..16): plans per unit, the
    scheduled action creating the due visits for the designated engineer,
    readings with tolerances, follow-up tickets, overdue visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="as_mt_manager",
            groups="aftersales_service.group_aftersales_manager",
            name="Service Manager",
        )
        cls.portal_user = portal_user_of(
            cls.env, cls.customer, login="as_mt_portal", name="Portal Contact"
        )
        cls.other_portal = portal_user_of(
            cls.env, cls.other_customer, login="as_mt_portal_o", name="Other Portal"
        )
        cls.equipment = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.product.id,
                "lot_id": cls.lot.id,
                "partner_id": cls.customer.id,
                "technician_id": cls.technician.id,
                "delivery_date": date(2025, 3, 10),
            }
        )
        cls.checklist = cls.env["aftersales.maintenance.checklist"].create(
            {
                "name": "Controller inspection",
                "line_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Supply voltage",
                            "reading_type": "number",
                            "uom_label": "V",
                            "has_min": True,
                            "min_value": 220,
                            "has_max": True,
                            "max_value": 240,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Fan runs",
                            "reading_type": "boolean",
                            "expected_value": "yes",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "name": "Noise",
                            "reading_type": "selection",
                            "selection_options": "normal, loud",
                            "expected_value": "normal",
                        }
                    ),
                    Command.create(
                        {"sequence": 4, "name": "Remarks", "reading_type": "text"}
                    ),
                ],
            }
        )
        cls.cron = cls.env.ref("aftersales_service.ir_cron_aftersales_maintenance")

    def _create_plan(self, **values):
        vals = {
            "equipment_id": self.equipment.id,
            "checklist_id": self.checklist.id,
            "interval_number": 3,
            "interval_unit": "month",
            "start_date": date(2026, 3, 5),
        }
        vals.update(values)
        return (
            self.env["aftersales.maintenance.plan"].with_user(self.manager).create(vals)
        )

    def _run_cron(self):
        self.cron.method_direct_trigger()

    def _plan_visits(self, plan):
        return self.env["aftersales.visit"].search(
            [("maintenance_plan_id", "=", plan.id)]
        )

    def _take_readings(self, visit, values):
        with Form(visit.with_user(self.technician)) as form:
            for index, value in enumerate(values):
                with form.reading_ids.edit(index) as line:
                    line.measured_value = value
            form.work_performed = "<p>Inspected, cleaned, measured.</p>"

    # ------------------------------------------------------------------
    # The plan
    # ------------------------------------------------------------------
    def test_manager_creates_plan_with_engineer_and_due_date(self):
        with Form(
            self.env["aftersales.maintenance.plan"].with_user(self.manager)
        ) as form:
            form.equipment_id = self.equipment
            form.checklist_id = self.checklist
            form.interval_number = 6
            form.interval_unit = "month"
            form.start_date = date(2026, 4, 1)
        plan = form.record
        self.assertEqual(plan.technician_id, self.technician)
        self.assertEqual(plan.company_id, self.equipment.company_id)
        self.assertEqual(plan.next_due_date, date(2026, 4, 1))
        self.assertFalse(plan.last_done_date)
        self.assertIn(self.equipment.display_name, plan.name)

    def test_interval_must_be_positive(self):
        for interval in (0, -3):
            with self.assertRaisesRegex(ValidationError, "more than zero"):
                self._create_plan(interval_number=interval)
        plan = self._create_plan()
        with self.assertRaisesRegex(ValidationError, "more than zero"):
            plan.with_user(self.manager).interval_number = 0

    def test_technician_reads_plans_but_does_not_manage_them(self):
        plan = self._create_plan()
        self.assertEqual(
            plan.with_user(self.technician).next_due_date, plan.next_due_date
        )
        with self.assertRaises(AccessError):
            plan.with_user(self.technician).interval_number = 1
        with self.assertRaises(AccessError):
            self.env["aftersales.maintenance.plan"].with_user(self.technician).create(
                {"equipment_id": self.equipment.id}
            )

    def test_seasonal_window_moves_due_date(self):
        # before summer (March to May): June moves to next March
        self.assertEqual(
            shift_into_season(date(2026, 6, 10), "3", "5"), date(2027, 3, 1)
        )
        self.assertEqual(
            shift_into_season(date(2026, 1, 10), "3", "5"), date(2026, 3, 1)
        )
        self.assertEqual(
            shift_into_season(date(2026, 4, 10), "3", "5"), date(2026, 4, 10)
        )
        # a window over the new year (November to February)
        self.assertEqual(
            shift_into_season(date(2026, 1, 20), "11", "2"), date(2026, 1, 20)
        )
        self.assertEqual(
            shift_into_season(date(2026, 5, 20), "11", "2"), date(2026, 11, 1)
        )
        plan = self._create_plan(
            start_date=date(2026, 6, 10), season_month_from="3", season_month_to="5"
        )
        self.assertEqual(plan.next_due_date, date(2027, 3, 1))

    def test_season_needs_both_months(self):
        with self.assertRaisesRegex(ValidationError, "both its first and its last"):
            self._create_plan(season_month_from="3")

    # ------------------------------------------------------------------
    # The scheduled action
    # ------------------------------------------------------------------
    @freeze_time("2026-03-01 06:00:00")
    def test_cron_creates_one_visit_for_engineer_and_is_idempotent(self):
        plan = self._create_plan(start_date=date(2026, 3, 5))
        not_yet = self._create_plan(start_date=date(2026, 3, 20))
        self._run_cron()
        visit = self._plan_visits(plan)
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.user_ids, self.technician)
        self.assertEqual(visit.maintenance_due_date, date(2026, 3, 5))
        self.assertEqual(visit.equipment_id, self.equipment)
        self.assertFalse(visit.ticket_id)
        self.assertEqual(visit.company_id, self.equipment.company_id)
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(visit.commercial_partner_id, self.customer)
        self.assertEqual(
            visit.reading_ids.mapped("name"),
            ["Supply voltage", "Fan runs", "Noise", "Remarks"],
        )
        self.assertFalse(self._plan_visits(not_yet), "beyond the 7-day lead time")
        # run twice: nothing more
        self._run_cron()
        self.assertEqual(self._plan_visits(plan), visit)
        # the technician sees the visit assigned to them
        self.assertEqual(
            self.env["aftersales.visit"]
            .with_user(self.technician)
            .search([("maintenance_plan_id", "=", plan.id)]),
            visit,
        )

    @freeze_time("2026-03-01 06:00:00")
    def test_cron_lead_time_is_a_company_setting(self):
        plan = self._create_plan(start_date=date(2026, 3, 20))
        self.company.aftersales_maintenance_lead_days = 30
        self._run_cron()
        self.assertEqual(len(self._plan_visits(plan)), 1)

    @freeze_time("2026-03-01 06:00:00")
    def test_cron_skips_archived_plans_and_retired_units(self):
        archived = self._create_plan()
        archived.active = False
        self._run_cron()
        self.assertFalse(self._plan_visits(archived))
        plan = self._create_plan()
        self.equipment.action_retire()
        self._run_cron()
        self.assertFalse(self._plan_visits(plan))

    @freeze_time("2026-03-01 06:00:00")
    def test_cron_in_batches(self):
        lots = [self._make_lot(self.product, f"SN-MT-{i}") for i in range(5)]
        units = self.env["aftersales.equipment"].create(
            [
                {
                    "product_id": self.product.id,
                    "lot_id": lot.id,
                    "partner_id": self.customer.id,
                    "technician_id": self.technician.id,
                }
                for lot in lots
            ]
        )
        plans = self.env["aftersales.maintenance.plan"].create(
            [
                {"equipment_id": unit.id, "start_date": date(2026, 3, 2)}
                for unit in units
            ]
        )
        self.env["aftersales.maintenance.plan"]._cron_create_due_visits(batch_size=2)
        visits = self.env["aftersales.visit"].search(
            [("maintenance_plan_id", "in", plans.ids)]
        )
        self.assertEqual(len(visits), 5)
        self.assertEqual(visits.maintenance_plan_id, plans)

    # ------------------------------------------------------------------
    # The visit: readings, done, follow-up ticket
    # ------------------------------------------------------------------
    @freeze_time("2026-03-05 08:00:00")
    def test_technician_finishes_visit_out_of_tolerance_opens_ticket(self):
        plan = self._create_plan()
        self._run_cron()
        visit = self._plan_visits(plan).with_user(self.technician)
        visit.action_approve()
        self._take_readings(visit, ["251.5", "yes", "normal", "dusty cabinet"])
        voltage = visit.reading_ids[0]
        self.assertFalse(voltage.in_tolerance)
        self.assertEqual(voltage.measured_number, 251.5)
        self.assertTrue(all(visit.reading_ids[1:].mapped("in_tolerance")))
        visit.action_done()
        self.assertEqual(visit.state, "done")
        ticket = visit.maintenance_ticket_id
        self.assertTrue(ticket)
        self.assertEqual(ticket.equipment_id, self.equipment)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.user_id, self.technician)
        self.assertIn("Supply voltage", str(ticket.description))
        self.assertEqual(
            ticket.ticket_type_id,
            self.env.ref("aftersales_service.ticket_type_maintenance"),
        )
        # the plan moves on: done on 2026-03-05, every 3 months
        self.assertEqual(plan.last_done_date, date(2026, 3, 5))
        self.assertEqual(plan.next_due_date, date(2026, 6, 5))
        self.assertFalse(plan.is_overdue)
        # the unit's history
        self.assertEqual(self.equipment.maintenance_count, 1)
        self.assertEqual(self.equipment.maintenance_next_due_date, date(2026, 6, 5))
        self.assertIn(visit, self.equipment.maintenance_visit_ids)

    @freeze_time("2026-03-05 08:00:00")
    def test_in_tolerance_opens_no_ticket(self):
        plan = self._create_plan()
        self._run_cron()
        visit = self._plan_visits(plan).with_user(self.technician)
        visit.action_approve()
        self._take_readings(visit, ["230", "yes", "normal", ""])
        # the text remark is a reading too
        with self.assertRaisesRegex(UserError, "Take every reading"):
            visit.action_done()
        self._take_readings(visit, ["230", "yes", "normal", "ok"])
        visit.action_done()
        self.assertFalse(visit.maintenance_ticket_id)
        self.assertEqual(visit.reading_out_count, 0)

    @freeze_time("2026-03-05 08:00:00")
    def test_wrong_reading_type_is_refused(self):
        plan = self._create_plan()
        self._run_cron()
        visit = self._plan_visits(plan).with_user(self.technician)
        voltage, fan, noise = visit.reading_ids[:3]
        with self.assertRaisesRegex(ValidationError, "takes a number"):
            voltage.measured_value = "about right"
        with self.assertRaisesRegex(ValidationError, "takes yes or no"):
            fan.measured_value = "230"
        with self.assertRaisesRegex(ValidationError, "takes one of normal, loud"):
            noise.measured_value = "quiet"
        voltage.measured_value = "229,5"
        self.assertEqual(voltage.measured_number, 229.5)

    @freeze_time("2026-03-05 08:00:00")
    def test_technician_logs_hours_on_maintenance_visit(self):
        plan = self._create_plan()
        self._run_cron()
        visit = self._plan_visits(plan)
        log = (
            self.env["aftersales.work.log"]
            .with_user(self.technician)
            .create(
                {
                    "visit_id": visit.id,
                    "user_id": self.technician.id,
                    "date": date(2026, 3, 5),
                    "hours": 2.0,
                    "service_category": "contract",
                }
            )
        )
        self.assertFalse(log.ticket_id)
        self.assertEqual(visit.work_hours, 2.0)

    def test_checklist_bad_tolerance_refused(self):
        with self.assertRaisesRegex(ValidationError, "minimum is above the maximum"):
            self.checklist.line_ids[0].write({"min_value": 300})
        with self.assertRaisesRegex(ValidationError, "not one of its options"):
            self.checklist.line_ids[2].write({"expected_value": "silent"})

    def test_visit_needs_ticket_or_plan(self):
        with self.assertRaisesRegex(ValidationError, "ticket or a maintenance plan"):
            self.env["aftersales.visit"].create(
                {
                    "equipment_id": self.equipment.id,
                    "scheduled_start": "2026-03-05 09:00:00",
                    "scheduled_end": "2026-03-05 10:00:00",
                }
            )

    # ------------------------------------------------------------------
    # Overdue
    # ------------------------------------------------------------------
    def test_missed_visit_shows_overdue(self):
        with freeze_time("2026-03-01 06:00:00"):
            plan = self._create_plan()
            self._run_cron()
        visit = self._plan_visits(plan)
        with freeze_time("2026-03-10 06:00:00"):
            visit.invalidate_recordset(["maintenance_overdue"])
            plan.invalidate_recordset(["is_overdue"])
            self.equipment.invalidate_recordset(["maintenance_overdue"])
            self.assertTrue(visit.maintenance_overdue)
            self.assertTrue(plan.is_overdue)
            self.assertTrue(self.equipment.maintenance_overdue)
            Visit = self.env["aftersales.visit"].with_user(self.technician)
            self.assertIn(visit, Visit.search([("maintenance_overdue", "=", True)]))
            self.assertNotIn(visit, Visit.search([("maintenance_overdue", "=", False)]))
            self.assertIn(
                plan,
                self.env["aftersales.maintenance.plan"].search(
                    [("is_overdue", "=", True)]
                ),
            )
            self.assertIn(
                self.equipment,
                self.env["aftersales.equipment"].search(
                    [("maintenance_overdue", "=", True)]
                ),
            )
            # cancelled: no longer overdue as a visit, the plan still is
            visit.with_user(self.technician).action_cancel()
            self.assertNotIn(visit, Visit.search([("maintenance_overdue", "=", True)]))
            self.assertTrue(plan.is_overdue)

    # ------------------------------------------------------------------
    # Portal and multi-company
    # ------------------------------------------------------------------
    @freeze_time("2026-03-01 06:00:00")
    def test_portal_sees_its_units_maintenance_visits(self):
        plan = self._create_plan()
        self._run_cron()
        visit = self._plan_visits(plan)
        Visit = self.env["aftersales.visit"]
        self.assertEqual(
            Visit.with_user(self.portal_user).search([("id", "=", visit.id)]), visit
        )
        self.assertEqual(len(visit.with_user(self.portal_user).reading_ids), 4)
        self.assertFalse(
            Visit.with_user(self.other_portal).search([("id", "=", visit.id)])
        )
        with self.assertRaises(AccessError):
            visit.with_user(self.portal_user).reading_ids[0].measured_value = "1"

    def test_plans_follow_company_rules(self):
        plan = self._create_plan()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="as_mt_other_co",
            groups="aftersales_service.group_aftersales_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(
            self.env["aftersales.maintenance.plan"]
            .with_user(outsider)
            .search([("id", "=", plan.id)])
        )

    # ------------------------------------------------------------------
    # Plans by meter reading (running hours, counter)
    # ------------------------------------------------------------------
    def _meter_checklist(self):
        return self.env["aftersales.maintenance.checklist"].create(
            {
                "name": "Running hours",
                "line_ids": [
                    Command.create(
                        {
                            "name": "Hour meter",
                            "reading_type": "number",
                            "uom_label": "h",
                            "is_meter": True,
                        }
                    ),
                ],
            }
        )

    def _meter_visit(self, plan, due_date):
        """A visit of ``plan`` due on ``due_date`` (as the scheduled action
        would create it), approved by the technician."""
        visit = self.env["aftersales.visit"].create(
            plan._prepare_maintenance_visit_vals(due_date)
        )
        visit = visit.with_user(self.technician)
        visit.action_approve()
        return visit

    def _read_meter(self, visit, value):
        """The technician types the meter reading of ``visit``."""
        reading = visit.reading_ids.filtered("is_meter")
        reading.with_user(self.technician).measured_value = value
        return reading

    def _meter_plans(self, **values):
        checklist = self._meter_checklist()
        # reads the meter every month (not due before the test's visits)
        inspection = self._create_plan(
            checklist_id=checklist.id,
            interval_number=1,
            interval_unit="month",
            start_date=date(2027, 1, 1),
        )
        vals = {
            "equipment_id": self.equipment.id,
            "checklist_id": checklist.id,
            "interval_unit": "meter",
            "meter_interval": 500,
            "meter_last_done": 1000,
            "start_date": date(2026, 3, 1),
        }
        vals.update(values)
        # the service officer plans the maintenance
        plan = self.env["aftersales.maintenance.plan"].with_user(self.leader)
        return inspection, plan.create(vals)

    @freeze_time("2026-03-05 08:00:00")
    def test_meter_plan_due_when_the_meter_advanced_by_the_interval(self):
        inspection, plan = self._meter_plans()
        self.assertFalse(plan.next_due_date, "no meter reading yet")
        self._run_cron()
        self.assertFalse(self._plan_visits(plan))
        visit = self._meter_visit(inspection, date(2026, 3, 5))
        self._read_meter(visit, "1200")
        self.assertEqual(self.equipment.meter_value, 1200)
        self.assertEqual(self.equipment.meter_uom, "h")
        self.assertEqual(self.equipment.meter_date.date(), date(2026, 3, 5))
        self.assertFalse(plan.next_due_date, "200 h of 500 h")
        self._run_cron()
        self.assertFalse(self._plan_visits(plan))
        self._read_meter(visit, "1500")
        self.assertEqual(plan.next_due_date, date(2026, 3, 5))
        self._run_cron()
        maintenance = self._plan_visits(plan)
        self.assertEqual(len(maintenance), 1)
        self.assertEqual(maintenance.user_ids, self.technician)
        self.assertEqual(maintenance.maintenance_due_date, date(2026, 3, 5))
        self.assertTrue(maintenance.reading_ids.is_meter)
        # run twice: nothing more
        self._run_cron()
        self.assertEqual(self._plan_visits(plan), maintenance)
        # the technician does the maintenance and reads the meter
        maintenance = maintenance.with_user(self.technician)
        maintenance.action_approve()
        self._read_meter(maintenance, "1510")
        maintenance.work_performed = "<p>Oil and filters changed.</p>"
        maintenance.action_done()
        self.assertEqual(plan.meter_last_done, 1510)
        self.assertFalse(plan.next_due_date, "due again at 2010 h")
        self._run_cron()
        self.assertEqual(self._plan_visits(plan), maintenance)

    @freeze_time("2026-03-05 08:00:00")
    def test_meter_plan_max_days(self):
        _inspection, plan = self._meter_plans(meter_max_days=90)
        self.assertEqual(plan.next_due_date, date(2026, 5, 30))

    def test_meter_interval_must_be_positive(self):
        checklist = self._meter_checklist()
        Plan = self.env["aftersales.maintenance.plan"].with_user(self.leader)
        for interval in (0, -100):
            with self.assertRaisesRegex(ValidationError, "meter interval"):
                Plan.create(
                    {
                        "equipment_id": self.equipment.id,
                        "checklist_id": checklist.id,
                        "interval_unit": "meter",
                        "meter_interval": interval,
                    }
                )
        with self.assertRaisesRegex(ValidationError, "meter reading takes a number"):
            checklist.line_ids.reading_type = "text"

    def test_meter_readings_saved_together_do_not_go_back(self):
        """Readings of the unit's meter added together (the visits of a
        month entered at once): a later visit cannot read less than an
        earlier one."""
        inspection, _plan = self._meter_plans()
        march = self._meter_visit(inspection, date(2026, 3, 5))
        april = self._meter_visit(inspection, date(2026, 4, 5))
        readings = self.env["aftersales.visit.reading"].with_user(self.technician)

        def add(march_value, april_value):
            return readings.create(
                [
                    {
                        "visit_id": visit.id,
                        "name": "Hour meter (extra)",
                        "reading_type": "number",
                        "is_meter": True,
                        "measured_value": value,
                    }
                    for visit, value in ((april, april_value), (march, march_value))
                ]
            )

        # Odoo's assertRaises rolls the refused save back, as the request would
        with self.assertRaises(ValidationError) as refused:
            add("1600", "1500")
        self.assertIn("Meters do not go back", str(refused.exception))
        self.assertEqual(self.equipment.meter_value, 0)
        add("1500", "1600")
        self.assertEqual(self.equipment.meter_value, 1600)

    @freeze_time("2026-03-05 08:00:00")
    def test_meter_does_not_go_back_unless_an_officer_resets_it(self):
        inspection, plan = self._meter_plans()
        first = self._meter_visit(inspection, date(2026, 3, 5))
        self._read_meter(first, "1600")
        # a correction of the same reading is no step back
        self._read_meter(first, "1580")
        second = self._meter_visit(inspection, date(2026, 4, 5))
        with self.assertRaisesRegex(ValidationError, "Meters do not go back"):
            self._read_meter(second, "120")
        self.assertEqual(self.equipment.meter_value, 1580)
        # the technician may not reset it
        unit = self.equipment.with_user(self.technician)
        self.assertFalse(unit.can_reset_meter)
        with self.assertRaisesRegex(UserError, "Only a service officer"):
            unit.action_reset_meter()
        with self.assertRaisesRegex(UserError, "change only through"):
            unit.meter_cycle = 5
        # the officer resets the replaced meter
        unit = self.equipment.with_user(self.leader)
        self.assertTrue(unit.can_reset_meter)
        unit.action_reset_meter()
        self.assertEqual(self.equipment.meter_value, 0)
        self.assertEqual(plan.meter_last_done, 0)
        self.assertFalse(unit.can_reset_meter)
        self._read_meter(second, "120")
        self.assertEqual(self.equipment.meter_value, 120)
        self.assertFalse(plan.next_due_date)
        self._read_meter(second, "520")
        self.assertEqual(plan.next_due_date, date(2026, 3, 5))
