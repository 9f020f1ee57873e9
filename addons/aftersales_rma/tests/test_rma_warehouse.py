# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from .common import RmaCommon


class TestRmaWarehouse(RmaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 10.0
        )

    def _assert_rma_setup(self, warehouse):
        loc = warehouse.aftersales_rma_loc_id
        self.assertEqual(loc.usage, "internal")
        self.assertEqual(loc.location_id, warehouse.view_location_id)
        self.assertEqual(loc.company_id, warehouse.company_id)
        self.assertEqual(loc.warehouse_id, warehouse)
        in_type = warehouse.aftersales_rma_in_type_id
        self.assertEqual(in_type.code, "incoming")
        self.assertEqual(in_type.default_location_dest_id, loc)
        self.assertEqual(in_type.company_id, warehouse.company_id)
        self.assertEqual(in_type.warehouse_id, warehouse)
        out_type = warehouse.aftersales_rma_out_type_id
        self.assertEqual(out_type.code, "outgoing")
        self.assertEqual(out_type.default_location_src_id, warehouse.lot_stock_id)
        self.assertEqual(out_type.default_location_dest_id, self.customers)
        self.assertEqual(in_type.return_picking_type_id, out_type)
        self.assertEqual(out_type.return_picking_type_id, in_type)
        # each type numbers its own transfers
        sequences = in_type.sequence_id | out_type.sequence_id
        self.assertEqual(len(sequences), 2)
        self.assertNotIn(in_type.sequence_id, warehouse.in_type_id.sequence_id)
        self.assertEqual(in_type.sequence_id.prefix, f"{warehouse.code}/RMA-IN/")
        self.assertEqual(out_type.sequence_id.prefix, f"{warehouse.code}/RMA-OUT/")
        self.assertEqual(sequences.company_id, warehouse.company_id)

    def _receive(self, rma):
        receipt = rma.in_picking_ids
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.move_ids.picked = True
        receipt.button_validate()
        return receipt

    def _qty(self, location, product=None):
        return self.env["stock.quant"]._get_available_quantity(
            product or self.product, location
        )

    def test_existing_warehouse_has_rma_setup(self):
        self._assert_rma_setup(self.warehouse)

    def test_new_warehouse_gets_rma_setup(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Returns Hub", "code": "RHUB"}
        )
        self._assert_rma_setup(warehouse)
        self.assertEqual(warehouse.aftersales_rma_loc_id.barcode, "RHUBRMA")

    def test_renamed_warehouse_renumbers_rma_transfers(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Returns Hub", "code": "RHUB"}
        )
        warehouse.write({"name": "South Hub", "code": "SHUB"})
        self.assertEqual(
            warehouse.aftersales_rma_in_type_id.sequence_id.prefix, "SHUB/RMA-IN/"
        )
        self.assertEqual(
            warehouse.aftersales_rma_out_type_id.sequence_id.prefix, "SHUB/RMA-OUT/"
        )
        self.assertIn("South Hub", warehouse.aftersales_rma_in_type_id.sequence_id.name)

    def test_new_company_warehouse_gets_rma_setup(self):
        company = self.env["res.company"].create({"name": "RMA Sister Co"})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)]
        )
        self.assertEqual(len(warehouse), 1)
        self._assert_rma_setup(warehouse)
        self.assertNotEqual(
            warehouse.aftersales_rma_loc_id, self.warehouse.aftersales_rma_loc_id
        )

    def test_install_hook_completes_existing_warehouses(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Old Depot", "code": "OLDD"}
        )
        old_types = (
            warehouse.aftersales_rma_in_type_id | warehouse.aftersales_rma_out_type_id
        )
        route_fields = list(warehouse._aftersales_rma_routes_values())
        old_routes = self.env["stock.route"].union(
            *(warehouse[field] for field in route_fields)
        )
        # a warehouse created before the module was installed: no RMA
        # location, types or routes
        warehouse.write(
            dict(
                dict.fromkeys(route_fields, False),
                aftersales_rma_loc_id=False,
                aftersales_rma_in_type_id=False,
                aftersales_rma_out_type_id=False,
            )
        )
        old_routes.unlink()
        old_types.unlink()
        other_in_type = self.warehouse.aftersales_rma_in_type_id
        self.env["stock.warehouse"]._aftersales_create_missing_rma_data()
        self._assert_rma_setup(warehouse)
        for field in route_fields:
            self.assertTrue(warehouse[field].rule_ids, field)
        self.assertEqual(
            warehouse.aftersales_rma_in_route_id.rule_ids.picking_type_id,
            warehouse.aftersales_rma_in_type_id,
        )
        self.assertEqual(
            warehouse.aftersales_rma_loc_id.barcode, False
        )  # barcode taken
        # warehouses already set up are left alone
        self.assertEqual(self.warehouse.aftersales_rma_in_type_id, other_in_type)
        self.env["stock.warehouse"]._aftersales_create_missing_rma_data()
        self.assertEqual(
            self.env["stock.picking.type"].search_count(
                [("warehouse_id", "=", warehouse.id), ("sequence_code", "=", "RMA-IN")]
            ),
            1,
        )

    def test_receipt_goes_to_rma_location(self):
        rma = self._create_rma(qty=2.0)
        rma.action_confirm()
        receipt = rma.in_picking_ids
        self.assertEqual(
            receipt.picking_type_id, self.warehouse.aftersales_rma_in_type_id
        )
        self.assertEqual(receipt.location_dest_id, self.warehouse.aftersales_rma_loc_id)
        self.assertTrue(receipt.name.startswith(f"{self.warehouse.code}/RMA-IN/"))
        self._receive(rma)
        self.assertEqual(self._qty(self.warehouse.aftersales_rma_loc_id), 2.0)
        self.assertEqual(self._qty(self.warehouse.lot_stock_id), 10.0)
        self.assertEqual(rma.line_ids.qty_received, 2.0)
        self.assertTrue(rma.line_ids.date_received)
        self.assertEqual(rma.state, "received")

    def test_confirm_without_rma_type_refused(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Bare Depot", "code": "BARE"}
        )
        warehouse.aftersales_rma_in_type_id = False
        rma = self._create_rma()
        rma.warehouse_id = warehouse
        with self.assertRaises(UserError):
            rma.action_confirm()
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.picking_ids)

    def test_confirm_without_rma_delivery_type_refused(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Half Depot", "code": "HALF"}
        )
        warehouse.aftersales_rma_out_type_id = False
        rma = self._create_rma()
        rma.warehouse_id = warehouse
        with self.assertRaises(UserError):
            rma.action_confirm()
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.picking_ids)

    def test_process_without_rma_delivery_type_refused(self):
        rma = self._create_rma(qty=1.0)
        rma.line_ids = [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1.0})]
        rma.action_confirm()
        self._receive(rma)
        first, second = rma.line_ids.sorted("id")
        first.decision = "scrap"
        second.decision = "return"
        self.warehouse.aftersales_rma_out_type_id = False
        with self.assertRaises(UserError):
            rma.action_process()
        self.assertFalse(first.scrap_ids)
        self.assertFalse(rma.out_picking_ids)
        self.assertEqual(rma.state, "received")
        self.assertEqual(self._qty(self.warehouse.aftersales_rma_loc_id), 2.0)

    def test_return_ships_the_unit_from_rma_location(self):
        rma = self._create_rma(qty=2.0)
        rma.action_confirm()
        self._receive(rma)
        rma.line_ids.decision = "return"
        rma.action_process()
        out = rma.out_picking_ids
        self.assertEqual(out.picking_type_id, self.warehouse.aftersales_rma_out_type_id)
        self.assertEqual(out.location_id, self.warehouse.aftersales_rma_loc_id)
        self.assertEqual(out.move_ids.location_id, self.warehouse.aftersales_rma_loc_id)
        self.assertEqual(out.state, "assigned")
        out.move_ids.picked = True
        out.button_validate()
        self.assertEqual(self._qty(self.warehouse.aftersales_rma_loc_id), 0.0)
        self.assertEqual(self._qty(self.warehouse.lot_stock_id), 10.0)
        self.assertEqual(rma.state, "done")

    def test_scrap_takes_the_unit_from_rma_location(self):
        rma = self._create_rma(qty=2.0)
        rma.action_confirm()
        self._receive(rma)
        rma.line_ids.decision = "scrap"
        rma.action_process()
        scrap = rma.line_ids.scrap_ids
        self.assertEqual(scrap.location_id, self.warehouse.aftersales_rma_loc_id)
        self.assertEqual(scrap.state, "done")
        self.assertEqual(self._qty(self.warehouse.aftersales_rma_loc_id), 0.0)
        self.assertEqual(self._qty(self.warehouse.lot_stock_id), 10.0)

    def test_mixed_decisions_ship_from_each_source(self):
        rma = self._create_rma(qty=1.0)
        rma.line_ids = [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1.0})]
        rma.action_confirm()
        self._receive(rma)
        first, second = rma.line_ids.sorted("id")
        first.decision = "return"
        second.decision = "replace"
        rma.action_process()
        outs = rma.out_picking_ids
        self.assertEqual(len(outs), 2)
        self.assertEqual(
            outs.picking_type_id, self.warehouse.aftersales_rma_out_type_id
        )
        self.assertEqual(
            outs.filtered(
                lambda p: p.move_ids.aftersales_rma_line_id == first
            ).location_id,
            self.warehouse.aftersales_rma_loc_id,
        )
        self.assertEqual(
            outs.filtered(
                lambda p: p.move_ids.aftersales_rma_line_id == second
            ).location_id,
            self.warehouse.lot_stock_id,
        )
        for out in outs:
            out.move_ids.picked = True
        outs.button_validate()
        self.assertEqual(self._qty(self.warehouse.aftersales_rma_loc_id), 1.0)
        self.assertEqual(self._qty(self.warehouse.lot_stock_id), 9.0)
        self.assertEqual(rma.state, "done")

    def test_rma_transfers_register(self):
        rma = self._create_rma(qty=1.0)
        rma.action_confirm()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_rma.action_rma_picking"
        )
        pickings = (
            self.env["stock.picking"]
            .with_user(self.rma_user)
            .search(safe_eval(action["domain"]))
        )
        self.assertIn(rma.in_picking_ids, pickings)
        self.assertTrue(
            self.warehouse.aftersales_rma_in_type_id.with_user(self.rma_user).name
        )
