# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .common import RmaCommon


class TestRmaAdvanceExchange(RmaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 5.0
        )

    def _advance_rma(self, decision="advance_replace"):
        rma = self._create_rma(qty=1.0)
        rma.line_ids.decision = decision
        rma.action_confirm()
        return rma

    def _validate(self, picking):
        picking.move_ids.quantity = picking.move_ids.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()

    def _qty(self, location):
        return self.env["stock.quant"]._get_available_quantity(self.product, location)

    def _ship_spare_and_receive(self, rma):
        spare = rma.out_picking_ids
        self.assertEqual(
            spare.picking_type_id, self.warehouse.aftersales_rma_out_type_id
        )
        self.assertEqual(spare.location_id, self.warehouse.lot_stock_id)
        self._validate(spare)
        self._validate(rma.in_picking_ids)
        self.assertEqual(rma.line_ids.qty_received, 1.0)
        self.assertEqual(rma.line_ids.qty_delivered, 1.0)
        self.assertFalse(rma.line_ids.is_settled)
        self.assertEqual(self._qty(self.warehouse.aftersales_rma_loc_id), 1.0)
        self.assertEqual(self._qty(self.warehouse.lot_stock_id), 4.0)

    def test_faulty_unit_to_stock(self):
        rma = self._advance_rma()
        self._ship_spare_and_receive(rma)
        self.assertEqual(rma.state, "received")
        rma.line_ids.action_faulty_unit_to_stock()
        self.assertEqual(rma.line_ids.faulty_unit_action, "stock")
        self.assertEqual(rma.state, "processing")
        restock = rma.picking_ids.filtered(lambda p: p.picking_type_code == "internal")
        self.assertEqual(len(restock), 1)
        self.assertEqual(restock.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(restock.location_id, self.warehouse.aftersales_rma_loc_id)
        self.assertEqual(restock.location_dest_id, self.warehouse.lot_stock_id)
        self.assertEqual(restock.state, "assigned")
        self.assertFalse(rma.line_ids.is_settled)
        self._validate(restock)
        self.assertEqual(rma.line_ids.qty_restocked, 1.0)
        self.assertTrue(rma.line_ids.is_settled)
        self.assertEqual(rma.state, "done")
        self.assertEqual(self._qty(self.warehouse.aftersales_rma_loc_id), 0.0)
        self.assertEqual(self._qty(self.warehouse.lot_stock_id), 5.0)
        self.assertEqual(self.ticket.resolution_type, "replacement")

    def test_faulty_unit_to_repair(self):
        rma = self._advance_rma()
        self._ship_spare_and_receive(rma)
        rma.line_ids.action_faulty_unit_to_repair()
        self.assertEqual(rma.state, "processing")
        repair = rma.line_ids.repair_id
        self.assertEqual(repair.product_id, self.product)
        self.assertEqual(repair.product_qty, 1.0)
        self.assertEqual(
            repair.product_location_src_id, self.warehouse.aftersales_rma_loc_id
        )
        self.assertEqual(
            repair.product_location_dest_id, self.warehouse.aftersales_rma_loc_id
        )
        self.assertFalse(rma.line_ids.is_settled)
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        # the customer already has the spare: nothing more ships out
        self.assertEqual(len(rma.out_picking_ids), 1)
        self.assertTrue(rma.line_ids.is_settled)
        self.assertEqual(rma.state, "done")
        self.assertEqual(
            self.ticket.stage_id, self.env.ref("aftersales_service.stage_resolved")
        )
        # the repaired unit stays in the RMA location, e.g. as the next spare
        self.assertEqual(self._qty(self.warehouse.aftersales_rma_loc_id), 1.0)

    def test_follow_up_before_receipt_refused(self):
        rma = self._advance_rma()
        with self.assertRaises(UserError):
            rma.line_ids.action_faulty_unit_to_stock()
        self.assertFalse(rma.line_ids.faulty_unit_action)
        self.assertFalse(
            rma.picking_ids.filtered(lambda p: p.picking_type_code == "internal")
        )

    def test_follow_up_twice_refused(self):
        rma = self._advance_rma()
        self._ship_spare_and_receive(rma)
        rma.line_ids.action_faulty_unit_to_stock()
        with self.assertRaises(UserError):
            rma.line_ids.action_faulty_unit_to_repair()
        self.assertFalse(rma.line_ids.repair_id)
        self.assertEqual(rma.line_ids.faulty_unit_action, "stock")

    def test_follow_up_on_other_decision_refused(self):
        rma = self._advance_rma(decision="return")
        self._validate(rma.in_picking_ids)
        with self.assertRaises(UserError):
            rma.line_ids.action_faulty_unit_to_repair()
        self.assertFalse(rma.line_ids.repair_id)
        self.assertFalse(rma.line_ids.faulty_unit_action)

    def test_serial_faulty_unit_to_stock(self):
        serial_product = self.env["product.product"].create(
            {"name": "RMA Spare Drive", "is_storable": True, "tracking": "serial"}
        )
        spare_serial, faulty_serial, other_serial = self.env["stock.lot"].create(
            [
                {"name": name, "product_id": serial_product.id}
                for name in ("SN-SPARE", "SN-FAULTY", "SN-OTHER")
            ]
        )
        self.env["stock.quant"]._update_available_quantity(
            serial_product, self.warehouse.lot_stock_id, 1.0, lot_id=spare_serial
        )
        rma = self.env["aftersales.rma"].create(
            {
                "ticket_id": self.ticket.id,
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": serial_product.id,
                            "lot_id": faulty_serial.id,
                            "decision": "advance_replace",
                            "lot_override_reason": "Sold by a distributor",
                        },
                    )
                ],
            }
        )
        rma.action_confirm()
        spare = rma.out_picking_ids
        self.assertEqual(spare.move_line_ids.lot_id, spare_serial)
        self._validate(spare)
        self._validate(rma.in_picking_ids)
        # another unit waits in the RMA location: only the faulty one moves
        self.env["stock.quant"]._update_available_quantity(
            serial_product,
            self.warehouse.aftersales_rma_loc_id,
            1.0,
            lot_id=other_serial,
        )
        rma.line_ids.action_faulty_unit_to_stock()
        restock = rma.picking_ids.filtered(lambda p: p.picking_type_code == "internal")
        self.assertEqual(restock.move_line_ids.lot_id, faulty_serial)
        self._validate(restock)
        self.assertEqual(rma.state, "done")
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", faulty_serial.id), ("quantity", ">", 0)]
        )
        self.assertEqual(quant.location_id, self.warehouse.lot_stock_id)
