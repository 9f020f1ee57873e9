# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_delivery import RmaDeliveryCommon
from .supplier_claim_common import SupplierClaimCommon


@tagged("post_install", "-at_install")
class TestRmaLineLock(RmaDeliveryCommon):
    """What a confirmed RMA's receipt expects does not change under it."""

    def _clerk_rma(self):
        return (
            self.env["aftersales.rma"]
            .with_user(self.rma_clerk)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "partner_id": self.customer.id,
                    "line_ids": [
                        fields.Command.create(
                            {
                                "product_id": self.drive.id,
                                "lot_id": self.serials[0].id,
                                "product_uom_qty": 1.0,
                            }
                        )
                    ],
                }
            )
        )

    def test_draft_line_is_edited_freely(self):
        line = self._clerk_rma().line_ids
        line.lot_id = self.serials[1]
        self.assertEqual(line.lot_id, self.serials[1])

    def test_confirmed_line_keeps_product_quantity_lot_and_sale_line(self):
        rma = self._clerk_rma()
        rma.action_confirm()
        line = rma.line_ids
        for vals in (
            {"product_uom_qty": 2.0},
            {"lot_id": self.serials[1].id},
            {"product_id": self.product.id},
            {"sale_line_id": self.pump_line.id},
        ):
            with self.assertRaisesRegex(UserError, "cannot change"):
                line.write(vals)
        self.assertEqual(line.product_uom_qty, 1.0)
        self.assertEqual(line.lot_id, self.serials[0])
        self.assertEqual(line.sale_line_id, self.drive_line)

    def test_confirmed_line_takes_same_values_and_its_decision(self):
        rma = self._clerk_rma()
        rma.action_confirm()
        line = rma.line_ids
        line.write({"product_uom_qty": 1.0, "lot_id": self.serials[0].id})
        line.decision = "return"
        self.assertEqual(line.decision, "return")


@tagged("post_install", "-at_install")
class TestClaimLineLock(SupplierClaimCommon):
    """What was submitted to the vendor does not change under the claim."""

    def test_draft_claim_line_is_edited_freely(self):
        line = self._claim().line_ids.with_user(self.buyer)
        line.quantity = 1.0
        self.assertEqual(line.quantity, 1.0)

    def test_submitted_claim_line_keeps_product_lot_and_quantity(self):
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        line = claim.line_ids
        for vals in ({"quantity": 1.0}, {"lot_id": False}):
            with self.assertRaisesRegex(UserError, "cannot change"):
                line.write(vals)
        self.assertEqual(line.quantity, 2.0)
        self.assertEqual(line.lot_id, self.lot)
        line.write({"quantity": 2.0})
