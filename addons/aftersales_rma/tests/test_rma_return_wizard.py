# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form

from .common_delivery import RmaDeliveryCommon


class TestRmaReturnWizard(RmaDeliveryCommon):
    def _wizard(self, user=None, aftersales_create_rma=True, **quantities):
        env = self.env(user=user or self.rma_clerk)
        form = Form(
            env["stock.return.picking"].with_context(
                active_id=self.delivery.id, active_model="stock.picking"
            )
        )
        # Odoo's return stays plain unless the user ticks "Create RMA"
        form.aftersales_create_rma = aftersales_create_rma
        for index in range(len(form.product_return_moves)):
            with form.product_return_moves.edit(index) as line:
                line.quantity = quantities.get(line.product_id.name, 0.0)
        return form

    def _rma_count(self):
        return self.env["aftersales.rma"].search_count([])

    def test_return_wizard_creates_confirmed_rma_then_receives(self):
        form = self._wizard(**{"RMA Pump": 2.0})
        self.assertTrue(form.aftersales_create_rma)
        wizard = form.save()
        action = wizard.action_create_returns()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        rma = receipt.aftersales_rma_id
        self.assertTrue(rma)
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.partner_id, self.customer)
        self.assertEqual(rma.picking_id, self.delivery)
        self.assertEqual(rma.sale_order_id, self.order)
        self.assertEqual(rma.in_picking_ids, receipt)
        self.assertEqual(receipt.return_id, self.delivery)
        ticket = rma.ticket_id
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(
            ticket.ticket_type_id, self.env.ref("aftersales_service.ticket_type_return")
        )
        line = rma.line_ids
        self.assertEqual(line.product_id, self.product)
        self.assertEqual(line.product_uom_qty, 2.0)
        self.assertEqual(line.origin_move_id, self.pump_move)
        self.assertEqual(line.sale_line_id, self.pump_line)
        self.assertEqual(receipt.move_ids.aftersales_rma_line_id, line)
        self.assertEqual(receipt.move_ids.origin_returned_move_id, self.pump_move)
        self._validate(receipt)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(line.qty_received, 2.0)
        self.assertEqual(rma.state, "received")
        self.assertEqual(self.pump_line.qty_delivered, 1.0)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.product, self.stock),
            9.0,
        )
        layer = receipt.move_ids.stock_valuation_layer_ids
        self.assertEqual(layer.quantity, 2.0)

    def test_return_wizard_uses_given_ticket(self):
        form = self._wizard(**{"RMA Pump": 1.0})
        form.aftersales_rma_ticket_id = self.ticket
        action = form.save().action_create_returns()
        rma = self.env["stock.picking"].browse(action["res_id"]).aftersales_rma_id
        self.assertEqual(rma.ticket_id, self.ticket)
        self.assertEqual(self.ticket.rma_count, 1)

    def test_return_wizard_without_rma_stays_standard(self):
        count = self._rma_count()
        form = self._wizard(**{"RMA Pump": 1.0})
        form.aftersales_create_rma = False
        action = form.save().action_create_returns()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        self.assertFalse(receipt.aftersales_rma_id)
        self.assertFalse(receipt.move_ids.aftersales_rma_line_id)
        self.assertEqual(self._rma_count(), count)

    def test_return_wizard_defaults_to_plain_return(self):
        count = self._rma_count()
        form = Form(
            self.env(user=self.rma_manager)["stock.return.picking"].with_context(
                active_id=self.delivery.id, active_model="stock.picking"
            )
        )
        self.assertFalse(form.aftersales_create_rma)
        with form.product_return_moves.edit(0) as line:
            line.quantity = 1.0
        action = form.save().action_create_returns()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        self.assertFalse(receipt.aftersales_rma_id)
        self.assertEqual(self._rma_count(), count)

    def test_return_wizard_negative_quantity_refused(self):
        count = self._rma_count()
        wizard = self._wizard(**{"RMA Pump": -1.0}).save()
        with self.assertRaises(UserError):
            wizard.action_create_returns()
        self.assertEqual(self._rma_count(), count)
        self.assertFalse(self.delivery.return_ids)

    def test_return_wizard_late_return_refused(self):
        self.pump_move.date = fields.Datetime.subtract(fields.Datetime.now(), days=8)
        count = self._rma_count()
        wizard = self._wizard(**{"RMA Pump": 1.0}).save()
        with self.assertRaises(UserError) as error:
            wizard.action_create_returns()
        self.assertIn("return window", str(error.exception))
        self.assertEqual(self._rma_count(), count)
        self.assertFalse(self.delivery.return_ids)

    def test_return_wizard_more_than_returnable_refused(self):
        rma = self._rma(
            [
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 2.0,
                    "sale_line_id": self.pump_line.id,
                }
            ]
        )
        rma.action_confirm()
        count = self._rma_count()
        wizard = self._wizard(**{"RMA Pump": 2.0}).save()
        with self.assertRaises(UserError):
            wizard.action_create_returns()
        self.assertEqual(self._rma_count(), count)
        self.assertFalse(self.delivery.return_ids)
