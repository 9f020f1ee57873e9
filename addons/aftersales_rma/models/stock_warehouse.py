# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    aftersales_rma_loc_id = fields.Many2one(
        "stock.location",
        string="After-Sales RMA Location",
        check_company=True,
        copy=False,
        help="Returned units wait here for inspection and decision.",
    )
    aftersales_rma_in_type_id = fields.Many2one(
        "stock.picking.type",
        string="RMA Receipts Type",
        check_company=True,
        copy=False,
    )
    aftersales_rma_out_type_id = fields.Many2one(
        "stock.picking.type",
        string="RMA Deliveries Type",
        check_company=True,
        copy=False,
    )
    aftersales_rma_vendor_type_id = fields.Many2one(
        "stock.picking.type",
        string="Return to Vendor Type",
        check_company=True,
        copy=False,
        help="Operation type sending claimed units back to the vendor.",
    )

    # ------------------------------------------------------------------
    # warehouse set-up overrides
    # ------------------------------------------------------------------
    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        company_id = vals.get(
            "company_id", self.default_get(["company_id"])["company_id"]
        )
        values["aftersales_rma_loc_id"] = {
            "name": _("RMA"),
            "active": True,
            "usage": "internal",
            "barcode": self._valid_barcode(code + "RMA", company_id),
        }
        return values

    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        # the return-to-vendor sequence is named after the current name and
        # code, even when the warehouse is being renamed
        values["aftersales_rma_vendor_type_id"] = {
            "name": _("%(name)s Sequence return to vendor", name=self.name),
            "prefix": self.code
            + "/"
            + (self.aftersales_rma_vendor_type_id.sequence_code or "RTV")
            + "/",
            "padding": 5,
            "company_id": self.company_id.id,
        }
        name = name or self.name
        code = code or self.code
        values.update(
            {
                "aftersales_rma_in_type_id": {
                    "name": _("%(name)s Sequence RMA receipts", name=name),
                    "prefix": code
                    + "/"
                    + (self.aftersales_rma_in_type_id.sequence_code or "RMA-IN")
                    + "/",
                    "padding": 5,
                    "company_id": self.company_id.id,
                },
                "aftersales_rma_out_type_id": {
                    "name": _("%(name)s Sequence RMA deliveries", name=name),
                    "prefix": code
                    + "/"
                    + (self.aftersales_rma_out_type_id.sequence_code or "RMA-OUT")
                    + "/",
                    "padding": 5,
                    "company_id": self.company_id.id,
                },
            }
        )
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        data["aftersales_rma_vendor_type_id"] = {
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
        next_sequence += 2
        customer_loc, __ = self._get_partner_locations()
        data.update(
            {
                "aftersales_rma_in_type_id": {
                    "name": _("RMA Receipts"),
                    "code": "incoming",
                    "use_create_lots": False,
                    "use_existing_lots": True,
                    "default_location_src_id": customer_loc.id,
                    "sequence": next_sequence + 1,
                    "sequence_code": "RMA-IN",
                    "company_id": self.company_id.id,
                },
                "aftersales_rma_out_type_id": {
                    "name": _("RMA Deliveries"),
                    "code": "outgoing",
                    "use_create_lots": False,
                    "use_existing_lots": True,
                    "default_location_dest_id": customer_loc.id,
                    "sequence": next_sequence + 2,
                    "sequence_code": "RMA-OUT",
                    "company_id": self.company_id.id,
                },
            }
        )
        return data, next_sequence + 3

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        code = self.code.replace(" ", "").upper()
        data["aftersales_rma_vendor_type_id"] = {
            "active": self.active,
            "barcode": code + "RTV",
        }
        data.update(
            {
                "aftersales_rma_in_type_id": {
                    "active": self.active,
                    "default_location_dest_id": self.aftersales_rma_loc_id.id,
                    "barcode": code + "RMAIN",
                },
                "aftersales_rma_out_type_id": {
                    "active": self.active,
                    "default_location_src_id": self.lot_stock_id.id,
                    "barcode": code + "RMAOUT",
                },
            }
        )
        return data

    def _update_name_and_code(self, new_name=False, new_code=False):
        res = super()._update_name_and_code(new_name, new_code)
        for warehouse in self:
            sequence_data = warehouse._get_sequence_values(name=new_name, code=new_code)
            for field in ("aftersales_rma_in_type_id", "aftersales_rma_out_type_id"):
                warehouse[field].sudo().sequence_id.write(sequence_data[field])
        return res

    def _create_or_update_sequences_and_picking_types(self):
        data = super()._create_or_update_sequences_and_picking_types()
        if "aftersales_rma_in_type_id" in data and "aftersales_rma_out_type_id" in data:
            in_type = self.env["stock.picking.type"].browse(
                data["aftersales_rma_in_type_id"]
            )
            out_type = self.env["stock.picking.type"].browse(
                data["aftersales_rma_out_type_id"]
            )
            in_type.return_picking_type_id = out_type
            out_type.return_picking_type_id = in_type
        return data

    # ------------------------------------------------------------------
    # business helpers
    # ------------------------------------------------------------------
    @api.model
    def _aftersales_create_missing_rma_data(self):
        """Complete the warehouses that existed before this module (called
        from data at install and update, before demo data needs them)."""
        warehouses = self.with_context(active_test=False).search([])
        warehouses.filtered(
            lambda w: not (
                w.aftersales_rma_loc_id
                and w.aftersales_rma_in_type_id
                and w.aftersales_rma_out_type_id
                and w.aftersales_rma_vendor_type_id
            )
        )._aftersales_create_rma_data()

    def _aftersales_create_rma_data(self):
        """Give warehouses created before this module their RMA location and
        operation types, the way ``repair`` completes existing warehouses."""
        for warehouse in self.with_context(active_test=False):
            # creates the missing RMA location under the warehouse view location
            warehouse._create_missing_locations({})
            picking_type_vals = (
                warehouse._create_or_update_sequences_and_picking_types()
            )
            if picking_type_vals:
                warehouse.write(picking_type_vals)
