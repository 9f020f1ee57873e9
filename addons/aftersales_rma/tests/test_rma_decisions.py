# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.exceptions import UserError

from .common import RmaCommon


class TestRmaDecisions(RmaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax = cls.env["account.tax"].create(
            {"name": "RMA VAT 15%", "amount": 15.0, "type_tax_use": "sale"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 10.0
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 3.0,
                            "price_unit": 100.0,
                            "discount": 10.0,
                            "tax_id": [(6, 0, cls.tax.ids)],
                        },
                    )
                ],
            }
        )
        cls.order.action_confirm()
        delivery = cls.order.picking_ids
        delivery.move_ids.quantity = 3.0
        delivery.move_ids.picked = True
        delivery.button_validate()
        cls.sale_line = cls.order.order_line
        cls.delivery_move = cls.sale_line.move_ids

    def _invoice(self, qty):
        invoice = self.order._create_invoices()
        invoice.invoice_line_ids.quantity = qty
        invoice.action_post()
        return invoice

    def _received_rma(self, qty, decision):
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "sale_order_id": self.order.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": qty,
                            "sale_line_id": self.sale_line.id,
                            "origin_move_id": self.delivery_move.id,
                        },
                    )
                ],
            }
        )
        rma.action_confirm()
        receipt = rma.in_picking_ids
        receipt.move_ids.quantity = qty
        receipt.move_ids.picked = True
        receipt.button_validate()
        rma.line_ids.decision = decision
        return rma

    def _deliver(self, rma):
        out = rma.out_picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        out.move_ids.quantity = out.move_ids.product_uom_qty
        out.move_ids.picked = True
        out.button_validate()
        return out

    def test_price_unit_includes_discount(self):
        rma = self._received_rma(1.0, "refund")
        self.assertAlmostEqual(rma.line_ids.price_unit, 90.0)

    def test_refund_decision_reverses_invoice(self):
        invoice = self._invoice(3.0)
        rma = self._received_rma(2.0, "refund")
        rma.action_process()
        refund = rma.refund_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.partner_id, self.customer)
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertAlmostEqual(refund.amount_untaxed, 180.0)
        self.assertAlmostEqual(refund.amount_tax, 27.0)
        self.assertAlmostEqual(refund.amount_total, 207.0)
        self.assertEqual(refund.invoice_line_ids.tax_ids, self.tax)
        self.assertEqual(rma.line_ids.refund_line_ids, refund.invoice_line_ids)
        self.assertEqual(rma.line_ids.qty_refunded, 2.0)
        self.assertEqual(self.sale_line.qty_invoiced, 1.0)
        # journal items: income and tax debited, receivable credited and
        # reconciled with the original invoice
        items = refund.line_ids
        product_item = items.filtered(lambda aml: aml.display_type == "product")
        tax_item = items.filtered(lambda aml: aml.display_type == "tax")
        receivable = items.filtered(lambda aml: aml.account_type == "asset_receivable")
        self.assertAlmostEqual(product_item.debit, 180.0)
        self.assertAlmostEqual(tax_item.debit, 27.0)
        self.assertAlmostEqual(receivable.credit, 207.0)
        self.assertTrue(receivable.reconciled)
        self.assertAlmostEqual(invoice.amount_residual, 310.5 - 207.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self.ticket.resolution_type, "refund")

    def test_refund_leaves_nothing_to_invoice_on_delivered_quantities(self):
        """Invoiced on delivered quantities: 3 delivered and invoiced, 2
        returned and refunded. The sale line then counts 1 delivered and 1
        invoiced; nothing is billed again."""
        self.product.invoice_policy = "delivery"
        self._invoice(3.0)
        self.assertEqual(self.sale_line.qty_to_invoice, 0.0)
        rma = self._received_rma(2.0, "refund")
        # received but not refunded yet: still delivered, still invoiced
        self.assertEqual(self.sale_line.qty_delivered, 3.0)
        rma.action_process()
        self.assertEqual(self.sale_line.qty_delivered, 1.0)
        self.assertEqual(self.sale_line.qty_invoiced, 1.0)
        self.assertEqual(self.sale_line.qty_to_invoice, 0.0)
        # Odoo's "Nothing to Invoice" (less invoiced than ordered, all of it
        # delivered), not "To Invoice"
        self.assertEqual(self.order.invoice_status, "no")

    def test_replacement_is_not_invoiced_again(self):
        """A replaced unit keeps counting as delivered once: the sale line
        has nothing more to invoice after the replacement ships."""
        self.product.invoice_policy = "delivery"
        self._invoice(3.0)
        rma = self._received_rma(1.0, "replace")
        rma.action_process()
        self._deliver(rma)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self.sale_line.qty_delivered, 3.0)
        self.assertEqual(self.sale_line.qty_invoiced, 3.0)
        self.assertEqual(self.sale_line.qty_to_invoice, 0.0)
        self.assertEqual(self.order.invoice_status, "invoiced")

    def test_refund_leaves_nothing_to_invoice_on_ordered_quantities(self):
        """Invoiced on ordered quantities: 3 ordered and invoiced, 2 returned
        and refunded. Odoo alone would ask to invoice the 2 credited units
        again (ordered - invoiced); they were given back."""
        self.product.invoice_policy = "order"
        self._invoice(3.0)
        self.assertEqual(self.sale_line.qty_to_invoice, 0.0)
        rma = self._received_rma(2.0, "refund")
        rma.action_process()
        self.assertEqual(rma.line_ids.qty_refunded, 2.0)
        self.assertEqual(self.sale_line.qty_delivered, 1.0)
        self.assertEqual(self.sale_line.qty_invoiced, 1.0)
        self.assertEqual(self.sale_line.qty_to_invoice, 0.0)
        self.assertEqual(self.sale_line.invoice_status, "no")
        self.assertNotIn(self.sale_line, self.order._get_invoiceable_lines())

    def test_replacement_is_not_invoiced_again_on_ordered_quantities(self):
        self.product.invoice_policy = "order"
        self._invoice(3.0)
        rma = self._received_rma(1.0, "replace")
        rma.action_process()
        self._deliver(rma)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self.sale_line.qty_delivered, 3.0)
        self.assertEqual(self.sale_line.qty_invoiced, 3.0)
        self.assertEqual(self.sale_line.qty_to_invoice, 0.0)
        self.assertEqual(self.sale_line.invoice_status, "invoiced")

    def test_plain_credit_note_on_ordered_quantities_stays_odoo_standard(self):
        """A credit note made outside an RMA keeps Odoo's behaviour: the
        credited units are to invoice again (a price correction, not a
        return)."""
        self.product.invoice_policy = "order"
        invoice = self._invoice(3.0)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "price"})
        )
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.product
        ).quantity = 1.0
        refund.action_post()
        self.assertEqual(self.sale_line.qty_invoiced, 2.0)
        self.assertEqual(self.sale_line.qty_to_invoice, 1.0)

    def test_refund_more_than_invoiced_refused(self):
        self._invoice(1.0)
        rma = self._received_rma(2.0, "refund")
        with self.assertRaises(UserError):
            rma.action_process()
        self.assertFalse(rma.refund_ids)
        self.assertEqual(rma.state, "received")

    def test_refund_of_two_lines_counts_them_together(self):
        """Two units of one sale line on one RMA, one invoiced: crediting
        both would leave -1 invoiced on the sale line."""
        self._invoice(1.0)
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "sale_order_id": self.order.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1.0,
                            "sale_line_id": self.sale_line.id,
                            "origin_move_id": self.delivery_move.id,
                        },
                    )
                    for _unit in range(2)
                ],
            }
        )
        rma.action_confirm()
        receipt = rma.in_picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        receipt.button_validate()
        rma.line_ids.decision = "refund"
        with self.assertRaisesRegex(UserError, "only 1 "):
            rma.action_process()
        self.assertFalse(rma.refund_ids)
        self.assertEqual(self.sale_line.qty_invoiced, 1.0)

    def test_refund_without_invoice_refused(self):
        rma = self._received_rma(1.0, "refund")
        with self.assertRaises(UserError):
            rma.action_process()
        self.assertFalse(rma.refund_ids)

    def test_replace_decision_ships_replacement_product(self):
        replacement = self.env["product.product"].create(
            {
                "name": "RMA Pump Pro",
                "is_storable": True,
                "standard_price": 70.0,
                # same category, higher list price: the same or a higher spec
                "list_price": 120.0,
                "categ_id": self.product.categ_id.id,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            replacement, self.warehouse.lot_stock_id, 5.0
        )
        rma = self._received_rma(2.0, "replace")
        rma.line_ids.replacement_product_id = replacement
        rma.action_process()
        out = rma.out_picking_ids
        self.assertEqual(len(out), 1)
        self.assertEqual(out.move_ids.product_id, replacement)
        self.assertEqual(out.move_ids.product_uom_qty, 2.0)
        self.assertEqual(out.partner_id, self.customer)
        self.assertEqual(rma.state, "processing")
        self._deliver(rma)
        self.assertEqual(out.state, "done")
        layer = out.move_ids.stock_valuation_layer_ids
        self.assertEqual(layer.quantity, -2.0)
        self.assertAlmostEqual(layer.value, -140.0)
        self.assertEqual(rma.line_ids.qty_delivered, 2.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                replacement, self.warehouse.lot_stock_id
            ),
            3.0,
        )
        self.assertEqual(self.ticket.resolution_type, "replacement")

    def test_replace_decision_defaults_to_same_product(self):
        rma = self._received_rma(1.0, "replace")
        rma.action_process()
        self.assertEqual(rma.out_picking_ids.move_ids.product_id, self.product)

    def test_repair_decision_repairs_then_delivers(self):
        self.ticket.write(
            {
                "warranty_override_state": "in_warranty",
                "warranty_override_reason": "Covered by contract",
            }
        )
        rma = self._received_rma(1.0, "repair")
        rma.action_process()
        repair = rma.line_ids.repair_id
        self.assertTrue(repair)
        self.assertEqual(rma.repair_ids, repair)
        # clicking "Process Decisions" again does not repair the unit twice
        rma.action_process()
        self.assertEqual(rma.repair_ids, repair)
        self.assertEqual(
            self.env["repair.order"].search_count([("lot_id", "=", repair.lot_id.id)])
            if repair.lot_id
            else len(rma.line_ids.repair_id),
            1,
        )
        self.assertEqual(repair.product_id, self.product)
        self.assertEqual(repair.partner_id, self.customer)
        self.assertEqual(repair.product_qty, 1.0)
        # the unit is repaired in the RMA location, parts come from stock
        self.assertEqual(
            repair.product_location_src_id, self.warehouse.aftersales_rma_loc_id
        )
        self.assertEqual(
            repair.product_location_dest_id, self.warehouse.aftersales_rma_loc_id
        )
        self.assertEqual(repair.location_id, self.warehouse.lot_stock_id)
        self.assertTrue(repair.under_warranty)
        self.assertFalse(rma.out_picking_ids)
        repair.action_validate()
        self.assertEqual(repair.state, "confirmed")
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        out = rma.out_picking_ids
        self.assertEqual(len(out), 1)
        self.assertEqual(out.picking_type_id, self.warehouse.aftersales_rma_out_type_id)
        self.assertEqual(out.location_id, self.warehouse.aftersales_rma_loc_id)
        self.assertEqual(out.move_ids.product_id, self.product)
        self.assertEqual(out.move_ids.product_uom_qty, 1.0)
        self.assertEqual(rma.state, "processing")
        self._deliver(rma)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.product, self.warehouse.aftersales_rma_loc_id
            ),
            0.0,
        )
        self.assertEqual(rma.line_ids.qty_delivered, 1.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self.ticket.resolution_type, "return_repair")

    def test_advance_replace_ships_spare_before_receipt(self):
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "sale_order_id": self.order.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1.0,
                            "sale_line_id": self.sale_line.id,
                            "decision": "advance_replace",
                        },
                    )
                ],
            }
        )
        stock_before = self.env["stock.quant"]._get_available_quantity(
            self.product, self.warehouse.lot_stock_id
        )
        rma.action_confirm()
        spare = rma.out_picking_ids
        self.assertEqual(len(spare), 1)
        self.assertEqual(spare.move_ids.product_uom_qty, 1.0)
        self.assertEqual(rma.line_ids.qty_received, 0.0)
        self._deliver(rma)
        self.assertEqual(rma.line_ids.qty_delivered, 1.0)
        rma.action_process()
        self.assertEqual(rma.out_picking_ids, spare)
        self.assertEqual(rma.state, "processing")
        receipt = rma.in_picking_ids
        receipt.move_ids.quantity = 1.0
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(rma.line_ids.qty_received, 1.0)
        # the faulty unit waits in the RMA location until sent to stock
        self.assertFalse(rma.line_ids.is_settled)
        self.assertEqual(rma.state, "processing")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.product, self.warehouse.aftersales_rma_loc_id
            ),
            1.0,
        )
        rma.line_ids.action_faulty_unit_to_stock()
        restock = rma.picking_ids.filtered(lambda p: p.picking_type_code == "internal")
        restock.move_ids.quantity = 1.0
        restock.move_ids.picked = True
        restock.button_validate()
        self.assertTrue(rma.line_ids.is_settled)
        self.assertEqual(rma.state, "done")
        # the spare left stock, the faulty unit came back into it
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.product, self.warehouse.lot_stock_id
            ),
            stock_before,
        )

    def test_replace_before_receipt_refused(self):
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "line_ids": [
                    (0, 0, {"product_id": self.product.id, "decision": "replace"})
                ],
            }
        )
        rma.action_confirm()
        self.assertFalse(rma.out_picking_ids)
        with self.assertRaises(UserError):
            rma.action_process()
        self.assertFalse(rma.out_picking_ids)

    def test_repair_decision_keeps_serial(self):
        serial_product = self.env["product.product"].create(
            {"name": "RMA Drive", "is_storable": True, "tracking": "serial"}
        )
        serial = self.env["stock.lot"].create(
            {"name": "SN-RMA-001", "product_id": serial_product.id}
        )
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": serial_product.id,
                            "lot_id": serial.id,
                            "decision": "repair",
                            # sold before the system: never delivered in Odoo
                            "lot_override_reason": "Sold before go-live",
                        },
                    )
                ],
            }
        )
        rma.action_confirm()
        receipt = rma.in_picking_ids
        self.assertEqual(receipt.move_line_ids.lot_id, serial)
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(rma.line_ids.qty_received, 1.0)
        rma.action_process()
        repair = rma.repair_ids
        self.assertEqual(repair.lot_id, serial)
        self.assertFalse(repair.under_warranty)
        repair.action_validate()
        repair.action_repair_start()
        # another unit of the same product waits in stock, it must not go out
        other = self.env["stock.lot"].create(
            {"name": "SN-RMA-000", "product_id": serial_product.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            serial_product,
            self.warehouse.aftersales_rma_loc_id,
            1.0,
            lot_id=other,
            in_date=datetime(2020, 1, 1),
        )
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        out = rma.out_picking_ids
        self.assertEqual(out.move_line_ids.lot_id, serial)
        self.assertEqual(out.move_line_ids.quantity, 1.0)
        self._deliver(rma)
        self.assertEqual(rma.state, "done")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                serial_product, self.warehouse.aftersales_rma_loc_id, lot_id=other
            ),
            1.0,
        )

    def _inspected_rma(self, result):
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "line_ids": [(0, 0, {"product_id": self.product.id})],
            }
        )
        rma.action_confirm()
        rma.line_ids.inspection_result = result
        return rma

    def test_confirmed_defect_sets_ticket_quality_issue(self):
        self.ticket.responsibility = "material"
        self._inspected_rma("defect_confirmed")
        self.assertEqual(self.ticket.quality_issue, "confirmed")
        # the quality team's diagnosis is kept
        self.assertEqual(self.ticket.responsibility, "material")

    def test_customer_damage_blames_the_customer(self):
        rma = self._inspected_rma("customer_damage")
        self.assertEqual(self.ticket.quality_issue, "not_confirmed")
        self.assertEqual(self.ticket.responsibility, "customer")
        # a defect found on another line of the ticket outweighs it
        other = self._inspected_rma("pending")
        other.line_ids.inspection_result = "defect_confirmed"
        self.assertEqual(self.ticket.quality_issue, "confirmed")
        # a cancelled RMA no longer counts
        other.action_cancel()
        rma.line_ids.inspection_result = "transport_damage"
        self.assertEqual(self.ticket.quality_issue, "not_confirmed")
        self.assertEqual(self.ticket.responsibility, "transport")

    def test_line_defect_code_fills_the_ticket(self):
        leak, noise = self.env["aftersales.defect.code"].create(
            [{"name": "RMA leak", "code": "RL1"}, {"name": "RMA noise", "code": "RN1"}]
        )
        self.ticket.defect_code_id = False
        rma = self._inspected_rma("defect_confirmed")
        rma.line_ids.defect_code_id = leak
        self.assertEqual(self.ticket.defect_code_id, leak)
        # a ticket's own defect code is never overwritten
        other = self._inspected_rma("pending")
        other.line_ids.defect_code_id = noise
        self.assertEqual(self.ticket.defect_code_id, leak)
