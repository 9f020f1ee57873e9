# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.aftersales_service.tests.common import portal_user_of
from odoo.addons.aftersales_service.tests.installation_common import (
    SIGNATURE,
    InstallationCommon,
)

from .common_delivery import validate_open_as


@tagged("post_install", "-at_install")
class TestEquipmentWalk(InstallationCommon):
    """Issue 14's "Done when": one unit followed from its delivery through
    installation, the customer's signed acceptance, warranty, a service
    contract, a maintenance visit, a repair and a replacement, every step
    done by the role who does it in a company, everything on the unit's
    record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the service officer who handles returns reads the stock moves
        # (an RMA's origin and returnable quantity are read from them)
        cls.officer = cls.leader
        cls.officer.groups_id = [Command.link(cls.env.ref("stock.group_stock_user").id)]
        cls.salesman = new_test_user(
            cls.env,
            login="as_walk_sales",
            groups="sales_team.group_sale_salesman",
            name="Contract Salesman",
        )
        cls.workshop = new_test_user(
            cls.env,
            login="as_walk_workshop",
            groups="aftersales_service.group_aftersales_user,stock.group_stock_user",
            name="Workshop Technician",
        )
        cls.portal_user = portal_user_of(
            cls.env, cls.customer, login="as_walk_portal", name="Portal Buyer"
        )
        cls.filter = cls.env["product.product"].create(
            {"name": "Air filter", "type": "consu", "list_price": 20.0}
        )
        cls.fuse = cls.env["product.product"].create(
            {"name": "Power fuse", "type": "consu", "list_price": 5.0}
        )
        cls.checklist = cls.env["aftersales.maintenance.checklist"].create(
            {
                "name": "Cabinet inspection",
                "line_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Supply voltage",
                            "reading_type": "number",
                            "has_min": True,
                            "min_value": 210,
                            "has_max": True,
                            "max_value": 240,
                        }
                    ),
                    Command.create(
                        {"sequence": 2, "name": "Remarks", "reading_type": "text"}
                    ),
                ],
            }
        )
        # the replacement keeps the rest of the original warranty (WTY-13)
        cls.company.aftersales_replacement_warranty = "rest"
        cls.today = date.today()
        cls.day0 = cls.today - timedelta(days=220)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    @staticmethod
    def _at(day, hour=10):
        return datetime.combine(day, time(hour, 0))

    def _validate_as_clerk(self, pickings):
        return validate_open_as(self, pickings, self.clerk)

    def _rma_from_ticket(self, ticket, decision):
        """The service officer opens the RMA from the ticket, decides and
        authorises it."""
        action = ticket.with_user(self.officer).action_create_rma()
        rma = (
            self.env["aftersales.rma"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({"warehouse_id": self.warehouse.id})
        )
        self.assertEqual(len(rma.line_ids), 1)
        rma.line_ids.write({"product_uom_qty": 1.0, "decision": decision})
        rma.action_confirm()
        return rma.with_env(self.env)

    def _report_problem(self, unit, name):
        """The technician logs the customer's call on the unit's serial."""
        return (
            self.env["aftersales.ticket"]
            .with_user(self.technician)
            .create(
                self._ticket_vals(
                    name=name,
                    lot_id=unit.lot_id.id,
                    product_id=unit.product_id.id,
                )
            )
        )

    # ------------------------------------------------------------------
    # the walk
    # ------------------------------------------------------------------
    def test_one_unit_from_delivery_to_replacement(self):
        day0 = self.day0
        Equipment = self.env["aftersales.equipment"]

        # 1. sold and delivered: the clerk validates, the unit exists
        with freeze_time(self._at(day0)):
            picking, lot = self._deliver_units(["P3-WALK-1"])
        unit = Equipment.search([("lot_id", "=", lot.id)])
        self.assertEqual(len(unit), 1)
        self.assertEqual(unit.partner_id, self.customer)
        self.assertEqual(unit.delivery_date, day0)
        self.assertEqual(unit.state, "draft")
        self.assertEqual(unit.warranty_state, "pending_acceptance")
        self.assertFalse(unit.warranty_start_date)

        # 2. installation: the officer plans it, the technician walks the
        #    phases, the customer signs the final acceptance on the portal
        installation = self._installation_of(picking)
        self.assertEqual(installation.equipment_ids, unit)
        installation.with_user(self.officer).write(
            {
                "user_ids": [Command.link(self.technician.id)],
                "planned_date_start": self._at(day0 + timedelta(days=2), 9),
                "planned_date_end": self._at(day0 + timedelta(days=2), 17),
            }
        )
        unit.with_user(self.officer).technician_id = self.technician
        with freeze_time(self._at(day0 + timedelta(days=2))):
            self._to_final_acceptance(installation, self.technician)
        self.assertEqual(unit.state, "installed")
        self.assertEqual(unit.installation_date, day0 + timedelta(days=2))
        self.assertEqual(unit.warranty_state, "pending_acceptance")
        accepted = day0 + timedelta(days=3)
        with freeze_time(self._at(accepted)):
            # what the portal route calls, as the customer
            installation.with_user(self.portal_user).action_sign(
                "Portal Buyer", SIGNATURE
            )
        self.assertEqual(installation.state, "done")
        self.assertEqual(unit.acceptance_date, accepted)
        self.assertEqual(unit.warranty_start_date, accepted)
        self.assertEqual(
            unit.warranty_end_date, accepted + relativedelta(months=24, days=-1)
        )
        self.assertEqual(unit.warranty_state, "in_warranty")
        self.assertEqual(unit.state, "in_service")

        # 3. a service contract sold and activated by the salesman; the
        #    unit's tickets are contract service (category B)
        signed = day0 + timedelta(days=5)
        with freeze_time(self._at(signed)):
            contract = (
                self.env["aftersales.contract"]
                .with_user(self.salesman)
                .create(
                    {
                        "partner_id": self.customer.id,
                        "equipment_ids": [Command.set(unit.ids)],
                        "date_start": signed,
                        "date_end": signed + relativedelta(years=1, days=-1),
                        "preventive_visit_count": 2,
                        "price": 2400.0,
                    }
                )
            )
            contract.action_activate()
        contract = contract.with_env(self.env)
        self.assertEqual(contract.state, "active")
        self.assertEqual(unit.contract_id, contract)
        with freeze_time(self._at(day0 + timedelta(days=10))):
            call = self._report_problem(unit, "Dead pixels")
        self.assertEqual(call.equipment_id, unit)
        self.assertEqual(call.service_category, "contract")

        # 4. preventive maintenance: the officer plans the included visits,
        #    the scheduled action creates the visit, the technician does it
        with freeze_time(self._at(day0 + timedelta(days=6))):
            contract.with_user(self.officer).action_create_maintenance_plans()
        plan = contract.maintenance_plan_ids
        self.assertEqual(plan.equipment_id, unit)
        plan.with_user(self.officer).checklist_id = self.checklist
        due = plan.next_due_date
        self.assertEqual(due, day0 + timedelta(days=6) + relativedelta(months=6))
        self.assertLess(due, self.today)
        with freeze_time(self._at(due - timedelta(days=3), 2)):
            self.env.ref(
                "aftersales_service.ir_cron_aftersales_maintenance"
            ).method_direct_trigger()
        visit = plan.visit_ids
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.equipment_id, unit)
        self.assertEqual(visit.user_ids, self.technician)
        with freeze_time(self._at(due)):
            visit = visit.with_user(self.technician)
            visit.action_approve()
            with Form(visit) as form:
                with form.reading_ids.edit(0) as line:
                    line.measured_value = "228"
                with form.reading_ids.edit(1) as line:
                    line.measured_value = "filter clogged, changed"
                form.work_performed = "<p>Cleaned, filter changed, measured.</p>"
            visit.part_ids = [
                Command.create({"product_id": self.filter.id, "quantity": 1.0})
            ]
            visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertFalse(visit.maintenance_ticket_id)
        self.assertEqual(plan.last_done_date, due)
        self.assertEqual(plan.next_due_date, due + relativedelta(months=6))

        # 5. a repair: ticket -> RMA by the officer, received by the clerk
        #    (under repair), repaired in the workshop, shipped back (in
        #    service)
        broken = self._report_problem(unit, "Cabinet dark")
        self.assertEqual(broken.service_category, "contract")
        repair_rma = self._rma_from_ticket(broken, "repair")
        self.assertEqual(repair_rma.line_ids.equipment_id, unit)
        self._validate_as_clerk(repair_rma.in_picking_ids)
        self.assertEqual(unit.state, "under_repair")
        repair_rma.with_user(self.officer).action_process()
        repair = repair_rma.line_ids.repair_id.with_user(self.workshop)
        self.assertTrue(repair)
        repair.move_ids = [
            Command.create(
                {
                    "repair_line_type": "add",
                    "product_id": self.fuse.id,
                    "product_uom_qty": 1.0,
                }
            )
        ]
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self._validate_as_clerk(repair_rma.out_picking_ids)
        self.assertEqual(unit.state, "in_service")

        # 6. a replacement: the new serial takes the unit's place
        new_lot = self._make_lot(self.screen, "P3-WALK-NEW")
        failed = self._report_problem(unit, "Cabinet dark again")
        replace_rma = self._rma_from_ticket(failed, "replace")
        self._validate_as_clerk(replace_rma.in_picking_ids)
        replace_rma.with_user(self.officer).action_process()
        out = self._validate_as_clerk(replace_rma.out_picking_ids)
        self.assertEqual(out.move_line_ids.lot_id, new_lot)
        new = Equipment.search([("lot_id", "=", new_lot.id)])
        self.assertEqual(len(new), 1)

        # ---- all on the record: the old unit ----
        old = unit
        old.invalidate_recordset()
        self.assertEqual(old.state, "retired")
        self.assertEqual(old.replaced_by_id, new)
        self.assertEqual(
            (
                old.ticket_count,
                old.visit_count,
                old.maintenance_count,
                old.installation_count,
                old.contract_count,
                old.rma_count,
                old.repair_count,
            ),
            (3, 1, 1, 1, 1, 2, 1),
        )
        self.assertEqual(old.ticket_ids, call | broken | failed)
        self.assertEqual(old.repair_ids, repair_rma.line_ids.repair_id)
        self.assertEqual(old.repair_part_move_ids.product_id, self.fuse)
        self.assertEqual(old.visit_part_ids.product_id, self.filter)
        self.assertEqual(old.maintenance_visit_ids, visit)
        self.assertEqual(old.installation_ids, installation)
        self.assertEqual(
            self._timeline(old),
            [
                (day0, ["delivery"]),
                (day0 + timedelta(days=2), ["installation", "installation"]),
                (accepted, ["acceptance"]),
                (signed, ["contract"]),
                (day0 + timedelta(days=10), ["ticket"]),
                (due, ["visit"]),
                (
                    self.today,
                    [
                        "repair",
                        "replacement",
                        "rma",
                        "rma",
                        "ticket",
                        "ticket",
                    ],
                ),
            ],
        )

        # ---- the new unit ----
        self.assertEqual(new.replaces_id, old)
        self.assertEqual(new.state, "in_service")
        self.assertEqual(new.partner_id, self.customer)
        self.assertEqual(new.technician_id, self.technician)
        self.assertEqual(new.contract_id, contract)
        self.assertIn(new, contract.equipment_ids)
        self.assertEqual(new.warranty_start_date, accepted)
        self.assertEqual(new.warranty_end_date, old.warranty_end_date)
        self.assertEqual(new.warranty_state, "in_warranty")
        self.assertEqual(
            (
                new.ticket_count,
                new.visit_count,
                new.maintenance_count,
                new.installation_count,
                new.contract_count,
                new.rma_count,
                new.repair_count,
            ),
            (0, 0, 0, 0, 1, 0, 0),
        )
        self.assertFalse(new.repair_part_move_ids)
        self.assertFalse(new.visit_part_ids)
        self.assertEqual(
            self._timeline(new),
            [
                (
                    self.today,
                    ["contract", "delivery", "installation", "replacement"],
                ),
            ],
        )
        # and a new call on the replacement is contract service too
        after = self._report_problem(new, "Colour shift")
        self.assertEqual(after.equipment_id, new)
        self.assertEqual(after.service_category, "contract")
        # the form's timeline names the old unit and its history
        new.invalidate_recordset(["timeline_html"])
        self.assertIn(old.display_name, str(new.timeline_html))
        self.assertIn(repair_rma.name, str(old.timeline_html))

    def _timeline(self, unit):
        """The unit's timeline as [(day, sorted kinds of that day)], in
        chronological order."""
        by_day = {}
        for event in unit._aftersales_timeline_events():
            self.assertEqual(event["equipment_id"], unit.id)
            by_day.setdefault(event["date"], []).append(event["kind"])
        return [(day, sorted(kinds)) for day, kinds in sorted(by_day.items())]
