# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form
from odoo.tools import format_amount

from .supplier_claim_common import SupplierClaimCommon


class TestSupplierClaimFlow(SupplierClaimCommon):
    def test_lot_traces_purchase_line(self):
        claim = self._claim()
        self.assertEqual(claim.partner_id, self.vendor)
        self.assertEqual(claim.line_ids.purchase_line_id, self.pol)
        self.assertEqual(claim.purchase_order_ids, self.order)
        self.assertEqual(claim.line_ids.lot_id, self.lot)
        self.assertEqual(claim.line_ids.quantity, 2.0)
        self.assertEqual(claim.line_ids.unit_cost, 40.0)
        self.assertEqual(claim.claim_amount, 80.0)
        self.assertEqual(claim.user_id, self.buyer)
        self.assertEqual(self.rma.supplier_claim_ids, claim)
        self.assertEqual(self.ticket.supplier_claim_ids, claim)
        self.assertEqual(self.rma.line_ids.supplier_claim_state, "draft")

    def test_untraced_product_goes_to_main_vendor(self):
        other_vendor = self.env["res.partner"].create(
            {"name": "Seal Maker", "is_company": True}
        )
        seal = self.env["product.product"].create(
            {
                "name": "Seal",
                "is_storable": True,
                "standard_price": 7.0,
                "seller_ids": [(0, 0, {"partner_id": other_vendor.id})],
            }
        )
        self._receive_purchase(seal, 3.0, 7.0, vendor=other_vendor)
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "line_ids": [(0, 0, {"product_id": seal.id, "product_uom_qty": 1.0})],
            }
        )
        rma.action_confirm()
        claim = self._claim(rma)
        self.assertEqual(claim.partner_id, other_vendor)
        self.assertFalse(claim.line_ids.purchase_line_id)
        self.assertEqual(claim.line_ids.unit_cost, 7.0)
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")

    def test_submit_assigns_and_notifies_buyer(self):
        claim = self._claim()
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertTrue(claim.deadline)
        self.assertEqual(claim.activity_ids.user_id, self.buyer)
        self.assertEqual(claim.days_open, 0)

    def test_return_to_vendor_ships_the_claimed_lot(self):
        claim = self._claim()
        claim.action_submit()
        before = self._lot_qty()
        claim.action_return_to_vendor()
        picking = claim.return_picking_ids
        self.assertEqual(
            picking.picking_type_id, self.warehouse.aftersales_rma_vendor_type_id
        )
        self.assertEqual(picking.location_id, self.rma.in_picking_ids.location_dest_id)
        self.assertEqual(picking.location_dest_id, self.vendor.property_stock_supplier)
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, self.lot)
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(claim.state, "returned")
        self.assertEqual(claim.line_ids.qty_returned, 2.0)
        self.assertEqual(self._lot_qty(), before - 2.0)
        # the RMA does not count the vendor return as shipped to the customer
        self.assertEqual(self.rma.line_ids.qty_delivered, 0.0)

    def test_credit_note_at_purchase_price_and_taxes(self):
        claim = self._claim()
        claim.cost_ids = [
            (0, 0, {"cost_type": "freight", "name": "Courier", "amount": 10.0})
        ]
        claim.action_submit()
        claim.action_create_vendor_refund()
        refund = claim.vendor_refund_ids
        self.assertEqual(refund.move_type, "in_refund")
        self.assertEqual(refund.partner_id, self.vendor)
        self.assertEqual(refund.state, "draft")
        self.assertEqual(claim.settlement, "credit")
        product_line = refund.invoice_line_ids.filtered("product_id")
        self.assertEqual(product_line.purchase_line_id, self.pol)
        self.assertEqual(product_line.price_unit, 40.0)
        self.assertEqual(product_line.tax_ids, self.tax)
        self.assertIn(self.order.name, refund.invoice_origin)
        self.assertAlmostEqual(refund.amount_untaxed, 90.0)
        self.assertAlmostEqual(refund.amount_tax, 12.0)
        self.assertAlmostEqual(refund.amount_total, 102.0)
        # a draft credit note recovers nothing yet
        self.assertEqual(claim.credited_amount, 0.0)
        self.assertEqual(claim.state, "submitted")
        refund.action_post()
        payable = refund.line_ids.filtered(
            lambda aml: aml.account_type == "liability_payable"
        )
        self.assertAlmostEqual(payable.debit, 102.0)
        self.assertAlmostEqual(claim.credited_amount, 90.0)
        self.assertAlmostEqual(claim.recovery_rate, 100.0)
        self.assertEqual(claim.state, "settled")
        claim.action_close()
        self.assertEqual(claim.state, "closed")

    def test_cancelled_credit_note_does_not_count(self):
        claim = self._claim()
        claim.action_submit()
        claim.action_create_vendor_refund()
        claim.vendor_refund_ids.button_cancel()
        self.assertEqual(claim.credited_amount, 0.0)
        self.assertAlmostEqual(claim.unrecovered_amount, 80.0)

    def test_replacement_through_zero_price_purchase(self):
        claim = self._claim()
        claim.action_submit()
        before = self._lot_qty()
        claim.action_request_replacement()
        order = claim.replacement_purchase_ids
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.partner_id, self.vendor)
        self.assertEqual(order.amount_total, 0.0)
        self.assertEqual(order.order_line.product_qty, 2.0)
        receipt = order.picking_ids
        receipt.move_ids.move_line_ids.lot_id = self.lot
        self._validate(receipt)
        self.assertEqual(claim.line_ids.qty_recovered, 2.0)
        self.assertEqual(claim.state, "settled")
        self.assertEqual(claim.settlement, "replacement")
        self.assertAlmostEqual(claim.recovery_rate, 100.0)
        self.assertEqual(self._lot_qty(), before + 2.0)

    def test_repair_by_vendor_goes_out_and_comes_back(self):
        claim = self._claim()
        claim.action_submit()
        before = self._lot_qty()
        claim.action_send_for_repair()
        self._validate(claim.return_picking_ids)
        self.assertEqual(claim.state, "returned")
        self.assertEqual(self._lot_qty(), before - 2.0)
        claim.action_receive_repaired()
        back = claim.return_picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        self.assertEqual(back.location_id, self.vendor.property_stock_supplier)
        self.assertEqual(back.move_ids.move_line_ids.lot_id, self.lot)
        self._validate(back)
        self.assertEqual(claim.state, "settled")
        self.assertEqual(claim.settlement, "repair_by_vendor")
        self.assertEqual(self._lot_qty(), before)

    def test_rejected_cost_stays_unrecovered(self):
        claim = self._claim()
        claim.action_submit()
        claim.reject_reason = "Damage caused by wrong installation"
        claim.action_reject()
        self.assertEqual(claim.state, "settled")
        self.assertEqual(claim.settlement, "rejected")
        self.assertAlmostEqual(claim.unrecovered_amount, 80.0)
        self.assertEqual(claim.recovery_rate, 0.0)
        claim.action_close()
        self.assertEqual(claim.state, "closed")

    def test_rejection_message_names_the_currency(self):
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        claim.reject_reason = "Damage caused by wrong installation"
        claim.action_reject()
        amount = format_amount(self.env, 80.0, claim.currency_id)
        self.assertIn(claim.currency_id.symbol, amount)
        message = claim.message_ids.filtered(lambda m: "unrecovered" in (m.body or ""))
        # the HTML body keeps format_amount's no-break space as an entity
        body = str(message.body).replace("&nbsp;", "\N{NO-BREAK SPACE}")
        self.assertIn(f"{amount} stay unrecovered", body)

    def test_rejected_claim_keeps_no_settle_todo(self):
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        self.assertTrue(claim.activity_ids)
        claim.reject_reason = "Damage caused by wrong installation"
        claim.action_reject()
        self.assertFalse(claim.activity_ids)

    def test_credited_claim_keeps_no_settle_todo(self):
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        claim.action_create_vendor_refund()
        self.assertTrue(claim.activity_ids)
        claim.vendor_refund_ids.action_post()
        self.assertEqual(claim.state, "settled")
        self.assertFalse(claim.activity_ids)

    def test_cancelled_claim_keeps_no_settle_todo(self):
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        claim.action_cancel()
        self.assertEqual(claim.state, "cancelled")
        self.assertFalse(claim.activity_ids)

    def _next_steps(self, claim):
        """The buttons of the claim's header that apply now."""
        names = [name for name in claim._fields if name.startswith("can_")]
        return {name for name in names if claim[name]}

    def test_header_offers_one_answer_at_a_time(self):
        claim = self._claim().with_user(self.buyer)
        self.assertFalse(self._next_steps(claim))
        claim.action_submit()
        self.assertEqual(
            self._next_steps(claim),
            {
                "can_create_vendor_refund",
                "can_request_replacement",
                "can_send_for_repair",
            },
        )
        claim.reject_reason = "Installed upside down"
        self.assertEqual(self._next_steps(claim), {"can_reject"})
        claim.reject_reason = False
        claim.action_create_vendor_refund()
        self.assertEqual(self._next_steps(claim), {"can_return_to_vendor"})
        claim.action_return_to_vendor()
        self.assertFalse(self._next_steps(claim))
        self._validate(claim.return_picking_ids)
        self.assertEqual(claim.state, "returned")
        claim.vendor_refund_ids.action_post()
        self.assertEqual(claim.state, "settled")
        self.assertFalse(self._next_steps(claim))

    def test_header_follows_vendor_repair(self):
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        claim.action_send_for_repair()
        self.assertFalse(self._next_steps(claim))
        self._validate(claim.return_picking_ids)
        self.assertEqual(self._next_steps(claim), {"can_receive_repaired"})
        claim.action_receive_repaired()
        self.assertFalse(self._next_steps(claim))

    def test_header_returns_first_when_vendor_requires_it(self):
        self.vendor.aftersales_claim_requires_return = True
        claim = self._claim().with_user(self.buyer)
        claim.action_submit()
        self.assertEqual(
            self._next_steps(claim),
            {
                "can_return_to_vendor",
                "can_request_replacement",
                "can_send_for_repair",
            },
        )
        claim.action_return_to_vendor()
        self._validate(claim.return_picking_ids)
        self.assertEqual(
            self._next_steps(claim),
            {"can_create_vendor_refund", "can_request_replacement"},
        )

    def test_consolidate_across_customers(self):
        other_customer = self.env["res.partner"].create({"name": "Second Customer"})
        other_ticket = self.env["aftersales.ticket"].create(
            {
                "name": "Pump noisy",
                "partner_id": other_customer.id,
                "responsibility": "supplier",
            }
        )
        other_rma = self._received_rma(
            other_ticket, other_customer, self.product, self.lot, 1.0
        )
        wizard = Form(self.env["aftersales.supplier.claim.consolidate"])
        wizard.partner_id = self.vendor
        wizard = wizard.save()
        self.assertEqual(wizard.rma_line_ids, self.rma.line_ids | other_rma.line_ids)
        wizard.action_consolidate()
        claim = self.rma.line_ids.supplier_claim_id
        self.assertEqual(claim, other_rma.line_ids.supplier_claim_id)
        self.assertEqual(len(claim.line_ids), 2)
        self.assertEqual(claim.rma_ids, self.rma | other_rma)
        self.assertEqual(claim.claim_amount, 120.0)

    def test_scorecard_defect_rate_and_recovery(self):
        claim = self._claim()
        claim.cost_ids = [
            (0, 0, {"cost_type": "labour", "name": "Diagnosis", "amount": 20.0})
        ]
        claim.action_submit()
        claim.action_create_vendor_refund()
        claim.vendor_refund_ids.action_post()
        self.env.flush_all()
        groups = self.env["aftersales.supplier.scorecard"].read_group(
            [("partner_id", "=", self.vendor.id)],
            ["defect_rate", "recovery_rate", "open_0_30"],
            ["product_id"],
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["received_qty"], 5.0)
        self.assertAlmostEqual(groups[0]["claimed_qty"], 2.0)
        self.assertAlmostEqual(groups[0]["defect_rate"], 40.0)
        self.assertAlmostEqual(groups[0]["claim_amount"], 100.0)
        self.assertAlmostEqual(groups[0]["credited_amount"], 100.0)
        self.assertAlmostEqual(groups[0]["recovery_rate"], 100.0)
        self.assertEqual(groups[0]["settled_count"], 1)
        self.assertEqual(groups[0]["open_0_30"], 0)

    def test_scorecard_ages_open_claims(self):
        claim = self._claim()
        claim.action_submit()
        claim.submit_date = claim.submit_date.replace(year=claim.submit_date.year - 1)
        self.env.flush_all()
        groups = self.env["aftersales.supplier.scorecard"].read_group(
            [("partner_id", "=", self.vendor.id)],
            ["open_0_30", "open_over_90"],
            ["partner_id"],
        )
        self.assertEqual(groups[0]["open_over_90"], 1)
        self.assertEqual(groups[0]["open_0_30"], 0)

    def test_new_warehouse_gets_return_to_vendor_type(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Claims Depot", "code": "CLD"}
        )
        picking_type = warehouse.aftersales_rma_vendor_type_id
        self.assertEqual(picking_type.code, "outgoing")
        self.assertEqual(picking_type.default_location_src_id, warehouse.lot_stock_id)
        self.assertEqual(picking_type.default_location_dest_id.usage, "supplier")
        self.assertEqual(picking_type.sequence_code, "RTV")

    def test_claim_counts_on_purchase_order_and_vendor(self):
        claim = self._claim()
        self.assertEqual(self.order.aftersales_supplier_claim_count, 1)
        self.assertEqual(self.vendor.aftersales_supplier_claim_count, 1)
        action = self.order.action_view_aftersales_supplier_claims()
        self.assertEqual(
            self.env["aftersales.supplier.claim"].search(action["domain"]), claim
        )
        action = self.vendor.action_view_aftersales_supplier_claims()
        self.assertEqual(
            self.env["aftersales.supplier.claim"].search(action["domain"]), claim
        )
