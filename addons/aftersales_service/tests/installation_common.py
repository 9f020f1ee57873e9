# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import new_test_user

from .common import AftersalesCommon

# a 1x1 PNG, the smallest signature an Image field takes
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAj"
    "CB0C8AAAAASUVORK5CYII="
)


class InstallationCommon(AftersalesCommon):
    """A product that asks for installation, its warranty running from the
    signed acceptance; a warehouse clerk who delivers it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.screen = cls.env["product.product"].create(
            {
                "name": "LED Cabinet P3",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_equipment": True,
                "aftersales_installation_required": True,
                "aftersales_warranty_duration": 24,
                "aftersales_warranty_unit": "month",
                "aftersales_warranty_basis": "acceptance",
                "aftersales_installation_line_ids": [
                    Command.create(
                        {"name": "Supply voltage", "expected_value": "220 V"}
                    ),
                    Command.create({"name": "Grounding", "expected_value": "<= 4 ohm"}),
                    Command.create({"name": "User manual", "line_type": "document"}),
                ],
            }
        )
        cls.clerk = new_test_user(
            cls.env,
            login="as_ins_clerk",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
            name="Warehouse Clerk",
        )

    @classmethod
    def _deliver_units(cls, names, partner=None):
        """Sell the serials ``names`` in one order and deliver them in one
        picking, validated by the warehouse clerk."""
        lots = cls.env["stock.lot"]
        for name in names:
            lots |= cls._make_lot(cls.screen, name)
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "client_order_ref": "Expo hall",
                "order_line": [
                    Command.create(
                        {"product_id": cls.screen.id, "product_uom_qty": len(lots)}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(cls.clerk)
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        return picking, lots

    @classmethod
    def _installation_of(cls, picking):
        return cls.env["aftersales.installation"].search(
            [("picking_id", "=", picking.id)]
        )

    @classmethod
    def _to_final_acceptance(cls, installation, user):
        """Walk the phases as ``user`` up to the customer's signature."""
        installation = installation.with_user(user)
        installation.action_start()
        installation.line_ids.write({"done": True, "result": "ok"})
        installation.action_initial_acceptance()
        installation.action_trial_run()
        installation.action_final_acceptance()
        return installation
