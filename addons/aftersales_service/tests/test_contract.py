from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon
from .xlsx_common import FinanceWorkbookMixin


@tagged("post_install", "-at_install")
class TestContract(AftersalesCommon):
    """Service contracts (维保合同, WTY-16): sold by a salesman, they give the
    tickets of the covered units category B, their own SLA targets and their
    coverage on the service quotation, until the day after their end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="as_ct_salesman",
            groups="sales_team.group_sale_salesman",
            name="Contract Salesman",
        )
        cls.reader = new_test_user(
            cls.env,
            login="as_ct_reader",
            groups="aftersales_service.group_aftersales_user",
            name="Technician Only",
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="as_ct_portal",
            groups="base.group_portal",
            name="Portal Contact",
            partner_id=cls.env["res.partner"]
            .create({"name": "Portal Li", "parent_id": cls.customer.id})
            .id,
        )
        cls.labour = cls.env["product.product"].create(
            {"name": "Labour hour", "type": "service", "list_price": 150.0}
        )
        cls.travel = cls.env["product.product"].create(
            {"name": "Travel", "type": "service", "list_price": 50.0}
        )
        cls.part = cls.env["product.product"].create(
            {"name": "Pump seal", "type": "consu", "list_price": 40.0}
        )
        cls.company.write(
            {
                "aftersales_labour_product_id": cls.labour.id,
                "aftersales_travel_product_id": cls.travel.id,
                "aftersales_discount_approval_percent": 10.0,
                "aftersales_pricelist_id": False,
            }
        )
        cls.equipment = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.product.id,
                "lot_id": cls.lot.id,
                "partner_id": cls.customer.id,
            }
        )
        other_lot = cls._make_lot(cls.product, "SN-OTHER")
        cls.other_equipment = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.product.id,
                "lot_id": other_lot.id,
                "partner_id": cls.other_customer.id,
            }
        )
        cls.today = fields.Date.today()
        cls.start = cls.today - timedelta(days=30)

    def _contract_vals(self, **overrides):
        vals = {
            "partner_id": self.contact.id,
            "equipment_ids": [Command.set(self.equipment.ids)],
            "date_start": self.start,
            "date_end": self.start + relativedelta(years=1, days=-1),
            "labour_coverage": "included",
            "parts_coverage": "discount",
            "parts_discount": 25.0,
            "travel_coverage": "excluded",
            "response_hours": 2.0,
            "response_basis": "clock",
            "resolution_hours": 8.0,
            "resolution_basis": "working",
            "price": 1200.0,
            "invoicing_period": "quarter",
        }
        vals.update(overrides)
        return vals

    def _active_contract(self, **overrides):
        contract = (
            self.env["aftersales.contract"]
            .with_user(self.salesman)
            .create(self._contract_vals(**overrides))
        )
        contract.action_activate()
        return contract.with_user(self.env.user)

    def _monday_last_week(self):
        monday = self.today - timedelta(days=self.today.weekday() + 7)
        return datetime.combine(monday, time(10, 0))

    def _ticket(self, **overrides):
        vals = self._ticket_vals(lot_id=self.lot.id)
        vals.update(overrides)
        return self.env["aftersales.ticket"].with_user(self.technician).create(vals)

    def _quote(self, ticket, parts=2.0):
        self.env["aftersales.visit"].create(
            {
                "ticket_id": ticket.id,
                "scheduled_start": fields.Datetime.now(),
                "scheduled_end": fields.Datetime.now() + timedelta(hours=2),
                "user_ids": [Command.set(self.technician.ids)],
                "part_ids": [
                    Command.create({"product_id": self.part.id, "quantity": parts})
                ],
            }
        )
        ticket.write({"quote_labour_hours": 2.0, "quote_travel": True})
        action = ticket.with_user(self.technician).action_create_quotation()
        return self.env["sale.order"].browse(action["res_id"])

    @staticmethod
    def _line(order, product):
        return order.order_line.filtered(lambda ln: ln.product_id == product)

    # ------------------------------------------------------------------
    # Selling the contract
    # ------------------------------------------------------------------
    def test_salesman_finds_contracts_and_units_in_the_sales_app(self):
        """A salesman has no After-Sales app: the Sales app's Orders menu
        leads to the contracts they sell and the units they cover, and both
        actions' views load for them."""
        Menu = self.env["ir.ui.menu"].with_user(self.salesman)
        visible = Menu._visible_menu_ids()
        for xmlid, model in (
            (
                "aftersales_service.menu_aftersales_contract_sales",
                "aftersales.contract",
            ),
            (
                "aftersales_service.menu_aftersales_equipment_sales",
                "aftersales.equipment",
            ),
        ):
            menu = self.env.ref(xmlid)
            self.assertIn(menu.id, visible)
            self.assertEqual(menu.action.res_model, model)
            self.env[model].with_user(self.salesman).get_views(
                [(False, "list"), (False, "form"), (False, "search")]
            )
        self.assertNotIn(
            self.env.ref("aftersales_service.menu_aftersales_root").id, visible
        )
        self.assertEqual(
            self.env["aftersales.equipment"]
            .with_user(self.salesman)
            .search_count([("id", "=", self.equipment.id)]),
            1,
        )

    def test_salesman_creates_activates_and_quotes_each_period(self):
        contract = (
            self.env["aftersales.contract"]
            .with_user(self.salesman)
            .create(self._contract_vals())
        )
        self.assertTrue(contract.name.startswith("ASC"))
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.state, "draft")
        self.assertTrue(contract.can_activate)
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertFalse(contract.can_activate)
        self.assertEqual(self.equipment.contract_id, contract)
        self.assertEqual(self.equipment.contract_count, 1)
        self.assertEqual(contract.covered_equipment_count, 1)

        action = contract.action_create_sale_order()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.aftersales_contract_id, contract)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.user_id, self.salesman)
        self.assertEqual(order.state, "draft")
        line = order.order_line
        self.assertEqual(len(line), 1)
        self.assertEqual(
            line.product_id,
            self.env.ref("aftersales_service.product_service_contract"),
        )
        self.assertEqual(line.product_uom_qty, 1.0)
        self.assertEqual(line.price_unit, 300.0)
        self.assertEqual(order.amount_untaxed, 300.0)
        self.assertIn(contract.name, line.name)
        self.assertIn(str(self.start), line.name)
        # the next quarter is the next order; after four, none is left
        for _index in range(3):
            contract.action_create_sale_order()
        self.assertEqual(contract.sale_order_count, 4)
        self.assertEqual(sum(contract.sale_order_ids.mapped("amount_untaxed")), 1200.0)
        self.assertFalse(contract.can_create_sale_order)
        with self.assertRaisesRegex(UserError, "has its sale order"):
            contract.action_create_sale_order()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_state_changes_only_through_buttons(self):
        contract = (
            self.env["aftersales.contract"]
            .with_user(self.salesman)
            .create(self._contract_vals())
        )
        with self.assertRaises(UserError):
            contract.write({"state": "active"})
        contract.action_cancel()
        self.assertEqual(contract.state, "cancelled")
        self.assertTrue(contract.can_draft)
        with self.assertRaisesRegex(UserError, "cannot become"):
            contract.action_activate()
        contract.action_draft()
        self.assertEqual(contract.state, "draft")

    def test_contract_without_units_is_not_activated(self):
        contract = (
            self.env["aftersales.contract"]
            .with_user(self.salesman)
            .create(self._contract_vals(equipment_ids=[]))
        )
        self.assertFalse(contract.can_activate)
        with self.assertRaisesRegex(UserError, "covers no unit"):
            contract.action_activate()

    def test_technician_reads_but_does_not_sell(self):
        contract = self._active_contract()
        self.assertEqual(contract.with_user(self.reader).state, "active")
        with self.assertRaises(AccessError):
            self.env["aftersales.contract"].with_user(self.reader).create(
                self._contract_vals()
            )
        with self.assertRaises(AccessError):
            contract.with_user(self.reader).write({"price": 1.0})
        as_reader = contract.with_user(self.reader)
        self.assertFalse(as_reader.can_cancel)
        self.assertFalse(as_reader.can_create_sale_order)
        with self.assertRaisesRegex(UserError, "Only salesmen"):
            as_reader.action_cancel()
        self.assertEqual(contract.state, "active")

    def test_other_company_contracts_are_not_seen(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["aftersales.contract"].create(
            self._contract_vals(
                company_id=other_company.id,
                equipment_ids=[],
                coverage_scope="product",
                product_ids=[Command.set(self.product.ids)],
            )
        )
        own = self.env["aftersales.contract"].create(self._contract_vals())
        visible = self.env["aftersales.contract"].with_user(self.salesman).search([])
        self.assertIn(own, visible)
        self.assertNotIn(foreign, visible)
        # a contract of another company covers none of this company's units
        foreign.action_activate()
        self.assertFalse(self.equipment.contract_id)

    def test_portal_reads_own_active_contracts_only(self):
        contract = self._active_contract()
        other = self._active_contract(
            partner_id=self.other_customer.id,
            equipment_ids=[Command.set(self.other_equipment.ids)],
        )
        draft = self.env["aftersales.contract"].create(self._contract_vals())
        visible = self.env["aftersales.contract"].with_user(self.portal_user).search([])
        self.assertIn(contract, visible)
        self.assertNotIn(other, visible)
        self.assertNotIn(draft, visible)

    def test_products_scope_covers_all_units_of_the_customer(self):
        contract = self._active_contract(
            coverage_scope="product",
            equipment_ids=[],
            product_ids=[Command.set(self.product.ids)],
        )
        self.assertEqual(self.equipment.contract_id, contract)
        self.assertFalse(self.other_equipment.contract_id)
        covered = self.env["aftersales.equipment"].search(
            [("contract_id", "!=", False)]
        )
        self.assertIn(self.equipment, covered)
        self.assertNotIn(self.other_equipment, covered)

    # ------------------------------------------------------------------
    # Bad input (issue §6)
    # ------------------------------------------------------------------
    def test_end_before_start_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self.env["aftersales.contract"].with_user(self.salesman).create(
                self._contract_vals(date_end=self.start - timedelta(days=1))
            )

    def test_another_customers_unit_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "owned by another customer"):
            self.env["aftersales.contract"].with_user(self.salesman).create(
                self._contract_vals(
                    equipment_ids=[Command.set(self.other_equipment.ids)]
                )
            )

    def test_discount_outside_0_100_is_refused(self):
        for discount in (-5.0, 120.0):
            with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
                self.env["aftersales.contract"].with_user(self.salesman).create(
                    self._contract_vals(labour_discount=discount)
                )

    def test_negative_price_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env["aftersales.contract"].with_user(self.salesman).create(
                self._contract_vals(price=-1.0)
            )

    # ------------------------------------------------------------------
    # Tickets on covered units
    # ------------------------------------------------------------------
    def test_ticket_on_covered_unit_gets_contract_category_and_sla(self):
        contract = self._active_contract()
        reported = self._monday_last_week()
        ticket = self._ticket(request_date=reported)
        self.assertEqual(ticket.equipment_id, self.equipment)
        self.assertEqual(ticket.contract_id, contract)
        self.assertEqual(ticket.service_category, "contract")
        # 2 clock hours instead of the policy's 4 working hours
        self.assertEqual(ticket.response_deadline, reported + timedelta(hours=2))
        # 8 working hours (09-17 weekdays) instead of the policy's 16
        self.assertEqual(ticket.resolution_deadline, reported + timedelta(days=1))
        self.assertFalse(ticket.contract_onsite_deadline)
        self.assertFalse(ticket.contract_onsite_status, "no on-site target")
        contract.onsite_hours = 6.0
        contract.onsite_basis = "working"
        ticket.invalidate_recordset(["contract_onsite_deadline"])
        # 6 working hours from Monday 10:00: Monday 16:00
        self.assertEqual(ticket.contract_onsite_deadline, reported + timedelta(hours=6))
        uncovered = self._ticket(request_date=reported, lot_id=False)
        self.assertFalse(uncovered.contract_id)
        self.assertEqual(uncovered.resolution_deadline, reported + timedelta(days=2))

    def _onsite_visit(self, ticket):
        """A visit of ``ticket`` for the technician, approved by them."""
        now = fields.Datetime.now()
        visit = self.env["aftersales.visit"].create(
            {
                "ticket_id": ticket.id,
                "scheduled_start": now,
                "scheduled_end": now + timedelta(hours=2),
                "user_ids": [Command.set(self.technician.ids)],
            }
        )
        visit = visit.with_user(self.technician)
        visit.action_approve()
        return visit

    def test_onsite_target_met_by_the_first_check_in(self):
        self._active_contract(onsite_hours=4.0, onsite_basis="clock")
        reported = fields.Datetime.now() - timedelta(hours=1)
        ticket = self._ticket(request_date=reported)
        self.assertEqual(ticket.contract_onsite_deadline, reported + timedelta(hours=4))
        self.assertEqual(ticket.contract_onsite_status, "ongoing")
        visit = self._onsite_visit(ticket)
        self.assertTrue(visit.can_check_in)
        visit.action_check_in()
        self.assertTrue(visit.arrival_date)
        self.assertFalse(visit.can_check_in)
        with self.assertRaisesRegex(UserError, "already checked in"):
            visit.action_check_in()
        with self.assertRaisesRegex(UserError, "change only through"):
            visit.arrival_date = reported
        self.assertEqual(ticket.contract_onsite_status, "met")
        # the SLA scheduled action leaves a met target alone
        self.env["aftersales.ticket"]._cron_update_sla_status()
        self.assertEqual(ticket.contract_onsite_status, "met")

    def test_onsite_target_breached_when_the_deadline_passes(self):
        self._active_contract(onsite_hours=4.0, onsite_basis="clock")
        now = fields.Datetime.now()
        with freeze_time(now):
            ticket = self._ticket(request_date=now)
            self.assertEqual(ticket.contract_onsite_status, "ongoing")
        with freeze_time(now + timedelta(hours=5)):
            # the SLA scheduled action decides it, no visit arrived in time
            self.env["aftersales.ticket"]._cron_update_sla_status()
            self.assertEqual(ticket.contract_onsite_status, "breached")
            visit = self._onsite_visit(ticket)
            visit.action_check_in()
        self.assertEqual(ticket.contract_onsite_status, "breached", "arrived late")

    def test_sla_outcomes_cannot_be_written_by_the_technician(self):
        """The technician may write the ticket, but its SLA and on-site
        outcomes are the SLA engine's: a client writing them is refused."""
        self._active_contract(onsite_hours=4.0, onsite_basis="clock")
        now = fields.Datetime.now()
        with freeze_time(now):
            ticket = self._ticket(request_date=now)
        with freeze_time(now + timedelta(hours=5)):
            self.env["aftersales.ticket"]._cron_update_sla_status()
        self.assertEqual(ticket.contract_onsite_status, "breached")
        as_technician = ticket.with_user(self.technician)
        for name in (
            "contract_onsite_status",
            "sla_status",
            "sla_response_outcome",
            "sla_resolution_outcome",
        ):
            with self.assertRaisesRegex(UserError, "change only through"):
                as_technician.write({name: "met"})
        # nor can the deadlines or the paused time be moved to meet them
        later = now + timedelta(days=30)
        for vals in (
            {"contract_onsite_deadline": later},
            {"response_deadline": later},
            {"resolution_deadline": later},
            {"sla_paused_hours": 500.0},
        ):
            with self.assertRaisesRegex(UserError, "change only through"):
                as_technician.write(vals)
        self.assertEqual(ticket.contract_onsite_status, "breached")
        self.assertNotEqual(ticket.sla_status, "met")
        # the technician's own work still updates the status through the
        # engine (writing the summary is allowed)
        as_technician.name = "Compressor trips"
        self.assertEqual(ticket.name, "Compressor trips")

    def test_onsite_target_empty_without_contract(self):
        self._active_contract(onsite_hours=4.0)
        ticket = self._ticket(lot_id=False)
        self.assertFalse(ticket.contract_id)
        visit = self._onsite_visit(ticket)
        visit.action_check_in()
        self.assertFalse(ticket.contract_onsite_deadline)
        self.assertFalse(ticket.contract_onsite_status)

    def test_contract_without_own_targets_keeps_the_policy(self):
        self._active_contract(response_hours=0.0, resolution_hours=0.0)
        reported = self._monday_last_week()
        ticket = self._ticket(request_date=reported)
        self.assertEqual(ticket.service_category, "contract")
        self.assertEqual(ticket.response_deadline, reported + timedelta(hours=4))
        self.assertEqual(ticket.resolution_deadline, reported + timedelta(days=2))

    def test_open_ticket_follows_activation(self):
        ticket = self._ticket()
        self.assertFalse(ticket.contract_id)
        self.assertEqual(ticket.service_category, "paid")
        contract = self._active_contract()
        self.assertEqual(ticket.contract_id, contract)
        self.assertEqual(ticket.service_category, "contract")

    # ------------------------------------------------------------------
    # Coverage on the service quotation
    # ------------------------------------------------------------------
    def test_quotation_included_coverage_is_free(self):
        contract = self._active_contract(
            labour_coverage="included",
            parts_coverage="included",
            travel_coverage="included",
        )
        order = self._quote(self._ticket())
        self.assertEqual(order.amount_untaxed, 0.0)
        self.assertEqual(self._line(order, self.labour).price_unit, 0.0)
        self.assertEqual(self._line(order, self.part).price_unit, 0.0)
        self.assertEqual(self._line(order, self.travel).price_unit, 0.0)
        note = order.order_line.filtered(lambda ln: ln.display_type == "line_note")
        self.assertIn(contract.name, note.name)
        self.assertEqual(order.aftersales_approval_state, "not_required")

    def test_quotation_discount_coverage(self):
        self._active_contract(
            labour_coverage="discount",
            labour_discount=25.0,
            parts_coverage="discount",
            parts_discount=25.0,
            travel_coverage="discount",
            travel_discount=25.0,
        )
        order = self._quote(self._ticket())
        # labour 2 x 150, parts 2 x 40, travel 50: 430 less 25 %
        self.assertEqual(order.amount_untaxed, 322.5)
        self.assertEqual(self._line(order, self.part).discount, 25.0)
        self.assertEqual(self._line(order, self.labour).price_unit, 150.0)
        # the contract's discount is no discount needing approval
        self.assertEqual(order.aftersales_approval_state, "not_required")

    def test_quotation_excluded_coverage_is_charged(self):
        contract = self._active_contract(
            labour_coverage="excluded",
            parts_coverage="excluded",
            travel_coverage="excluded",
        )
        order = self._quote(self._ticket())
        self.assertEqual(order.amount_untaxed, 430.0)
        note = order.order_line.filtered(lambda ln: ln.display_type == "line_note")
        self.assertIn(contract.name, note.name)
        self.assertIn("not covered", note.name)

    def test_quotation_mixed_coverage(self):
        self._active_contract()
        order = self._quote(self._ticket())
        # labour included, parts 25 % off, travel excluded: 0 + 60 + 50
        self.assertEqual(order.amount_untaxed, 110.0)
        self.assertEqual(order.aftersales_approval_state, "not_required")
        order.with_user(self.technician).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_price_cut_beyond_the_contract_still_needs_approval(self):
        self._active_contract()
        order = self._quote(self._ticket())
        travel = self._line(order, self.travel)
        self.assertEqual(travel.aftersales_contract_coverage, 0.0)
        self.assertEqual(
            self._line(order, self.labour).aftersales_contract_coverage, 100.0
        )
        # travel is not covered: 50 -> 10 is a discount of the salesman's
        travel.with_user(self.technician).price_unit = 10.0
        self.assertEqual(order.amount_untaxed, 70.0)
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        with self.assertRaisesRegex(UserError, "approval threshold"):
            order.with_user(self.technician).action_confirm()

    def test_expired_contract_stops_covering_the_next_day(self):
        contract = self._active_contract()
        yesterday = self.today - timedelta(days=1)
        contract.with_user(self.salesman).date_end = yesterday
        # before the scheduled action: the dates already decide
        self.assertEqual(contract.state, "active")
        self.assertFalse(self.equipment.contract_id)
        on_last_day = self._ticket(
            request_date=datetime.combine(yesterday, time(10, 0))
        )
        self.assertEqual(on_last_day.contract_id, contract)
        self.assertEqual(on_last_day.service_category, "contract")
        next_day = self._ticket(request_date=fields.Datetime.now())
        self.assertFalse(next_day.contract_id)
        self.assertEqual(next_day.service_category, "paid")
        order = self._quote(next_day)
        self.assertEqual(order.amount_untaxed, 430.0)
        self.assertFalse(order.order_line.filtered("display_type"))

    # ------------------------------------------------------------------
    # Scheduled action: expiry and renewal reminders
    # ------------------------------------------------------------------
    def test_cron_expires_and_reminds_renewal_once(self):
        ended = self._active_contract()
        ended.with_user(self.salesman).date_end = self.today - timedelta(days=1)
        ending = self._active_contract(
            date_end=self.today + timedelta(days=10), renewal_reminder_days=30
        )
        later = self._active_contract(
            date_end=self.today + timedelta(days=100), renewal_reminder_days=30
        )
        self.env["aftersales.contract"]._cron_contract_daily()
        self.assertEqual(ended.state, "expired")
        self.assertEqual(ending.state, "active")
        activity = ending.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertTrue(ending.renewal_reminded)
        self.assertFalse(later.activity_ids)
        self.assertFalse(ended.activity_ids)
        self.env["aftersales.contract"]._cron_contract_daily()
        self.assertEqual(len(ending.activity_ids), 1)
        # an expired contract still covers the tickets of its term
        found = self.equipment._aftersales_contract_on(ended.date_end)
        self.assertIn(self.equipment, found)

    def test_contract_on_the_unit_timeline(self):
        contract = self._active_contract()
        events = self.equipment._aftersales_timeline_events()
        self.assertIn(
            (contract._name, contract.id),
            [(e["model"], e["id"]) for e in events if e["kind"] == "contract"],
        )

    def test_officer_plans_the_included_visits(self):
        contract = self._active_contract(preventive_visit_count=2)
        # a salesman sells the visits, the service officer plans them
        with self.assertRaisesRegex(UserError, "after-sales officers"):
            contract.with_user(self.salesman).action_create_maintenance_plans()
        officer = contract.with_user(self.leader)
        self.assertTrue(officer.can_create_maintenance_plans)
        officer.action_create_maintenance_plans()
        plan = contract.maintenance_plan_ids
        self.assertEqual(plan.equipment_id, self.equipment)
        self.assertEqual((plan.interval_number, plan.interval_unit), (6, "month"))
        self.assertEqual(plan.start_date, self.today + relativedelta(months=6))
        # done once: nothing left to plan
        officer.invalidate_recordset()
        self.assertFalse(officer.can_create_maintenance_plans)
        with self.assertRaisesRegex(UserError, "has its maintenance plan"):
            officer.action_create_maintenance_plans()
        # the visits end with the contract
        contract.with_user(self.salesman).action_cancel()
        self.assertFalse(plan.active)

    def test_no_plans_without_included_visits(self):
        contract = self._active_contract(preventive_visit_count=0)
        with self.assertRaisesRegex(UserError, "no preventive visit"):
            contract.with_user(self.leader).action_create_maintenance_plans()
        self.assertFalse(contract.maintenance_plan_ids)


