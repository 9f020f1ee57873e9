# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import Form

from .common_delivery import RmaDeliveryCommon


class TestRmaSaleWizard(RmaDeliveryCommon):
    def _form(self, order=None):
        action = (
            (order or self.order)
            .with_user(self.rma_clerk)
            .action_open_aftersales_rma_wizard()
        )
        return Form(
            self.env(user=self.rma_clerk)[action["res_model"]].with_context(
                **action["context"]
            )
        )

    def _returnable(self, form):
        return {
            (line.product_id, line.lot_id): line.qty_returnable
            for line in form.save().line_ids
        }

    def _set_quantities(self, form, quantities):
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                line.quantity = quantities.get(
                    line.lot_id.name or line.product_id.name, 0.0
                )

    def test_wizard_lists_delivered_lines_with_returnable_qty(self):
        self._rma(
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 1.0,
                    "sale_line_id": self.pump_line.id,
                }
            ]
        ).action_confirm()
        returnable = self._returnable(self._form())
        no_lot = self.env["stock.lot"]
        self.assertEqual(
            returnable,
            {
                (self.product, no_lot): 2.0,
                (self.drive, self.serials[0]): 1.0,
                (self.drive, self.serials[1]): 1.0,
            },
        )

    def test_wizard_creates_draft_rma_and_ticket(self):
        form = self._form()
        self._set_quantities(form, {"RMA Pump": 2.0, "SN-DLV-2": 1.0})
        action = form.save().action_create_rma()
        rma = self.env["aftersales.rma"].browse(action["res_id"])
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.partner_id, self.customer)
        self.assertEqual(rma.sale_order_id, self.order)
        self.assertEqual(rma.ticket_id.partner_id, self.customer)
        self.assertEqual(rma.ticket_id.sale_order_id, self.order)
        self.assertEqual(self.order.aftersales_rma_count, 1)
        pump = rma.line_ids.filtered(lambda line: line.product_id == self.product)
        drive = rma.line_ids - pump
        self.assertEqual(pump.product_uom_qty, 2.0)
        self.assertEqual(pump.sale_line_id, self.pump_line)
        self.assertEqual(pump.origin_move_id, self.pump_move)
        self.assertEqual(drive.lot_id, self.serials[1])
        self.assertEqual(drive.sale_line_id, self.drive_line)
        self.assertEqual(drive.origin_move_id, self.drive_move)
        rma.action_confirm()
        receipt = rma.in_picking_ids
        self.assertEqual(
            receipt.move_line_ids.filtered("lot_id").lot_id, self.serials[1]
        )
        self._validate(receipt)
        self.assertEqual(rma.state, "received")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.drive, self.warehouse.aftersales_rma_loc_id, lot_id=self.serials[1]
            ),
            1.0,
        )

    def test_wizard_quantity_above_returnable_refused(self):
        count = self.env["aftersales.rma"].search_count([])
        form = self._form()
        self._set_quantities(form, {"RMA Pump": 4.0})
        wizard = form.save()
        with self.assertRaises(UserError):
            wizard.action_create_rma()
        self.assertEqual(self.env["aftersales.rma"].search_count([]), count)

    def test_wizard_negative_quantity_refused(self):
        count = self.env["aftersales.rma"].search_count([])
        form = self._form()
        self._set_quantities(form, {"RMA Pump": -1.0, "SN-DLV-1": 1.0})
        wizard = form.save()
        with self.assertRaises(UserError):
            wizard.action_create_rma()
        self.assertEqual(self.env["aftersales.rma"].search_count([]), count)

    def test_wizard_without_quantity_refused(self):
        wizard = self._form().save()
        with self.assertRaises(UserError):
            wizard.action_create_rma()
        self.assertFalse(self.order.aftersales_rma_ids)

    def test_wizard_on_quotation_refused(self):
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        with self.assertRaises(UserError):
            quotation.action_open_aftersales_rma_wizard()

    def test_wizard_counts_returns_made_without_rma(self):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=self.delivery.id, active_model="stock.picking")
            .create({"aftersales_create_rma": False})
        )
        wizard.product_return_moves.filtered(
            lambda line: line.product_id == self.product
        ).quantity = 1.0
        receipt = wizard._create_return()
        self.assertFalse(receipt.aftersales_rma_id)
        self._validate(receipt)
        returnable = self._returnable(self._form())
        self.assertEqual(returnable[self.product, self.env["stock.lot"]], 2.0)
