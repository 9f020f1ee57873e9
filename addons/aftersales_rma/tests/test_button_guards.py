# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import Form, tagged

from odoo.addons.aftersales_service.tests.button_guards_common import (
    ButtonGuardsMixin,
)

from .common_delivery import RmaDeliveryCommon
from .supplier_claim_common import SupplierClaimCommon

RMA_GUARDS = [
    ("can_request_approval", "action_request_approval"),
    ("can_approve", "action_approve"),
    ("can_reject", "action_reject"),
    ("can_confirm", "action_confirm"),
    ("can_receive", "action_receive"),
    ("can_process", "action_process"),
    ("can_cancel", "action_cancel"),
    ("can_preview_rma", "action_preview_rma"),
]
LINE_GUARDS = [
    ("can_faulty_unit_to_repair", "action_faulty_unit_to_repair"),
    ("can_faulty_unit_to_stock", "action_faulty_unit_to_stock"),
    ("can_claim_to_vendor", "action_claim_to_vendor"),
]


def _allowed(shown):
    return {can for can, value in shown.items() if value}


@tagged("post_install", "-at_install")
class TestRmaButtonGuards(ButtonGuardsMixin, RmaDeliveryCommon):
    """Each button of the RMA and its lines is shown exactly when its action
    is allowed, state by state, for the role that presses it."""

    def _clerk_rma(self, qty=2.0, **line):
        line_vals = {
            "product_id": self.product.id,
            "product_uom_qty": qty,
            "sale_line_id": self.pump_line.id,
            "origin_move_id": self.pump_move.id,
        }
        line_vals.update(line)
        return (
            self.env["aftersales.rma"]
            .with_user(self.rma_clerk)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "partner_id": self.customer.id,
                    "line_ids": [fields.Command.create(line_vals)],
                }
            )
        )

    def test_rma_buttons_follow_guards_through_states(self):
        rma = self._clerk_rma()
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "draft")
        self.assertEqual(
            _allowed(shown), {"can_confirm", "can_cancel", "can_preview_rma"}
        )
        rma.action_confirm()
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "confirmed")
        self.assertEqual(
            _allowed(shown), {"can_receive", "can_cancel", "can_preview_rma"}
        )
        self._validate(rma.in_picking_ids)
        rma.line_ids.decision = "return"
        self.assertEqual(rma.state, "received")
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "received")
        self.assertEqual(
            _allowed(shown),
            {"can_process", "can_preview_rma"},
            "received goods cannot be cancelled",
        )
        rma.action_process()
        self.assertEqual(rma.state, "processing")
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "processing")
        self.assertEqual(_allowed(shown), {"can_process", "can_preview_rma"})
        self._validate(rma.out_picking_ids)
        self.assertEqual(rma.state, "done")
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "done")
        self.assertEqual(_allowed(shown), {"can_preview_rma"})

    def test_cancelled_rma_offers_nothing_but_the_preview(self):
        rma = self._clerk_rma()
        rma.action_cancel()
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "cancelled")
        self.assertEqual(_allowed(shown), {"can_preview_rma"})

    def test_late_rma_buttons_follow_guards_per_role(self):
        self.pump_move.date = fields.Datetime.now() - timedelta(days=30)
        rma = self._clerk_rma(qty=1.0)
        self.assertTrue(rma.is_outside_return_window)
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "late draft")
        self.assertEqual(
            _allowed(shown),
            {"can_request_approval", "can_cancel", "can_preview_rma"},
            "a late return is approved before it is confirmed",
        )
        rma.action_request_approval()
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "to approve, clerk")
        self.assertEqual(_allowed(shown), {"can_cancel", "can_preview_rma"})
        as_manager = rma.with_user(self.rma_manager)
        shown = self.assertButtonsFollowGuards(
            as_manager, RMA_GUARDS, "to approve, manager"
        )
        self.assertEqual(
            _allowed(shown),
            {"can_approve", "can_reject", "can_cancel", "can_preview_rma"},
        )
        as_manager.action_approve()
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "approved")
        self.assertEqual(
            _allowed(shown), {"can_confirm", "can_cancel", "can_preview_rma"}
        )

    def test_advance_replacement_is_processed_before_the_receipt(self):
        rma = self._clerk_rma(qty=1.0, decision="advance_replace")
        rma.action_confirm()
        shown = self.assertButtonsFollowGuards(rma, RMA_GUARDS, "advance confirmed")
        self.assertTrue(shown["can_process"], "Process is offered before receipt")
        line = rma.line_ids
        shown = self.assertButtonsFollowGuards(line, LINE_GUARDS, "spare shipped")
        self.assertFalse(any(shown.values()), "the faulty unit is not back yet")
        self._validate(rma.out_picking_ids)
        self._validate(rma.in_picking_ids)
        self.assertEqual(rma.state, "received")
        shown = self.assertButtonsFollowGuards(line, LINE_GUARDS, "faulty unit back")
        self.assertEqual(
            _allowed(shown), {"can_faulty_unit_to_repair", "can_faulty_unit_to_stock"}
        )
        line.action_faulty_unit_to_stock()
        self.assertEqual(rma.state, "processing")
        shown = self.assertButtonsFollowGuards(line, LINE_GUARDS, "sent to stock")
        self.assertFalse(any(shown.values()))

    def test_rma_form_buttons_use_their_guards(self):
        self.assertButtonsUseGuards(
            "aftersales_rma.aftersales_rma_view_form",
            {method: can for can, method in RMA_GUARDS},
        )
        self.assertButtonsUseGuards(
            "aftersales_rma.aftersales_rma_view_form",
            {method: can for can, method in LINE_GUARDS},
            scope="//field[@name='line_ids']",
        )

    def test_ticket_create_rma_follows_its_guard(self):
        ticket = self.env["aftersales.ticket"].create(
            {
                "name": "Drive is noisy",
                "partner_id": self.customer.id,
                "user_id": self.rma_clerk.id,
            }
        )
        guards = [("can_create_rma", "action_create_rma")]
        shown = self.assertButtonsFollowGuards(
            ticket.with_user(self.rma_clerk), guards, "open"
        )
        self.assertTrue(shown["can_create_rma"])
        ticket.write(
            {
                "quality_issue": "not_confirmed",
                "stage_id": self.env.ref("aftersales_service.stage_cancelled").id,
            }
        )
        shown = self.assertButtonsFollowGuards(
            ticket.with_user(self.rma_clerk), guards, "cancelled"
        )
        self.assertFalse(shown["can_create_rma"])
        self.assertButtonsUseGuards(
            "aftersales_rma.aftersales_ticket_view_form_rma",
            {"action_create_rma": "can_create_rma"},
            exhaustive=False,
        )

    def test_return_wizard_confirms_its_rma_as_the_form_does(self):
        """Odoo's return with 'Create RMA' runs the RMA's own confirmation:
        the return is its one receipt, and the customer gets the same
        authorisation e-mail."""
        self.customer.email = "returns@customer.example.com"
        form = Form(
            self.env["stock.return.picking"]
            .with_user(self.rma_clerk)
            .with_context(active_id=self.delivery.id, active_model="stock.picking")
        )
        form.aftersales_create_rma = True
        for index in range(len(form.product_return_moves)):
            with form.product_return_moves.edit(index) as line:
                line.quantity = 2.0 if line.product_id == self.product else 0.0
        action = form.save().action_create_returns()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        rma = receipt.aftersales_rma_id
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.in_picking_ids, receipt, "no second receipt")
        self.assertEqual(receipt.move_ids.aftersales_rma_line_id, rma.line_ids)
        bodies = " ".join(rma.message_ids.mapped("body"))
        self.assertIn(f"receipt {receipt.name} created", bodies)
        authorisation = rma.message_ids.filtered(
            lambda m: m.subject and "Return Authorisation" in m.subject
        )
        self.assertEqual(len(authorisation), 1)
        self.assertIn(self.customer, authorisation.partner_ids)
        self.assertTrue(rma.can_receive)
        self.assertFalse(rma.can_confirm)


@tagged("post_install", "-at_install")
class TestRmaLineClaimGuard(ButtonGuardsMixin, SupplierClaimCommon):
    def test_claim_button_follows_its_guard(self):
        line = self.rma.line_ids.with_user(self.buyer)
        guards = LINE_GUARDS[2:]
        shown = self.assertButtonsFollowGuards(line, guards, "supplier to blame")
        self.assertTrue(shown["can_claim_to_vendor"])
        line.action_claim_to_vendor()
        shown = self.assertButtonsFollowGuards(line, guards, "claimed")
        self.assertFalse(shown["can_claim_to_vendor"])

    def test_claim_button_needs_the_supplier_or_a_reason(self):
        self.ticket.responsibility = "manufacturing"
        line = self.rma.line_ids.with_user(self.buyer)
        guards = LINE_GUARDS[2:]
        shown = self.assertButtonsFollowGuards(line, guards, "not the supplier")
        self.assertFalse(shown["can_claim_to_vendor"])
        self.rma.line_ids.claim_reason = "The pump housing cracked"
        shown = self.assertButtonsFollowGuards(line, guards, "with a reason")
        self.assertTrue(shown["can_claim_to_vendor"])
