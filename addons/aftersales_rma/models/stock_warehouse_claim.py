# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Supplier-claim side of the model, apart from the RMA side (style guide:
# one file per responsibility).
# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    rma_vendor_type_id = fields.Many2one(
        "stock.picking.type",
        string="Return to Vendor Type",
        check_company=True,
        copy=False,
        help="Operation type sending claimed units back to the vendor.",
    )

    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        values["rma_vendor_type_id"] = {
            "name": _("%(name)s Sequence return to vendor", name=self.name),
            "prefix": self.code
            + "/"
            + (self.rma_vendor_type_id.sequence_code or "RTV")
            + "/",
            "padding": 5,
            "company_id": self.company_id.id,
        }
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        data["rma_vendor_type_id"] = {
            "name": _("Return to Vendor"),
            "code": "outgoing",
            "use_create_lots": False,
            "use_existing_lots": True,
            "default_location_src_id": self.lot_stock_id.id,
            "default_location_dest_id": self.env.ref(
                "stock.stock_location_suppliers"
            ).id,
            "sequence": next_sequence + 1,
            "sequence_code": "RTV",
            "company_id": self.company_id.id,
        }
        return data, next_sequence + 2

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        data["rma_vendor_type_id"] = {
            "active": self.active,
            "barcode": self.code.replace(" ", "").upper() + "RTV",
        }
        return data
