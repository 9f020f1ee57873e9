# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .installation_common import SIGNATURE, InstallationCommon


@tagged("post_install", "-at_install")
class TestInstallation(InstallationCommon):
    """Installation and acceptance (INS-01..07, WTY-05): created on
    delivery, walked through its phases by the technician, its final
    acceptance signed by the customer starts the warranty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.picking, cls.lots = cls._deliver_units(["P3-001", "P3-002", "P3-003"])
        cls.installation = cls._installation_of(cls.picking)
        cls.units = cls.installation.equipment_ids
        # the service officer plans it and names the technician
        cls.installation.with_user(cls.leader).write(
            {
                "user_ids": [Command.link(cls.technician.id)],
                "planned_date_start": fields.Datetime.now(),
                "planned_date_end": fields.Datetime.now() + timedelta(hours=8),
            }
        )
        cls.salesman = new_test_user(
            cls.env,
            login="as_ins_sales",
            groups="sales_team.group_sale_salesman",
            name="Salesman",
        )
        cls.other_technician = new_test_user(
            cls.env,
            login="as_ins_tech2",
            groups="aftersales_service.group_aftersales_user",
            name="Other Technician",
        )

    # ------------------------------------------------------------------
    # Created on delivery (INS-01)
    # ------------------------------------------------------------------
    def test_delivery_creates_one_installation_grouping_its_units(self):
        self.assertEqual(len(self.installation), 1)
        self.assertEqual(self.units.lot_id, self.lots)
        self.assertEqual(self.installation.partner_id, self.customer)
        self.assertEqual(self.installation.sale_order_id, self.picking.sale_id)
        self.assertEqual(self.installation.project_name, "Expo hall")
        self.assertEqual(self.installation.state, "draft")
        self.assertFalse(self.installation.user_id)
        self.assertTrue(self.installation.name.startswith("INS"))
        self.assertEqual(self.units.installation_ids, self.installation)
        self.assertEqual(self.units[0].installation_count, 1)
        # and it is on each unit's timeline
        for unit in self.units:
            events = unit._aftersales_timeline_events()
            self.assertIn(
                (self.installation._name, self.installation.id),
                [(e["model"], e["id"]) for e in events if e["kind"] == "installation"],
            )

    def test_checklist_and_documents_copied_from_product(self):
        self.assertEqual(
            self.installation.line_ids.mapped("name"), ["Supply voltage", "Grounding"]
        )
        self.assertEqual(self.installation.line_ids[0].expected_value, "220 V")
        self.assertEqual(
            self.installation.document_line_ids.mapped("name"), ["User manual"]
        )

    def test_default_handover_documents_when_product_names_none(self):
        self.screen.aftersales_installation_line_ids.filtered(
            lambda t: t.line_type == "document"
        ).unlink()
        installation = (
            self.env["aftersales.installation"]
            .with_user(self.technician)
            .create(
                {
                    "partner_id": self.customer.id,
                    "equipment_ids": [Command.set(self.units[:1].ids)],
                }
            )
        )
        self.assertEqual(len(installation.line_ids), 2)
        self.assertEqual(len(installation.document_line_ids), 6)
        self.assertIn("Invoice", installation.document_line_ids.mapped("name"))

    def test_product_without_installation_flag_gets_none(self):
        self.screen.aftersales_installation_required = False
        picking, _lots = self._deliver_units(["P3-101"])
        self.assertFalse(self._installation_of(picking))

    def test_units_pending_acceptance_until_signed(self):
        self.assertEqual(
            set(self.units.mapped("warranty_state")), {"pending_acceptance"}
        )
        self.assertFalse(any(self.units.mapped("warranty_start_date")))

    # ------------------------------------------------------------------
    # Phases (INS-02) walked by the technician
    # ------------------------------------------------------------------
    def test_technician_walks_phases(self):
        installation = self.installation.with_user(self.technician)
        self.assertTrue(installation.can_start)
        self.assertFalse(installation.can_sign)
        installation.action_start()
        self.assertEqual(installation.state, "installation")
        installation.line_ids.write(
            {"done": True, "result": "ok", "measured_value": "221 V"}
        )
        installation.action_initial_acceptance()
        today = fields.Date.context_today(installation)
        self.assertEqual(installation.state, "initial_acceptance")
        self.assertEqual(installation.initial_acceptance_date, today)
        self.assertEqual(set(self.units.mapped("state")), {"installed"})
        self.assertEqual(set(self.units.mapped("installation_date")), {today})
        installation.action_trial_run()
        self.assertEqual(installation.state, "trial_run")
        self.assertFalse(installation.can_sign)
        installation.action_final_acceptance()
        self.assertEqual(installation.state, "final_acceptance")
        self.assertTrue(installation.can_sign)
        # still waiting for the customer: no warranty yet
        self.assertEqual(
            set(self.units.mapped("warranty_state")), {"pending_acceptance"}
        )

    def test_initial_acceptance_needs_the_checklist_done(self):
        installation = self.installation.with_user(self.technician)
        installation.action_start()
        with self.assertRaisesRegex(UserError, "Complete the checklist"):
            installation.action_initial_acceptance()
        installation.line_ids.write({"done": True})
        installation.line_ids[0].result = "not_ok"
        with self.assertRaisesRegex(UserError, "failed"):
            installation.action_initial_acceptance()

    def test_phase_out_of_order_refused(self):
        installation = self.installation.with_user(self.technician)
        self.assertFalse(installation.can_trial_run)
        with self.assertRaises(UserError):
            installation.action_trial_run()
        with self.assertRaises(UserError):
            installation.action_sign_on_site("Li Wei", SIGNATURE)

    def test_technician_schedules_the_visit(self):
        installation = self.installation.with_user(self.technician)
        installation.action_schedule_visit()
        visit = installation.visit_id
        self.assertTrue(visit)
        self.assertEqual(visit.ticket_id, installation.ticket_id)
        self.assertEqual(
            visit.ticket_id.ticket_type_id,
            self.env.ref("aftersales_service.ticket_type_installation"),
        )
        self.assertIn(self.technician, visit.user_ids)
        self.assertIn(visit.equipment_id, self.units)
        self.assertFalse(installation.can_schedule_visit)
        with self.assertRaises(UserError):
            installation.action_schedule_visit()

    # ------------------------------------------------------------------
    # Final acceptance (INS-03, WTY-05)
    # ------------------------------------------------------------------
    def test_customer_signs_on_site_starts_the_warranty(self):
        installation = self._to_final_acceptance(self.installation, self.technician)
        installation.action_sign_on_site("Li Wei", SIGNATURE, "All fine")
        today = fields.Date.context_today(installation)
        self.assertEqual(installation.state, "done")
        self.assertEqual(installation.signed_by, "Li Wei")
        self.assertEqual(installation.acceptance_date, today)
        self.assertEqual(installation.acceptance_comment, "All fine")
        self.assertTrue(installation.signature)
        for unit in self.units:
            self.assertEqual(unit.acceptance_date, today)
            self.assertEqual(unit.state, "in_service")
            self.assertEqual(unit.warranty_start_date, today)
            self.assertEqual(
                unit.warranty_end_date, today + relativedelta(months=24, days=-1)
            )
            self.assertEqual(unit.warranty_state, "in_warranty")
        self.assertIn("on site", installation.message_ids[0].body)
        # a signed acceptance is a record
        with self.assertRaises(UserError):
            installation.action_sign_on_site("Li Wei", SIGNATURE)
        with self.assertRaises(UserError):
            installation.line_ids[0].measured_value = "0 V"

    def test_employee_cannot_sign_as_customer(self):
        installation = self._to_final_acceptance(self.installation, self.technician)
        with self.assertRaisesRegex(UserError, "Only the customer"):
            installation.action_sign("Technician", SIGNATURE)

    def test_acceptance_before_delivery_refused(self):
        installation = self._to_final_acceptance(self.installation, self.technician)
        # a unit dated by hand: installed (no date kept), delivered later
        self.units[0].write(
            {
                "installation_date": False,
                "delivery_date": fields.Date.context_today(installation)
                + timedelta(days=3),
            }
        )
        # assertRaises (not ...Regex) rolls back to a savepoint, as the
        # failed request would be
        with self.assertRaises(ValidationError) as refusal:
            installation.action_sign_on_site("Li Wei", SIGNATURE)
        self.assertIn("before its delivery", str(refusal.exception))
        self.env.invalidate_all()
        self.assertEqual(installation.state, "final_acceptance")
        self.assertFalse(self.units[0].acceptance_date)

    def test_bad_signature_refused(self):
        installation = self._to_final_acceptance(self.installation, self.technician)
        with self.assertRaisesRegex(UserError, "name"):
            installation.action_sign_on_site("  ", SIGNATURE)
        with self.assertRaises(UserError):
            installation.action_sign_on_site("Li Wei", "not an image!")
        with self.assertRaises(UserError):
            installation.action_sign_on_site("Li Wei", False)
        self.assertEqual(installation.state, "final_acceptance")

    # ------------------------------------------------------------------
    # Guarded fields: only the actions write them
    # ------------------------------------------------------------------
    def test_rpc_write_of_state_or_signature_refused(self):
        installation = self._to_final_acceptance(self.installation, self.technician)
        for vals in (
            {"state": "done"},
            {"signature": SIGNATURE},
            {"signed_by": "Forged"},
            {"acceptance_date": fields.Date.today()},
            {"initial_acceptance_date": fields.Date.today()},
        ):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                installation.write(vals)
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.env["aftersales.installation"].with_user(self.technician).create(
                {"partner_id": self.customer.id, "state": "done"}
            )
        self.assertEqual(installation.state, "final_acceptance")

    # ------------------------------------------------------------------
    # Tickets before acceptance are installation issues (WTY-05)
    # ------------------------------------------------------------------
    def test_ticket_before_acceptance_is_installation_issue(self):
        Ticket = self.env["aftersales.ticket"].with_user(self.technician)
        ticket = Ticket.create(
            self._ticket_vals(
                lot_id=self.lots[0].id,
                request_date=fields.Datetime.now() - timedelta(days=1),
            )
        )
        self.assertEqual(
            ticket.equipment_id, self.units.filtered(lambda u: u.lot_id == self.lots[0])
        )
        self.assertTrue(ticket.is_installation_issue)
        self.assertEqual(ticket.service_category, "warranty")
        self.assertTrue(ticket._is_free_of_charge())
        installation = self._to_final_acceptance(self.installation, self.technician)
        installation.action_sign_on_site("Li Wei", SIGNATURE)
        # reported before the acceptance: stays the installer's
        self.assertTrue(ticket.is_installation_issue)
        later = Ticket.create(
            self._ticket_vals(
                lot_id=self.lots[0].id,
                request_date=fields.Datetime.now() + timedelta(days=1),
            )
        )
        self.assertFalse(later.is_installation_issue)
        self.assertEqual(later.warranty_state, "in_warranty")

    def test_ticket_on_delivery_basis_unit_is_not_installation_issue(self):
        ticket = (
            self.env["aftersales.ticket"]
            .with_user(self.technician)
            .create(self._ticket_vals(lot_id=self.lot.id))
        )
        self.assertFalse(ticket.is_installation_issue)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    def test_planned_end_before_start_refused(self):
        with self.assertRaises(ValidationError):
            self.installation.with_user(self.technician).write(
                {
                    "planned_date_start": fields.Datetime.now(),
                    "planned_date_end": fields.Datetime.now() - timedelta(days=1),
                }
            )

    def test_unit_of_another_customer_refused(self):
        with self.assertRaisesRegex(ValidationError, "another customer"):
            self.env["aftersales.installation"].with_user(self.technician).create(
                {
                    "partner_id": self.other_customer.id,
                    "equipment_ids": [Command.set(self.units[:1].ids)],
                }
            )

    def test_installation_without_equipment_tracking_refused(self):
        with self.assertRaises(ValidationError):
            self.other_product.product_tmpl_id.aftersales_installation_required = True

    def test_phases_need_units(self):
        installation = (
            self.env["aftersales.installation"]
            .with_user(self.technician)
            .create({"partner_id": self.customer.id})
        )
        self.assertFalse(installation.can_start)
        with self.assertRaisesRegex(UserError, "no units"):
            installation.action_start()

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_unassigned_technician_reads_but_cannot_change(self):
        installation = self.installation.with_user(self.other_technician)
        self.assertEqual(installation.name, self.installation.name)
        with self.assertRaises(AccessError):
            installation.action_start()

    def test_salesman_reads_only(self):
        installation = self.installation.with_user(self.salesman)
        self.assertTrue(installation.name)
        with self.assertRaises(AccessError):
            installation.write({"note": "<p>x</p>"})

    def test_other_company_installation_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.leader.company_ids = [Command.link(other_company.id)]
        foreign = self.env["aftersales.installation"].create(
            {"partner_id": self.customer.id, "company_id": other_company.id}
        )
        visible = (
            self.env["aftersales.installation"]
            .with_user(self.leader)
            .with_context(allowed_company_ids=[self.company.id])
            .search([])
        )
        self.assertIn(self.installation, visible)
        self.assertNotIn(foreign, visible)
