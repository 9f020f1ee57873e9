# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


class RmaCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.customer = cls.env["res.partner"].create({"name": "RMA Customer"})
        cls.product = cls.env["product.product"].create(
            {"name": "RMA Pump", "is_storable": True, "list_price": 100.0}
        )
        cls.rma_user = new_test_user(
            cls.env,
            login="rma_user",
            groups="aftersales_service.group_aftersales_user,stock.group_stock_user",
        )
        cls.ticket = cls.env["aftersales.ticket"].create(
            {"name": "Pump leaks", "partner_id": cls.customer.id}
        )

    @classmethod
    def _create_rma(cls, qty=2.0):
        return cls.env["aftersales.rma"].create(
            {
                "ticket_id": cls.ticket.id,
                "partner_id": cls.customer.id,
                "warehouse_id": cls.warehouse.id,
                "line_ids": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": qty})
                ],
            }
        )
