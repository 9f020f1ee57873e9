# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .common_delivery import RmaDeliveryCommon


class TestRmaLotGuards(RmaDeliveryCommon):
    def _lot_rma(self, serial, partner=None, **line):
        vals = {}
        if partner:
            ticket = self.env["aftersales.ticket"].create(
                {"name": "Drive fails", "partner_id": partner.id}
            )
            vals = {"partner_id": partner.id, "ticket_id": ticket.id}
        return self._rma(
            [dict({"product_id": self.drive.id, "lot_id": serial.id}, **line)],
            **vals,
        )

    def test_delivered_lot_accepted(self):
        rma = self._lot_rma(self.serials[0])
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.in_picking_ids.move_line_ids.lot_id, self.serials[0])

    def test_lot_never_delivered_refused(self):
        rma = self._lot_rma(self.serials[2])
        with self.assertRaises(UserError) as error:
            rma.action_confirm()
        self.assertIn("never delivered", str(error.exception))
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.picking_ids)

    def test_lot_of_another_customer_refused(self):
        other = self.env["res.partner"].create({"name": "Other Customer"})
        rma = self._lot_rma(self.serials[0], partner=other)
        with self.assertRaises(UserError) as error:
            rma.action_confirm()
        self.assertIn("never delivered", str(error.exception))
        self.assertFalse(rma.picking_ids)

    def test_rma_cannot_take_another_customers_sale_or_ticket(self):
        """Refunding another customer's sale, or serving them on this
        customer's ticket, is refused at once."""
        other = self.env["res.partner"].create({"name": "Other Customer"})
        other_ticket = self.env["aftersales.ticket"].create(
            {"name": "Other's problem", "partner_id": other.id}
        )
        rma = self._lot_rma(self.serials[0])
        order = self.drive_line.order_id
        with self.assertRaises(ValidationError):
            rma.with_user(self.rma_clerk).ticket_id = other_ticket
        with self.assertRaises(ValidationError):
            self._rma(
                [{"product_id": self.drive.id, "lot_id": self.serials[0].id}],
                partner_id=other.id,
                ticket_id=other_ticket.id,
                sale_order_id=order.id,
            )
        self.assertEqual(rma.ticket_id, self.ticket)

    def test_lot_override_by_manager_is_logged(self):
        rma = self._lot_rma(self.serials[2])
        rma.line_ids.with_user(
            self.rma_manager
        ).lot_override_reason = "Bought from our former dealer"
        self.assertIn("Bought from our former dealer", rma.message_ids[0].body)
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")

    def test_lot_override_by_user_refused(self):
        rma = self._lot_rma(self.serials[2])
        with self.assertRaises(UserError):
            rma.line_ids.with_user(self.rma_clerk).lot_override_reason = "Trust me"
        self.assertFalse(rma.line_ids.lot_override_reason)

    def test_lot_already_under_rma_refused(self):
        self._lot_rma(self.serials[0]).action_confirm()
        second = self._lot_rma(self.serials[0])
        with self.assertRaises(UserError) as error:
            second.action_confirm()
        self.assertIn("remain returnable", str(error.exception))
        self.assertFalse(second.picking_ids)

    def test_lot_returned_after_repair_can_return_again(self):
        first = self._lot_rma(self.serials[0], decision="return")
        first.action_confirm()
        self._validate(first.in_picking_ids)
        first.action_process()
        self._validate(first.out_picking_ids)
        self.assertEqual(first.state, "done")
        second = self._lot_rma(self.serials[0])
        second.action_confirm()
        self.assertEqual(second.state, "confirmed")

    def test_two_lines_of_one_sale_line_summed(self):
        line = {
            "product_id": self.product.id,
            "product_uom_qty": 2.0,
            "sale_line_id": self.pump_line.id,
        }
        rma = self._rma([line, line])
        with self.assertRaises(UserError):
            rma.action_confirm()
        self.assertFalse(rma.picking_ids)


