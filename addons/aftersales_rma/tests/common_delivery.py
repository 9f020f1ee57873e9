# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user

from .common import RmaCommon


def validate_as(case, picking, user):
    """``user`` (the warehouse clerk) validates ``picking`` with what is
    reserved (the serials) or, where nothing is, the demanded quantities."""
    picking = picking.with_user(user)
    for move in picking.move_ids.filtered(lambda m: not m.move_line_ids):
        move.quantity = move.product_uom_qty
    picking.move_ids.picked = True
    picking.button_validate()
    case.assertEqual(picking.state, "done")
    return picking


def validate_open_as(case, pickings, user):
    """``user`` validates the one open transfer among ``pickings``."""
    picking = pickings.filtered(lambda p: p.state not in ("done", "cancel"))
    case.assertEqual(len(picking), 1)
    return validate_as(case, picking, user)


class RmaDeliveryCommon(RmaCommon):
    """A sale order of 3 pumps and 2 serial-tracked drives, delivered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.rma_manager = new_test_user(
            cls.env,
            login="rma_manager",
            groups="aftersales_service.group_aftersales_manager,"
            "stock.group_stock_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.rma_clerk = new_test_user(
            cls.env,
            login="rma_clerk",
            groups="aftersales_service.group_aftersales_user,"
            "stock.group_stock_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.drive = cls.env["product.product"].create(
            {"name": "RMA Drive", "is_storable": True, "tracking": "serial"}
        )
        cls.serials = cls.env["stock.lot"].create(
            [
                {"name": name, "product_id": cls.drive.id}
                for name in ("SN-DLV-1", "SN-DLV-2", "SN-STOCK-3")
            ]
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.product, cls.stock, 10.0)
        for serial in cls.serials:
            Quant._update_available_quantity(cls.drive, cls.stock, 1.0, lot_id=serial)
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 3.0}),
                    (0, 0, {"product_id": cls.drive.id, "product_uom_qty": 2.0}),
                ],
            }
        )
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        cls.pump_line, cls.drive_line = cls.order.order_line
        drive_move = cls.delivery.move_ids.filtered(lambda m: m.product_id == cls.drive)
        drive_move.move_line_ids.unlink()
        drive_move.move_line_ids = [
            (
                0,
                0,
                {
                    "product_id": cls.drive.id,
                    "lot_id": serial.id,
                    "quantity": 1.0,
                    "location_id": cls.stock.id,
                    "location_dest_id": cls.customers.id,
                    "picking_id": cls.delivery.id,
                },
            )
            for serial in cls.serials[:2]
        ]
        pump_move = cls.delivery.move_ids - drive_move
        pump_move.quantity = 3.0
        cls.delivery.move_ids.picked = True
        cls.delivery.button_validate()
        cls.pump_move, cls.drive_move = pump_move, drive_move

    @classmethod
    def _rma(cls, lines, **vals):
        return cls.env["aftersales.rma"].create(
            dict(
                {
                    "ticket_id": cls.ticket.id,
                    "partner_id": cls.customer.id,
                    "line_ids": [(0, 0, line) for line in lines],
                },
                **vals,
            )
        )

    @classmethod
    def _validate(cls, picking, qty=None):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty if qty is None else qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking
