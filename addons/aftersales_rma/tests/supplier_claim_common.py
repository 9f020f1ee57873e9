# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user

from .common import RmaCommon


class SupplierClaimCommon(RmaCommon):
    """A vendor delivered 5 units of lot LOT-A at 40.00 + 15 % tax; a
    customer sent 2 of them back on an RMA blaming the supplier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = new_test_user(
            cls.env,
            login="claim_buyer",
            groups="purchase.group_purchase_user,stock.group_stock_user,"
            "account.group_account_invoice",
        )
        cls.purchase_manager = new_test_user(
            cls.env,
            login="claim_purchase_manager",
            groups="purchase.group_purchase_manager,stock.group_stock_user,"
            "account.group_account_invoice",
        )
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Pump Parts Ltd", "is_company": True, "buyer_id": cls.buyer.id}
        )
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "Purchase 15%",
                "amount": 15.0,
                "type_tax_use": "purchase",
                "company_id": cls.env.company.id,
            }
        )
        cls.product.write({"tracking": "lot", "standard_price": 35.0})
        cls.order = cls._receive_purchase(cls.product, 5.0, 40.0, "LOT-A")
        cls.pol = cls.order.order_line
        cls.lot = cls.env["stock.lot"].search(
            [("name", "=", "LOT-A"), ("product_id", "=", cls.product.id)]
        )
        cls.ticket.responsibility = "supplier"
        cls.rma = cls._received_rma(cls.ticket, cls.customer, cls.product, cls.lot, 2.0)

    @classmethod
    def _receive_purchase(cls, product, qty, price, lot_name=None, vendor=None):
        order = cls.env["purchase.order"].create(
            {
                "partner_id": (vendor or cls.vendor).id,
                "user_id": cls.buyer.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": price,
                            "taxes_id": [(6, 0, cls.tax.ids)],
                        },
                    )
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        if lot_name:
            receipt.move_ids.move_line_ids.lot_name = lot_name
        receipt.move_ids.picked = True
        receipt.button_validate()
        return order

    @classmethod
    def _received_rma(cls, ticket, customer, product, lot, qty):
        rma = cls.env["aftersales.rma"].create(
            {
                "ticket_id": ticket.id,
                "partner_id": customer.id,
                "warehouse_id": cls.warehouse.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "lot_id": lot.id,
                            "product_uom_qty": qty,
                            # sold through a distributor: no delivery here
                            "lot_override_reason": "Sold by a distributor",
                        },
                    )
                ],
            }
        )
        rma.action_confirm()
        receipt = rma.in_picking_ids
        receipt.move_ids.picked = True
        receipt.button_validate()
        return rma

    @classmethod
    def _validate(cls, picking):
        picking.move_ids.picked = True
        picking.button_validate()

    def _claim(self, rma=None):
        rma = rma or self.rma
        rma.line_ids.action_claim_to_vendor()
        return rma.line_ids.supplier_claim_id

    def _lot_qty(self, location=None):
        """Units of the lot anywhere in the warehouse (stock and RMA location)
        or, given a location, in that location only."""
        return self.env["stock.quant"]._get_available_quantity(
            self.product,
            location or self.warehouse.view_location_id,
            lot_id=self.lot,
            strict=bool(location),
        )
