# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .button_guards_common import ButtonGuardsMixin
from .common import AftersalesCommon
from .test_visit import SIGNATURE

TICKET_GUARDS = [
    ("can_assign_to_me", "action_assign_to_me"),
    ("can_recompute_warranty", "action_recompute_warranty"),
    ("can_create_quotation", "action_create_quotation"),
    ("can_escalate", "action_open_escalate_wizard"),
    ("can_start", "action_start"),
    ("can_resolve", "action_resolve"),
    ("can_close", "action_close"),
]
VISIT_GUARDS = [
    ("can_submit", "action_submit"),
    ("can_approve", "action_approve"),
    ("can_done", "action_done"),
    ("can_check_in", "action_check_in"),
    ("can_sign_on_site", "action_open_sign_on_site"),
    ("can_print_report", "action_print_report"),
    ("can_draft", "action_draft"),
    ("can_cancel", "action_cancel"),
]
QUOTATION_GUARDS = [
    ("aftersales_can_approve", "action_aftersales_approve"),
    ("aftersales_can_reject", "action_aftersales_open_reject_wizard"),
]


@tagged("post_install", "-at_install")
class TestButtonGuards(ButtonGuardsMixin, AftersalesCommon):
    """Each header button of ticket, visit and service quotation is shown
    exactly when its action is allowed, state by state, for the role that
    presses it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="as_g_manager",
            groups="aftersales_service.group_aftersales_manager,"
            "aftersales_service.group_aftersales_general_manager,"
            "sales_team.group_sale_salesman_all_leads",
            name="Guard Manager",
        )
        cls.officer = new_test_user(
            cls.env,
            login="as_g_officer",
            groups="aftersales_service.group_aftersales_officer,"
            "sales_team.group_sale_salesman_all_leads",
            name="Guard Officer",
        )
        cls.labour = cls.env["product.product"].create(
            {"name": "Labour hour", "type": "service", "list_price": 150.0}
        )
        cls.company.write(
            {
                "aftersales_labour_product_id": cls.labour.id,
                "aftersales_discount_approval_percent": 10.0,
            }
        )

    def _ticket(self, **overrides):
        vals = {
            "product_id": self.product.id,
            "lot_id": self.lot.id,
            "service_category": "paid",
            "quote_labour_hours": 2.0,
        }
        vals.update(overrides)
        return (
            self.env["aftersales.ticket"]
            .with_user(self.technician)
            .create(self._ticket_vals(**vals))
        )

    # ------------------------------------------------------------------
    # ticket
    # ------------------------------------------------------------------
    def test_ticket_buttons_follow_guards_through_stages(self):
        ticket = self._ticket()
        shown = self.assertButtonsFollowGuards(ticket, TICKET_GUARDS, "new")
        # a repair may not close before its quality decision
        self.assertEqual(
            {can for can, value in shown.items() if not value}, {"can_close"}
        )
        with self.assertRaisesRegex(UserError, "quality issue before closing"):
            ticket.action_close()

        ticket.action_assign_to_me()
        self.assertEqual(ticket.user_id, self.technician)
        shown = self.assertButtonsFollowGuards(ticket, TICKET_GUARDS, "assigned")
        self.assertFalse(shown["can_assign_to_me"])

        ticket.action_start()
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertTrue(ticket.first_response_date)
        shown = self.assertButtonsFollowGuards(ticket, TICKET_GUARDS, "in progress")
        self.assertFalse(shown["can_start"])

        ticket.quality_issue = "not_confirmed"
        ticket.action_resolve()
        self.assertTrue(ticket.stage_id.is_resolved)
        shown = self.assertButtonsFollowGuards(ticket, TICKET_GUARDS, "resolved")
        self.assertFalse(shown["can_resolve"])
        self.assertTrue(shown["can_close"])
        ticket.action_close()
        self.assertEqual(ticket.stage_id, self.stage_closed)
        self.assertTrue(ticket.closed_date)

        unassigned = self._ticket(quality_issue="not_confirmed")
        unassigned.stage_id = self.stage_closed
        shown = self.assertButtonsFollowGuards(unassigned, TICKET_GUARDS, "closed")
        self.assertEqual(
            {can for can, value in shown.items() if value}, {"can_recompute_warranty"}
        )

        cancelled = self._ticket()
        cancelled.stage_id = self.stage_cancelled
        shown = self.assertButtonsFollowGuards(cancelled, TICKET_GUARDS, "cancelled")
        self.assertFalse(shown["can_create_quotation"] or shown["can_escalate"])

    def test_ticket_without_product_offers_no_warranty_recompute(self):
        ticket = self._ticket(product_id=False, lot_id=False)
        shown = self.assertButtonsFollowGuards(ticket, TICKET_GUARDS, "no product")
        self.assertFalse(shown["can_recompute_warranty"])

    def test_ticket_form_buttons_use_their_guards(self):
        self.assertButtonsUseGuards(
            "aftersales_service.aftersales_ticket_view_form",
            {method: can for can, method in TICKET_GUARDS},
        )

    # ------------------------------------------------------------------
    # visit
    # ------------------------------------------------------------------
    def _visit(self, **overrides):
        vals = {
            "ticket_id": self._ticket().id,
            "user_ids": [Command.link(self.technician.id)],
            "scheduled_start": fields.Datetime.to_datetime("2026-05-04 09:00:00"),
            "scheduled_end": fields.Datetime.to_datetime("2026-05-04 12:00:00"),
            "work_performed": "<p>Replaced the fan</p>",
        }
        vals.update(overrides)
        return self.env["aftersales.visit"].with_user(self.technician).create(vals)

    def test_visit_buttons_follow_guards_through_states(self):
        visit = self._visit()
        shown = self.assertButtonsFollowGuards(visit, VISIT_GUARDS, "draft")
        self.assertEqual(
            {can for can, value in shown.items() if value},
            {"can_approve", "can_cancel"},
        )
        visit.action_approve()
        shown = self.assertButtonsFollowGuards(visit, VISIT_GUARDS, "approved")
        self.assertEqual(
            {can for can, value in shown.items() if value},
            {"can_done", "can_check_in", "can_cancel"},
        )
        visit.action_done()
        shown = self.assertButtonsFollowGuards(visit, VISIT_GUARDS, "done")
        self.assertEqual(
            {can for can, value in shown.items() if value},
            {"can_sign_on_site", "can_print_report"},
        )
        visit.action_sign_on_site("Li Wei", SIGNATURE)
        shown = self.assertButtonsFollowGuards(visit, VISIT_GUARDS, "signed")
        self.assertEqual(
            {can for can, value in shown.items() if value}, {"can_print_report"}
        )

    def test_travel_visit_buttons_follow_guards_per_role(self):
        visit = self._visit(travel_required=True, travel_destination="Shenzhen")
        shown = self.assertButtonsFollowGuards(visit, VISIT_GUARDS, "travel draft")
        self.assertTrue(shown["can_submit"])
        self.assertFalse(shown["can_approve"], "a trip is submitted first")
        visit.action_submit()
        shown = self.assertButtonsFollowGuards(
            visit, VISIT_GUARDS, "to approve, technician"
        )
        self.assertFalse(shown["can_approve"], "only a manager approves a trip")
        self.assertTrue(shown["can_draft"] and shown["can_cancel"])
        as_manager = visit.with_user(self.manager)
        shown = self.assertButtonsFollowGuards(
            as_manager, VISIT_GUARDS, "to approve, manager"
        )
        self.assertTrue(shown["can_approve"])
        visit.action_cancel()
        shown = self.assertButtonsFollowGuards(visit, VISIT_GUARDS, "cancelled")
        self.assertEqual({can for can, value in shown.items() if value}, {"can_draft"})

    def test_visit_done_button_stays_to_ask_for_the_work_performed(self):
        """The guard is the state; what the report lacks is said by the
        action, so the button stays visible to say it."""
        visit = self._visit(work_performed=False)
        visit.action_approve()
        self.assertTrue(visit.can_done)
        with self.assertRaisesRegex(UserError, "work performed"):
            visit.action_done()
        self.assertEqual(visit.state, "approved")

    def test_visit_form_buttons_use_their_guards(self):
        self.assertButtonsUseGuards(
            "aftersales_service.aftersales_visit_view_form",
            {method: can for can, method in VISIT_GUARDS},
        )

    # ------------------------------------------------------------------
    # service quotation
    # ------------------------------------------------------------------
    def _quotation(self):
        ticket = self._ticket()
        action = ticket.action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        return order.with_user(self.technician)

    def test_quotation_buttons_follow_guards_through_approval(self):
        order = self._quotation()
        as_manager = order.with_user(self.manager)
        as_officer = order.with_user(self.officer)
        shown = self.assertButtonsFollowGuards(as_manager, QUOTATION_GUARDS, "normal")
        self.assertFalse(any(shown.values()), "no discount, nothing to decide")

        order.order_line.price_unit = 100.0
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        shown = self.assertButtonsFollowGuards(
            as_manager, QUOTATION_GUARDS, "to approve, manager"
        )
        self.assertTrue(all(shown.values()))
        shown = self.assertButtonsFollowGuards(
            as_officer, QUOTATION_GUARDS, "to approve, officer"
        )
        self.assertFalse(any(shown.values()), "only managers decide")

        as_manager.action_aftersales_approve()
        shown = self.assertButtonsFollowGuards(as_manager, QUOTATION_GUARDS, "approved")
        self.assertFalse(any(shown.values()))

        order.order_line.price_unit = 90.0
        as_manager.action_aftersales_reject("Below cost")
        self.assertEqual(order.aftersales_approval_state, "rejected")
        shown = self.assertButtonsFollowGuards(as_manager, QUOTATION_GUARDS, "rejected")
        self.assertFalse(any(shown.values()))

    def test_cancelled_quotation_offers_no_discount_decision(self):
        order = self._quotation()
        order.order_line.price_unit = 100.0
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        order.with_user(self.manager).action_cancel()
        shown = self.assertButtonsFollowGuards(
            order.with_user(self.manager), QUOTATION_GUARDS, "cancelled"
        )
        self.assertFalse(any(shown.values()))

    def test_quotation_form_buttons_use_their_guards(self):
        self.assertButtonsUseGuards(
            "aftersales_service.view_order_form",
            {method: can for can, method in QUOTATION_GUARDS},
            exhaustive=False,
        )
