from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestQuotation(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="as_q_manager",
            groups="aftersales_service.group_aftersales_manager,"
            "aftersales_service.group_aftersales_general_manager,"
            "sales_team.group_sale_salesman_all_leads",
            name="General Manager",
        )
        cls.officer = new_test_user(
            cls.env,
            login="as_q_officer",
            groups="aftersales_service.group_aftersales_officer,"
            "sales_team.group_sale_salesman_all_leads",
            name="Service Officer",
        )
        cls.labour = cls.env["product.product"].create(
            {"name": "Labour hour", "type": "service", "list_price": 999.0}
        )
        cls.travel = cls.env["product.product"].create(
            {"name": "Travel", "type": "service", "list_price": 50.0}
        )
        cls.company.write(
            {
                "aftersales_labour_product_id": cls.labour.id,
                "aftersales_travel_product_id": cls.travel.id,
                "aftersales_discount_approval_percent": 10.0,
            }
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Service prices",
                "currency_id": cls.company.currency_id.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.labour.id,
                            "compute_price": "fixed",
                            "fixed_price": 150.0,
                        }
                    )
                ],
            }
        )
        cls.team.service_pricelist_id = cls.pricelist
        cls.stage_repair = cls.env.ref("aftersales_service.stage_in_repair")

    def _paid_ticket(self, **overrides):
        vals = {"service_category": "paid", "quote_labour_hours": 2.0}
        vals.update(overrides)
        return self._create_ticket(**vals)

    def _quote(self, ticket):
        action = ticket.with_user(self.technician).action_create_quotation()
        return self.env["sale.order"].browse(action["res_id"])

    def test_quotation_linked_both_ways_and_priced_from_team_pricelist(self):
        ticket = self._paid_ticket(quote_travel=True)
        order = self._quote(ticket)
        self.assertEqual(order.aftersales_ticket_id, ticket)
        self.assertEqual(ticket.quotation_ids, order)
        self.assertEqual(order.pricelist_id, self.pricelist)
        labour = order.order_line.filtered(lambda ln: ln.product_id == self.labour)
        self.assertEqual(labour.product_uom_qty, 2.0)
        self.assertEqual(labour.price_unit, 150.0)
        self.assertIn(self.travel, order.order_line.product_id)
        self.assertEqual(order.aftersales_approval_state, "not_required")

    def test_expired_unit_is_not_quoted_free_without_override(self):
        """A technician ticking "warranty service" on an expired unit does not
        make the work free: the quotation is refused until the warranty is
        overridden with a logged reason."""
        ticket = self._paid_ticket(service_category="warranty")
        self.assertNotEqual(ticket.warranty_state, "in_warranty")
        with self.assertRaisesRegex(UserError, "not under warranty"):
            self._quote(ticket)
        self.assertFalse(ticket.quotation_ids)

    def test_warranty_ticket_quoted_at_zero_with_note(self):
        ticket = self._paid_ticket(
            service_category="warranty",
            warranty_override_state="in_warranty",
            warranty_override_reason="Goodwill: failure within days of expiry",
        )
        order = self._quote(ticket)
        self.assertTrue(order.aftersales_warranty_free)
        self.assertEqual(order.amount_untaxed, 0.0)
        note = order.order_line.filtered(lambda ln: ln.display_type == "line_note")
        self.assertIn("under warranty", note.name.lower())
        self.assertEqual(order.aftersales_approval_state, "not_required")

    def test_warranty_exclusion_is_charged(self):
        exclusion = self.env.ref("aftersales_service.warranty_exclusion_misuse")
        ticket = self._paid_ticket(
            service_category="warranty", warranty_exclusion_id=exclusion.id
        )
        order = self._quote(ticket)
        self.assertFalse(order.aftersales_warranty_free)
        self.assertEqual(order.amount_untaxed, 300.0)
        self.assertFalse(order.order_line.filtered("display_type"))

    def test_discount_of_exactly_threshold_needs_no_approval(self):
        order = self._quote(self._paid_ticket())
        order.order_line.price_unit = 135.0  # 300 -> 270: exactly 10 %
        self.assertEqual(order.aftersales_approval_state, "not_required")
        order.with_user(self.technician).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_discount_just_above_threshold_blocks_send_and_confirm(self):
        order = self._quote(self._paid_ticket())
        order.order_line.price_unit = 134.99
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        self.assertEqual(order.aftersales_approval_requester_id, self.env.user)
        with self.assertRaisesRegex(UserError, "approve"):
            order.action_confirm()
        with self.assertRaisesRegex(UserError, "approve"):
            order.action_quotation_send()
        self.assertEqual(order.state, "draft")

    def test_only_managers_approve(self):
        order = self._quote(self._paid_ticket())
        order.with_user(self.technician).order_line.price_unit = 100.0
        with self.assertRaisesRegex(UserError, "manager"):
            order.with_user(self.officer).action_aftersales_approve()
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        order.with_user(self.manager).action_aftersales_approve()
        self.assertEqual(order.aftersales_approval_state, "approved")
        message = order.message_ids[0]
        self.assertIn("approved", message.body)
        self.assertIn(self.technician.partner_id, message.partner_ids)
        order.with_user(self.technician).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_after_sales_administrator_is_not_the_general_manager(self):
        """REP-03: a discount beyond the threshold is the general manager's
        to approve, a right no after-sales group implies."""
        admin = new_test_user(
            self.env,
            login="as_q_admin_only",
            groups="aftersales_service.group_aftersales_manager,"
            "sales_team.group_sale_salesman_all_leads",
        )
        order = self._quote(self._paid_ticket())
        order.with_user(self.technician).order_line.price_unit = 100.0
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        # the request is sent to the general managers
        general_managers = self.env.ref(
            "aftersales_service.group_aftersales_general_manager"
        ).users
        request = order.message_ids.filtered(
            lambda m: "Discount approval requested" in str(m.body)
        )[:1]
        self.assertTrue(request.partner_ids)
        self.assertEqual(request.partner_ids, general_managers.partner_id)
        self.assertNotIn(admin.partner_id, request.partner_ids)
        self.assertFalse(order.with_user(admin).aftersales_can_approve)
        with self.assertRaisesRegex(UserError, "general manager"):
            order.with_user(admin).action_aftersales_approve()
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        self.assertTrue(order.with_user(self.manager).aftersales_can_approve)
        order.with_user(self.manager).action_aftersales_approve()
        self.assertEqual(order.aftersales_approval_state, "approved")

    def test_salesman_cannot_approve_own_discount_by_writing(self):
        salesman = new_test_user(
            self.env,
            login="as_q_salesman",
            groups="sales_team.group_sale_salesman",
            name="Salesman",
        )
        order = self._quote(self._paid_ticket())
        order.user_id = salesman
        order.with_user(salesman).order_line.price_unit = 100.0
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        for vals in (
            {"aftersales_approval_state": "approved"},
            {"aftersales_approval_state": "not_required"},
            {"aftersales_warranty_free": True},
        ):
            with self.assertRaisesRegex(UserError, "buttons"):
                order.with_user(salesman).write(vals)
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        self.assertFalse(order.aftersales_warranty_free)
        with self.assertRaisesRegex(UserError, "approve"):
            order.with_user(salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_quotation_cannot_hang_on_another_customers_ticket(self):
        order = self._quote(self._paid_ticket())
        other_ticket = self._create_ticket(partner_id=self.other_customer.id)
        with self.assertRaises(ValidationError):
            order.with_user(self.officer).aftersales_ticket_id = other_ticket
        with self.assertRaises(ValidationError):
            order.with_user(self.officer).partner_id = self.other_customer
        self.assertEqual(order.partner_id.commercial_partner_id, self.customer)

    def test_rejection_records_reason_and_keeps_blocking(self):
        order = self._quote(self._paid_ticket())
        order.with_user(self.technician).order_line.price_unit = 100.0
        action = order.with_user(self.manager).action_aftersales_open_reject_wizard()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        wizard_form.reason = "Below our cost price"
        wizard_form.save().action_reject()
        self.assertEqual(order.aftersales_approval_state, "rejected")
        self.assertEqual(order.aftersales_approval_reason, "Below our cost price")
        self.assertIn("Below our cost price", order.message_ids[0].body)
        self.assertIn(self.technician.partner_id, order.message_ids[0].partner_ids)
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_price_change_resets_approval(self):
        order = self._quote(self._paid_ticket())
        order.order_line.price_unit = 100.0
        order.with_user(self.manager).action_aftersales_approve()
        order.order_line.price_unit = 90.0
        self.assertEqual(order.aftersales_approval_state, "to_approve")
        with self.assertRaises(UserError):
            order.action_confirm()
        order.order_line.price_unit = 150.0
        self.assertEqual(order.aftersales_approval_state, "not_required")

    def test_added_discount_line_resets_approval(self):
        order = self._quote(self._paid_ticket())
        order.order_line.price_unit = 100.0
        order.with_user(self.manager).action_aftersales_approve()
        order.order_line.discount = 5.0
        self.assertEqual(order.aftersales_approval_state, "to_approve")

    def test_paid_ticket_needs_consent_before_repair_stage(self):
        ticket = self._paid_ticket()
        with self.assertRaisesRegex(UserError, "consent"):
            ticket.stage_id = self.stage_repair
        self.assertEqual(ticket.stage_id, self.stage_new)
        ticket.consent_method = "phone"
        ticket.action_record_consent()
        self.assertEqual(ticket.consent_partner_id, ticket.partner_id)
        self.assertTrue(ticket.consent_date)
        ticket.stage_id = self.stage_repair
        self.assertEqual(ticket.stage_id, self.stage_repair)

    def test_confirmed_quotation_counts_as_consent(self):
        ticket = self._paid_ticket()
        order = self._quote(ticket)
        order.action_confirm()
        ticket.stage_id = self.stage_repair
        self.assertEqual(ticket.stage_id, self.stage_repair)
        self.assertEqual(ticket.quoted_amount, order.amount_total)

    def test_warranty_ticket_enters_repair_without_consent(self):
        ticket = self._paid_ticket(service_category="warranty")
        ticket.stage_id = self.stage_repair
        self.assertEqual(ticket.stage_id, self.stage_repair)

    def test_record_consent_requires_method(self):
        ticket = self._paid_ticket()
        with self.assertRaisesRegex(UserError, "how the customer agreed"):
            ticket.action_record_consent()
        self.assertFalse(ticket.consent_date)

    def test_invoiced_amount_on_ticket(self):
        ticket = self._paid_ticket()
        order = self._quote(ticket)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(ticket.invoiced_amount, invoice.amount_total)
        self.assertEqual(ticket.paid_amount, 0.0)
