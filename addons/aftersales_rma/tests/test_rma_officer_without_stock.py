# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user

from .common_delivery import RmaDeliveryCommon


class TestRmaOfficerWithoutStock(RmaDeliveryCommon):
    """The service desk runs the RMA, the warehouse moves the goods: a service
    officer with no Inventory (and no Sales) rights creates, confirms and
    decides the RMA of a delivered serial; a clerk with Inventory rights only
    validates the receipt and the delivery back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="rma_desk_officer",
            groups="aftersales_service.group_aftersales_officer",
        )
        cls.wh_clerk = new_test_user(
            cls.env, login="rma_desk_clerk", groups="stock.group_stock_user"
        )
        cls.serial = cls.serials[0]
        cls.desk_ticket = cls.env["aftersales.ticket"].create(
            {
                "name": "Drive does not start",
                "partner_id": cls.customer.id,
                "sale_order_id": cls.order.id,
                "sale_line_id": cls.drive_line.id,
                "product_id": cls.drive.id,
                "lot_id": cls.serial.id,
            }
        )
        cls.rma_location = cls.warehouse.aftersales_rma_loc_id

    def test_officer_has_no_stock_rights(self):
        """The premise: the officer may not read stock moves nor transfers."""
        for model in ("stock.move", "stock.picking"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.officer).check_access("read")

    def _next_request(self):
        """Each step is a request of its own: nothing the superuser or the
        other role read before is left in the cache."""
        self.env.invalidate_all()

    def _officer_rma(self):
        """The officer opens a new RMA from the ticket and saves it."""
        ticket = self.desk_ticket.with_user(self.officer)
        action = ticket.action_create_rma()
        form = Form(
            self.env["aftersales.rma"]
            .with_user(self.officer)
            .with_context(**action["context"])
        )
        rma = form.save()
        self._next_request()
        line = rma.line_ids
        self.assertEqual(line.lot_id, self.serial)
        # the origin is filled although the officer may not read stock moves
        self.assertEqual(line.sudo().origin_move_id, self.drive_move)
        self.assertEqual(line.sudo().sale_line_id, self.drive_line)
        return rma

    def _clerk_validate(self, picking):
        self._next_request()
        picking = picking.with_user(self.wh_clerk)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self._next_request()
        return picking

    def _received_rma(self, decision):
        rma = self._officer_rma()
        self._next_request()
        rma.action_confirm()
        self._next_request()
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.receipt_count, 1)
        receipt = rma.sudo().in_picking_ids
        self.assertEqual(receipt.move_ids.move_line_ids.lot_id, self.serial)
        self._clerk_validate(receipt)
        self.assertEqual(rma.state, "received")
        self.assertEqual(rma.line_ids.qty_received, 1.0)
        self.assertEqual(self.serial.location_id, self.rma_location)
        self._next_request()
        rma.line_ids.decision = decision
        return rma

    def test_views_and_smart_buttons_load_for_the_officer(self):
        Rma = self.env["aftersales.rma"].with_user(self.officer)
        views = Rma.get_views([(False, "form"), (False, "list")])
        # the Transfers and Repairs pages, and the smart buttons opening
        # transfers and repair orders, are the warehouse's: shown only to
        # those who can open them
        arch = views["views"]["form"]["arch"]
        for name in (
            "picking_ids",
            "repair_ids",
            "action_view_receipts",
            "action_view_deliveries",
            "action_view_repairs",
        ):
            self.assertNotIn(f'name="{name}"', arch)
        clerk_arch = (
            self.env["aftersales.rma"]
            .with_user(self.wh_clerk)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="action_view_receipts"', clerk_arch)
        rma = self._officer_rma()
        self._next_request()
        rma.action_confirm()
        self._next_request()
        rma.invalidate_recordset()
        # the smart buttons' counts
        self.assertEqual(rma.receipt_count, 1)
        self.assertEqual(rma.delivery_count, 0)
        self.assertEqual(rma.repair_count, 0)
        # the form reads what its view shows, lines and smart buttons
        # included, as the web client does
        form = Form(rma)
        self.assertEqual(form.state, "confirmed")
        self.assertEqual(form.line_ids.edit(0).lot_id, self.serial)
        # the list
        fields_info = views["models"]["aftersales.rma"]["fields"]
        list_fields = etree.fromstring(views["views"]["list"]["arch"]).xpath(
            "//field/@name"
        )
        spec = {
            name: {"fields": {"display_name": {}}}
            if fields_info[name]["type"] == "many2one"
            else {}
            for name in list_fields
        }
        result = Rma.web_search_read([("id", "=", rma.id)], spec)
        self.assertEqual(result["length"], 1)

    def test_repair_decision(self):
        rma = self._received_rma("repair")
        self._next_request()
        rma.action_process()
        self._next_request()
        repair = rma.sudo().repair_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.lot_id, self.serial)
        self.assertEqual(rma.repair_count, 1)
        self.assertEqual(rma.state, "processing")

    def test_replace_decision(self):
        rma = self._received_rma("replace")
        self._next_request()
        rma.action_process()
        self._next_request()
        self.assertEqual(rma.state, "processing")
        self.assertEqual(rma.delivery_count, 1)
        out = rma.sudo().out_picking_ids
        self._clerk_validate(out)
        spare = out.move_ids.move_line_ids.lot_id
        self.assertEqual(spare, self.serials[2])
        self.assertEqual(spare.location_id, self.customers)
        # the faulty unit stays in the RMA location
        self.assertEqual(self.serial.location_id, self.rma_location)
        self.assertEqual(rma.line_ids.qty_delivered, 1.0)
        self.assertEqual(rma.state, "done")
        # 2 delivered, 1 back, 1 replacement out
        self.assertEqual(self.drive_line.qty_delivered, 2.0)

    def test_return_decision(self):
        rma = self._received_rma("return")
        # received, neither refunded nor replaced yet: still counted delivered
        self.assertEqual(self.drive_line.qty_delivered, 2.0)
        self._next_request()
        rma.action_process()
        self._next_request()
        self.assertEqual(rma.state, "processing")
        self.assertEqual(rma.delivery_count, 1)
        self._clerk_validate(rma.sudo().out_picking_ids)
        self.assertEqual(self.serial.location_id, self.customers)
        self.assertEqual(rma.line_ids.qty_delivered, 1.0)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self.drive_line.qty_delivered, 2.0)

    def test_cancel_cancels_the_receipt(self):
        rma = self._officer_rma()
        self._next_request()
        rma.action_confirm()
        self._next_request()
        receipt = rma.sudo().in_picking_ids
        self._next_request()
        rma.action_cancel()
        self.assertEqual(rma.state, "cancelled")
        self.assertEqual(receipt.state, "cancel")

    def test_advance_replacement_faulty_unit_to_stock(self):
        rma = self._officer_rma()
        rma.line_ids.decision = "advance_replace"
        self._next_request()
        rma.action_confirm()
        self._next_request()
        # the spare ships at once, the faulty unit is expected back
        self.assertEqual(rma.delivery_count, 1)
        spare_out = self._clerk_validate(rma.sudo().out_picking_ids)
        self.assertEqual(spare_out.move_ids.move_line_ids.lot_id, self.serials[2])
        self._clerk_validate(rma.sudo().in_picking_ids)
        self.assertEqual(self.serial.location_id, self.rma_location)
        self._next_request()
        rma.line_ids.action_faulty_unit_to_stock()
        self._next_request()
        self.assertEqual(rma.state, "processing")
        restock = rma.sudo().picking_ids.filtered(lambda p: p.state != "done")
        self.assertEqual(len(restock), 1)
        self._clerk_validate(restock)
        self.assertEqual(self.serial.location_id, self.warehouse.lot_stock_id)
        self.assertEqual(rma.line_ids.qty_restocked, 1.0)
        self.assertTrue(rma.line_ids.is_settled)

    # ------------------------------------------------------------------
    # refund: the desk decides, accounting posts the credit note
    # ------------------------------------------------------------------
    def _invoiced_drives(self):
        """Both drives invoiced at 500.00 each (the sales team's job)."""
        self.drive_line.price_unit = 500.0
        self.drive.invoice_policy = "delivery"
        invoice = self.order._create_invoices()
        invoice.invoice_line_ids.filtered(
            lambda aml: aml.product_id != self.drive
        ).unlink()
        invoice.action_post()
        self.assertEqual(self.drive_line.qty_invoiced, 2.0)
        return invoice

    def test_refund_decision_posted_by_accounting(self):
        """The officer, who may not post invoices, processes a refund: the
        credit note is prepared in draft for accounting; an accountant posts
        it, which credits the unit and settles the RMA."""
        invoice = self._invoiced_drives()
        accountant = new_test_user(
            self.env,
            login="rma_desk_accountant",
            groups="account.group_account_invoice",
        )
        rma = self._received_rma("refund")
        self._next_request()
        rma.action_process()
        self._next_request()
        self.assertEqual(rma.state, "processing")
        line = rma.line_ids
        self.assertEqual(line.qty_refunded, 0.0)
        self.assertFalse(line.is_settled)
        refund = rma.sudo().refund_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual(refund.invoice_line_ids.product_id, self.drive)
        self.assertEqual(refund.invoice_line_ids.quantity, 1.0)
        self.assertAlmostEqual(refund.amount_untaxed, 500.0)
        # processing again creates no second credit note
        self._next_request()
        rma.action_process()
        self._next_request()
        self.assertEqual(rma.sudo().refund_ids, refund)
        # the sale line counts the draft credit note, as Odoo counts draft
        # invoices, and the unit as returned: nothing to invoice meanwhile
        self.assertEqual(self.drive_line.qty_delivered, 1.0)
        self.assertEqual(self.drive_line.qty_invoiced, 1.0)
        self.assertEqual(self.drive_line.qty_to_invoice, 0.0)
        # accounting checks and posts the credit note
        self._next_request()
        refund.with_user(accountant).action_post()
        self._next_request()
        self.assertEqual(refund.state, "posted")
        self.assertEqual(line.qty_refunded, 1.0)
        self.assertTrue(line.is_settled)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self.desk_ticket.resolution_type, "refund")
        # credited against the invoice, nothing left to invoice
        receivable = refund.line_ids.filtered(
            lambda aml: aml.account_type == "asset_receivable"
        )
        self.assertTrue(receivable.reconciled)
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total / 2)
        self.assertEqual(self.drive_line.qty_delivered, 1.0)
        self.assertEqual(self.drive_line.qty_invoiced, 1.0)
        self.assertEqual(self.drive_line.qty_to_invoice, 0.0)

    def test_refund_processed_again_after_a_cancelled_credit_note(self):
        """Accounting cancels the credit note the officer prepared; an RMA
        manager who may post invoices processes the refund again: the new
        credit note is posted at once and closes the RMA, once (posting
        settled it; processing does not reopen and close it again)."""
        invoice = self._invoiced_drives()
        accountant = new_test_user(
            self.env,
            login="rma_desk_accountant2",
            groups="account.group_account_invoice",
        )
        manager = new_test_user(
            self.env,
            login="rma_desk_manager",
            groups="aftersales_service.group_aftersales_manager,"
            "account.group_account_invoice",
        )
        rma = self._received_rma("refund")
        self._next_request()
        rma.action_process()
        self._next_request()
        draft = rma.sudo().refund_ids
        draft.with_user(accountant).button_cancel()
        self._next_request()
        self.assertEqual(draft.state, "cancel")
        self.assertEqual(rma.state, "processing")
        rma_class = type(self.env["aftersales.rma"])
        original = rma_class.action_done
        with patch.object(
            rma_class, "action_done", autospec=True, side_effect=original
        ) as closing:
            rma.with_user(manager).action_process()
        self._next_request()
        self.assertEqual(closing.call_count, 1)
        refund = rma.sudo().refund_ids - draft
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertEqual(rma.state, "done")
        self.assertEqual(rma.line_ids.qty_refunded, 1.0)
        self.assertEqual(self.drive_line.qty_invoiced, 1.0)

    def test_refund_without_invoice_refused_for_the_officer(self):
        rma = self._received_rma("refund")
        self._next_request()
        with self.assertRaisesRegex(UserError, "no posted invoice"):
            rma.action_process()
        self.assertFalse(rma.sudo().refund_ids)

    # ------------------------------------------------------------------
    # scrap
    # ------------------------------------------------------------------
    def test_scrap_decision(self):
        rma = self._received_rma("scrap")
        self._next_request()
        rma.action_process()
        self._next_request()
        scrap = rma.line_ids.sudo().scrap_ids
        self.assertEqual(len(scrap), 1)
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.lot_id, self.serial)
        self.assertEqual(scrap.location_id, self.rma_location)
        self.assertEqual(self.serial.location_id, scrap.scrap_location_id)
        self.assertEqual(self.serial.location_id.usage, "inventory")
        self.assertTrue(rma.line_ids.is_settled)
        self.assertEqual(rma.line_ids.state, "done")
        self.assertEqual(rma.state, "done")
        # the clerk sees the scrap among the warehouse's documents
        self.assertEqual(
            self.env["stock.scrap"]
            .with_user(self.wh_clerk)
            .search([("aftersales_rma_line_id", "=", rma.line_ids.id)]),
            scrap,
        )

    # ------------------------------------------------------------------
    # supplier claim: the desk records the inspection, purchasing claims,
    # the warehouse ships the unit back to the vendor
    # ------------------------------------------------------------------
    def _vendor_and_buyer(self):
        vendor = self.env["res.partner"].create(
            {"name": "Pump Maker Ltd", "is_company": True}
        )
        for product in (self.product, self.drive):
            self.env["product.supplierinfo"].create(
                {"partner_id": vendor.id, "product_tmpl_id": product.product_tmpl_id.id}
            )
        # a buyer with Purchase rights only
        buyer = new_test_user(
            self.env, login="rma_desk_buyer", groups="purchase.group_purchase_user"
        )
        return vendor, buyer

    def _officer_records_bought_in_failure(self, rma):
        line = rma.line_ids
        self._next_request()
        line.write({"inspection_result": "defect_confirmed", "bought_in_failure": True})
        self._next_request()
        self.assertTrue(line.supplier_responsible)
        self.assertTrue(line.can_claim_to_vendor)
        return line

    def test_supplier_claim_from_the_officers_inspection(self):
        vendor, buyer = self._vendor_and_buyer()
        # the pumps were bought from the vendor
        order = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 5.0,
                            "price_unit": 40.0,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        self._validate(order.picking_ids)
        # the officer records the return of a pump of the sale
        self._next_request()
        rma = (
            self.env["aftersales.rma"]
            .with_user(self.officer)
            .create(
                {
                    "ticket_id": self.desk_ticket.id,
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1.0,
                                "sale_line_id": self.pump_line.id,
                            }
                        )
                    ],
                }
            )
        )
        self._next_request()
        rma.action_confirm()
        self._clerk_validate(rma.sudo().in_picking_ids)
        self.assertEqual(rma.state, "received")
        line = self._officer_records_bought_in_failure(rma)
        # claiming the vendor is purchasing's: no button, no right
        arch = rma.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="action_claim_to_vendor"', arch)
        self._next_request()
        with self.assertRaises(AccessError):
            line.action_claim_to_vendor()
        self._next_request()
        self.assertFalse(line.supplier_claim_id)
        # the buyer claims the vendor from the RMA line
        buyer_arch = rma.with_user(buyer).get_views([(False, "form")])["views"]
        self.assertIn('name="action_claim_to_vendor"', buyer_arch["form"]["arch"])
        self._next_request()
        line.with_user(buyer).action_claim_to_vendor()
        self._next_request()
        claim = line.with_user(buyer).supplier_claim_id
        self.assertEqual(claim.partner_id, vendor)
        self.assertEqual(claim.line_ids.product_id, self.product)
        self.assertEqual(claim.line_ids.quantity, 1.0)
        self._next_request()
        claim.action_submit()
        self._next_request()
        claim.action_return_to_vendor()
        self._next_request()
        self.assertEqual(line.supplier_claim_state, "submitted")
        returns = claim.sudo().return_picking_ids
        self.assertEqual(len(returns), 1)
        self.assertEqual(returns.location_id, self.rma_location)
        self._clerk_validate(returns)
        self.assertEqual(
            returns.move_ids.location_dest_id, vendor.property_stock_supplier
        )
        self.assertEqual(claim.state, "returned")
        # the desk follows the claim from the RMA line
        self.assertEqual(line.supplier_claim_id, claim)
        self.assertEqual(line.supplier_claim_state, "returned")

    def test_claim_of_a_serial_not_bought_from_the_vendor_is_refused(self):
        """The buyer, without Inventory rights, is told why the claim is
        refused (the serial never came from that vendor), not denied access
        to the serial the message names."""
        _vendor, buyer = self._vendor_and_buyer()
        rma = self._received_rma("replace")
        line = self._officer_records_bought_in_failure(rma)
        with self.assertRaises(UserError) as refusal:
            line.with_user(buyer).action_claim_to_vendor()
        self.assertIn("of lot SN-DLV-1", str(refusal.exception))
        self._next_request()
        self.assertFalse(line.supplier_claim_id)

    # ------------------------------------------------------------------
    # sale-order return wizard: opened from the sale order, which the
    # after-sales users read
    # ------------------------------------------------------------------
    def test_sale_order_wizard_run_by_the_officer(self):
        """The officer reads sale orders (no Sales rights) and sees their
        Create RMA button: the wizard lists the delivered serials and drafts
        the RMA the officer then confirms."""
        plain_salesman = new_test_user(
            self.env,
            login="rma_desk_plain_salesman",
            groups="sales_team.group_sale_salesman",
        )
        SaleOrder = self.env["sale.order"]
        arch = SaleOrder.with_user(self.officer).get_views([(False, "form")])
        self.assertIn(
            'name="action_open_aftersales_rma_wizard"', arch["views"]["form"]["arch"]
        )
        # not shown to those who do not handle returns
        arch = SaleOrder.with_user(plain_salesman).get_views([(False, "form")])
        self.assertNotIn(
            'name="action_open_aftersales_rma_wizard"', arch["views"]["form"]["arch"]
        )
        self._next_request()
        order = self.order.with_user(self.officer)
        action = order.action_open_aftersales_rma_wizard()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.officer)
            .with_context(**action["context"])
        )
        returnable = {
            (
                form.line_ids.edit(i).product_id,
                form.line_ids.edit(i).lot_id,
            ): form.line_ids.edit(i).qty_returnable
            for i in range(len(form.line_ids))
        }
        no_lot = self.env["stock.lot"]
        self.assertEqual(
            returnable,
            {
                (self.product, no_lot): 3.0,
                (self.drive, self.serials[0]): 1.0,
                (self.drive, self.serials[1]): 1.0,
            },
        )
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as wizard_line:
                wizard_line.quantity = 1.0 if wizard_line.lot_id == self.serial else 0.0
        wizard = form.save()
        self._next_request()
        result = wizard.action_create_rma()
        self._next_request()
        rma = (
            self.env["aftersales.rma"].with_user(self.officer).browse(result["res_id"])
        )
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.line_ids.lot_id, self.serial)
        self.assertEqual(rma.line_ids.sudo().sale_line_id, self.drive_line)
        self.assertEqual(rma.line_ids.sudo().origin_move_id, self.drive_move)
        self._next_request()
        rma.action_confirm()
        self._next_request()
        self.assertEqual(rma.state, "confirmed")
        self._clerk_validate(rma.sudo().in_picking_ids)
        self.assertEqual(rma.state, "received")
