from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestWarranty(AftersalesCommon):
    def _ticket_on(self, reported, **overrides):
        return self._create_ticket(
            lot_id=self.lot.id,
            sale_order_id=self.order.id,
            request_date=reported,
            **overrides,
        )

    def test_delivery_date_from_serial_delivery(self):
        ticket = self._ticket_on(datetime(2025, 6, 1))
        self.assertEqual(ticket.product_id, self.product)
        self.assertEqual(ticket.delivery_date, date(2025, 3, 10))

    def test_delivery_date_from_sale_line_without_serial(self):
        ticket = self._create_ticket(
            sale_order_id=self.order.id,
            sale_line_id=self.order.order_line.id,
            request_date=datetime(2025, 6, 1),
        )
        self.assertEqual(ticket.product_id, self.product)
        self.assertEqual(ticket.delivery_date, date(2025, 3, 10))

    def test_months_from_delivery_include_expiry_day(self):
        ticket = self._ticket_on(datetime(2026, 3, 9, 23, 0))
        self.assertEqual(ticket.warranty_end_date, date(2026, 3, 9))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.service_category, "warranty")
        late = self._ticket_on(datetime(2026, 3, 10, 8, 0))
        self.assertEqual(late.warranty_state, "expired")
        self.assertEqual(late.service_category, "paid")

    def test_days_from_delivery(self):
        self.product.write(
            {"aftersales_warranty_duration": 30, "aftersales_warranty_unit": "day"}
        )
        ticket = self._ticket_on(datetime(2025, 4, 8))
        self.assertEqual(ticket.warranty_end_date, date(2025, 4, 8))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(
            self._ticket_on(datetime(2025, 4, 9)).warranty_state, "expired"
        )

    def test_years_from_sale_date(self):
        self.product.write(
            {
                "aftersales_warranty_duration": 2,
                "aftersales_warranty_unit": "year",
                "aftersales_warranty_basis": "sale",
            }
        )
        self.order.date_order = datetime(2024, 12, 1, 9, 0)
        ticket = self._ticket_on(datetime(2026, 11, 30))
        self.assertEqual(ticket.warranty_start_date, date(2024, 12, 1))
        self.assertEqual(ticket.warranty_end_date, date(2026, 11, 30))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(
            self._ticket_on(datetime(2026, 12, 1)).warranty_state, "expired"
        )

    def test_months_from_invoice_date(self):
        self.product.write(
            {
                "aftersales_warranty_duration": 6,
                "aftersales_warranty_basis": "invoice",
                "invoice_policy": "order",
            }
        )
        invoice = self.order._create_invoices()
        invoice.invoice_date = date(2025, 4, 15)
        invoice.action_post()
        ticket = self._ticket_on(datetime(2025, 10, 14))
        self.assertEqual(ticket.warranty_start_date, date(2025, 4, 15))
        self.assertEqual(ticket.warranty_end_date, date(2025, 10, 14))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(
            self._ticket_on(datetime(2025, 10, 15)).warranty_state, "expired"
        )

    def test_invoice_basis_without_invoice_is_unknown(self):
        self.product.aftersales_warranty_basis = "invoice"
        ticket = self._ticket_on(datetime(2025, 6, 1))
        self.assertEqual(ticket.warranty_state, "unknown")

    def test_product_without_warranty(self):
        lot = self._make_lot(self.other_product, "SN-D2-1")
        ticket = self._create_ticket(lot_id=lot.id)
        self.assertEqual(ticket.warranty_state, "no_warranty")

    def test_no_product_is_unknown(self):
        ticket = self._create_ticket(ticket_type_id=self.type_consultation.id)
        self.assertEqual(ticket.warranty_state, "unknown")

    def test_recomputed_when_lot_changes(self):
        ticket = self._ticket_on(datetime(2025, 6, 1))
        other_lot = self._make_lot(self.product, "SN-0002")
        self._deliver(self.customer, other_lot, datetime(2024, 1, 5))
        ticket.write({"lot_id": other_lot.id, "sale_order_id": False})
        self.assertEqual(ticket.delivery_date, date(2024, 1, 5))
        self.assertEqual(ticket.warranty_state, "expired")

    def test_override_needs_reason_and_is_logged(self):
        ticket = self._ticket_on(datetime(2026, 6, 1))
        self.assertEqual(ticket.warranty_state, "expired")
        with self.assertRaises(ValidationError):
            ticket.write({"warranty_override_state": "in_warranty"})
        ticket.invalidate_recordset()
        self.assertFalse(ticket.warranty_override_state)
        self.assertEqual(ticket.warranty_state, "expired")
        ticket.write(
            {
                "warranty_override_state": "in_warranty",
                "warranty_override_reason": "Goodwill for key customer",
            }
        )
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.env.cr.flush()  # runs the tracking
        tracked = ticket.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "warranty_override_reason"
        )
        self.assertEqual(tracked.new_value_char, "Goodwill for key customer")

    def test_negative_warranty_duration_refused(self):
        with self.assertRaises(ValidationError):
            self.product.aftersales_warranty_duration = -1

    def test_form_proposes_sale_order_from_serial(self):
        with Form(self.env["aftersales.ticket"]) as form:
            form.name = "Noise"
            form.partner_id = self.contact
            form.lot_id = self.lot
            self.assertEqual(form.sale_order_id, self.order)
            self.assertEqual(form.product_id, self.product)