class TestRmaReturnWindow(RmaDeliveryCommon):
    def _late_rma(self, days):
        self.pump_move.date = fields.Datetime.now() - timedelta(days=days)
        return self._rma(
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 1.0,
                    "sale_line_id": self.pump_line.id,
                    "origin_move_id": self.pump_move.id,
                }
            ]
        )

    def test_company_default_window_is_seven_days(self):
        self.assertEqual(self.env.company.aftersales_return_days, 7)
        inside = self._late_rma(7)
        self.assertFalse(inside.is_outside_return_window)
        inside.action_confirm()
        self.assertEqual(inside.state, "confirmed")

    def test_window_counts_days_in_the_user_time_zone(self):
        """Delivered at 04:00 on 3 June in Shanghai (20:00 UTC on 2 June): the
        officer's return asked on 10 June is on day 7, inside the window."""
        self.rma_user.tz = "Asia/Shanghai"
        self.pump_move.date = datetime(2026, 6, 2, 20, 0)
        with freeze_time("2026-06-10 02:00:00"):  # 10:00 in Shanghai
            rma = (
                self.env["aftersales.rma"]
                .with_user(self.rma_user)
                .create(
                    {
                        "ticket_id": self.ticket.id,
                        "partner_id": self.customer.id,
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": self.product.id,
                                    "product_uom_qty": 1.0,
                                    "sale_line_id": self.pump_line.id,
                                    "origin_move_id": self.pump_move.id,
                                },
                            )
                        ],
                    }
                )
            )
            self.assertEqual(rma.request_date, date(2026, 6, 10))
            self.assertEqual(rma.line_ids.return_deadline, date(2026, 6, 10))
            self.assertFalse(rma.line_ids.is_outside_return_window)
            rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")

    def test_settings_change_company_window_and_repair_limit(self):
        settings = self.env["res.config.settings"].create(
            {"aftersales_return_days": 15, "aftersales_max_repairs": 2}
        )
        settings.execute()
        self.assertEqual(self.env.company.aftersales_return_days, 15)
        self.assertEqual(self.env.company.aftersales_max_repairs, 2)
        self.assertFalse(self._late_rma(10).is_outside_return_window)

    def test_late_return_refused_without_approval(self):
        rma = self._late_rma(8)
        self.assertTrue(rma.is_outside_return_window)
        with self.assertRaises(UserError):
            rma.action_confirm()
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.picking_ids)

    def test_rma_user_cannot_approve_late_return_by_writing(self):
        rma = self._late_rma(10)
        rma.with_user(self.rma_clerk).action_request_approval()
        for vals in ({"approval_state": "approved"}, {"state": "confirmed"}):
            with self.assertRaisesRegex(UserError, "buttons"):
                rma.with_user(self.rma_clerk).write(vals)
        self.assertEqual(rma.approval_state, "to_approve")
        self.assertEqual(rma.state, "draft")
        with self.assertRaises(UserError):
            rma.with_user(self.rma_clerk).action_confirm()
        self.assertFalse(rma.picking_ids)

    def test_late_return_approved_by_manager(self):
        rma = self._late_rma(10)
        rma.with_user(self.rma_clerk).action_request_approval()
        self.assertEqual(rma.approval_state, "to_approve")
        with self.assertRaises(UserError):
            rma.with_user(self.rma_clerk).action_approve()
        self.assertEqual(rma.approval_state, "to_approve")
        rma.with_user(self.rma_manager).action_approve()
        self.assertEqual(rma.approval_state, "approved")
        self.assertIn(self.rma_manager.name, rma.message_ids[0].body)
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")

    def test_rejected_late_return_cannot_be_confirmed(self):
        rma = self._late_rma(10)
        rma.action_request_approval()
        rma.with_user(self.rma_manager).action_reject()
        self.assertEqual(rma.approval_state, "rejected")
        with self.assertRaises(UserError):
            rma.action_confirm()
        self.assertFalse(rma.picking_ids)

    def test_warranty_repair_not_bound_by_window(self):
        rma = self._late_rma(30)
        rma.line_ids.decision = "repair"
        self.assertFalse(rma.is_outside_return_window)
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")

    def test_refund_decided_after_receipt_needs_approval(self):
        rma = self._late_rma(30)
        rma.line_ids.decision = "repair"
        rma.action_confirm()
        self._validate(rma.in_picking_ids)
        rma.line_ids.decision = "refund"
        self.assertTrue(rma.is_outside_return_window)
        with self.assertRaises(UserError) as error:
            rma.action_process()
        self.assertIn("return window", str(error.exception))
        self.assertFalse(rma.repair_ids)
        self.assertEqual(rma.state, "received")
        rma.action_request_approval()
        rma.with_user(self.rma_manager).action_approve()
        self.assertEqual(rma.approval_state, "approved")

    def test_approval_within_window_refused(self):
        rma = self._late_rma(2)
        with self.assertRaises(UserError):
            rma.action_request_approval()
        self.assertEqual(rma.approval_state, "not_required")

    def test_category_window_replaces_company_default(self):
        furniture = self.env["product.category"].create(
            {"name": "Furniture", "aftersales_return_days": 15}
        )
        sofas = self.env["product.category"].create(
            {"name": "Sofas", "parent_id": furniture.id}
        )
        self.product.categ_id = sofas
        rma = self._late_rma(10)
        self.assertFalse(rma.is_outside_return_window)
        self.assertEqual(
            rma.line_ids.return_deadline,
            # the day of the delivery where the request date is counted
            fields.Date.context_today(rma, self.pump_move.date) + timedelta(days=15),
        )
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        self.assertTrue(self._late_rma(16).is_outside_return_window)