@tagged("post_install", "-at_install")
class TestContractFinance(FinanceWorkbookMixin, AftersalesCommon):
    """The finance workbook's contract sheet: what a contract brought in
    against what serving its units cost in the period."""

    def test_contract_revenue_against_cost_of_service(self):
        self.company.aftersales_labour_cost_rate = 50.0
        equipment = self.env["aftersales.equipment"].create(
            {
                "product_id": self.product.id,
                "lot_id": self.lot.id,
                "partner_id": self.customer.id,
            }
        )
        start = fields.Date.today() - timedelta(days=10)
        contract = self.env["aftersales.contract"].create(
            {
                "title": "Chiller care",
                "partner_id": self.customer.id,
                "equipment_ids": [Command.set(equipment.ids)],
                "date_start": start,
                "date_end": start + relativedelta(years=1, days=-1),
                "price": 1200.0,
                "invoicing_period": "quarter",
            }
        )
        contract.action_activate()
        order = self.env["sale.order"].browse(
            contract.action_create_sale_order()["res_id"]
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        ticket = self._create_ticket(lot_id=self.lot.id)
        self.assertEqual(ticket.contract_id, contract)
        self.env["aftersales.work.log"].create(
            {
                "user_id": self.technician.id,
                "hours": 2.0,
                "service_category": "contract",
                "ticket_id": ticket.id,
            }
        )
        # another customer's uncovered work is not the contract's cost
        self._create_ticket(partner_id=self.other_customer.id)
        wizard = self._wizard(self._finance_user(), partner_id=self.customer.id)
        formulas, values = self._workbook(wizard)
        self.assertIn("Contracts", formulas.sheetnames)
        rows = self._rows(values["Contracts"])
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["Contract"], contract.display_name)
        self.assertAlmostEqual(row["Contract revenue"], 300.0)
        self.assertAlmostEqual(row["Labour"], 100.0)
        self.assertAlmostEqual(row["Revenue less cost of service"], 200.0)
        margin = formulas["Contracts"].cell(
            row=2,
            column=self._columns(formulas["Contracts"])["Revenue less cost of service"],
        )
        self.assertTrue(str(margin.value).startswith("="))