class TestRmaRepairLimit(RmaDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serial = cls.serials[0]
        repairs = cls.env["repair.order"].create(
            [
                {
                    "product_id": cls.drive.id,
                    "lot_id": cls.serial.id,
                    "partner_id": cls.customer.id,
                    "picking_type_id": cls.warehouse.repair_type_id.id,
                }
                for _i in range(3)
            ]
        )
        # earlier repairs of this unit, closed before this test
        repairs.write({"state": "done"})

    def _received_repair_rma(self):
        rma = self._rma(
            [
                {
                    "product_id": self.drive.id,
                    "lot_id": self.serial.id,
                    "decision": "repair",
                }
            ]
        )
        rma.action_confirm()
        self._validate(rma.in_picking_ids)
        self.assertEqual(rma.state, "received")
        return rma

    def test_repair_count_and_replace_proposed(self):
        self.assertEqual(self.env.company.aftersales_max_repairs, 3)
        rma = self._received_repair_rma()
        line = rma.line_ids
        self.assertEqual(line.lot_repair_count, 3)
        warning = line._onchange_decision_repair_limit()
        self.assertIn("replace", warning["warning"]["message"])
        line.decision = "replace"
        self.assertFalse(line._onchange_decision_repair_limit())

    def test_repair_over_limit_refused(self):
        rma = self._received_repair_rma()
        with self.assertRaises(UserError):
            rma.action_process()
        self.assertFalse(rma.repair_ids)
        self.assertEqual(rma.state, "received")

    def test_repair_over_limit_allowed_by_manager(self):
        rma = self._received_repair_rma()
        rma.line_ids.with_user(self.rma_manager).repair_limit_override = True
        self.assertIn(self.rma_manager.name, rma.message_ids[0].body)
        rma.action_process()
        self.assertEqual(rma.repair_ids.lot_id, self.serial)
        self.assertEqual(rma.state, "processing")

    def test_repair_override_by_user_refused(self):
        rma = self._received_repair_rma()
        with self.assertRaises(UserError):
            rma.line_ids.with_user(self.rma_clerk).repair_limit_override = True
        self.assertFalse(rma.line_ids.repair_limit_override)

    def test_higher_company_limit_allows_repair(self):
        self.env.company.aftersales_max_repairs = 4
        rma = self._received_repair_rma()
        rma.action_process()
        self.assertEqual(len(rma.repair_ids), 1)
