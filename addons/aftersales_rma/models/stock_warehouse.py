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
    # RMA stock runs through procurement and these routes, so the returned
    # unit follows the warehouse's reception and delivery steps. They are
    # not warehouse-selectable: only RMA procurements name them, so sale and
    # purchase flows never pick their rules up.
    aftersales_rma_in_route_id = fields.Many2one(
        "stock.route",
        string="RMA Receipt Route",
        ondelete="restrict",
        copy=False,
        help="Customer to RMA location, through the warehouse's reception steps.",
    )
    aftersales_rma_out_route_id = fields.Many2one(
        "stock.route",
        string="RMA Delivery Route",
        ondelete="restrict",
        copy=False,
        help="Returned unit from the RMA location back to the customer, through "
        "the warehouse's delivery steps.",
    )
    aftersales_rma_replace_route_id = fields.Many2one(
        "stock.route",
        string="RMA Replacement Route",
        ondelete="restrict",
        copy=False,
        help="Replacement unit from stock to the customer, through the "
        "warehouse's delivery steps.",
    )
    aftersales_rma_restock_route_id = fields.Many2one(
        "stock.route",
        string="RMA Restock Route",
        ondelete="restrict",
        copy=False,
        help="Returned unit from the RMA location into stock.",
    )
    aftersales_rma_vendor_route_id = fields.Many2one(
        "stock.route",
        string="Return to Vendor Route",
        ondelete="restrict",
        copy=False,
        help="Claimed unit from the RMA location back to the vendor.",
    )
    aftersales_rma_vendor_stock_route_id = fields.Many2one(
        "stock.route",
        string="Return to Vendor from Stock Route",
        ondelete="restrict",
        copy=False,
        help="Claimed unit kept in stock (a claim without an RMA receipt) "
        "back to the vendor.",
    )
    aftersales_rma_vendor_in_route_id = fields.Many2one(
        "stock.route",
        string="Receipt from Vendor Repair Route",
        ondelete="restrict",
        copy=False,
        help="Unit the vendor repaired, from the vendor to the RMA location, "
        "through the warehouse's reception steps.",
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
                    # with reception steps the receipt lands in Input, the
                    # next steps bring the unit to the RMA location
                    "default_location_dest_id": (
                        self.aftersales_rma_loc_id
                        if self.reception_steps == "one_step"
                        else self.wh_input_stock_loc_id
                    ).id,
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

    def _get_routes_values(self):
        values = super()._get_routes_values()
        values.update(self._aftersales_rma_routes_values())
        return values

    def get_rules_dict(self):
        rules = super().get_rules_dict()
        for warehouse in self:
            rules[warehouse.id].update(warehouse._aftersales_rma_rules())
        return rules

    # ------------------------------------------------------------------
    # business helpers
    # ------------------------------------------------------------------
    def _aftersales_rma_routes_values(self):
        """Routes of the RMA flows, in ``_get_routes_values``' format: they
        follow the reception and delivery steps of the warehouse. Never
        ``active`` in ``depends``: unarchiving a warehouse rewrites its
        depends fields, and ``active`` among them would recurse (Odoo's own
        routes leave it out too)."""
        routes = {
            "aftersales_rma_in_route_id": (
                "aftersales_rma_in",
                ["reception_steps"],
                _("RMA Receipt"),
                100,
            ),
            "aftersales_rma_out_route_id": (
                "aftersales_rma_out",
                ["delivery_steps"],
                _("RMA Delivery"),
                101,
            ),
            "aftersales_rma_replace_route_id": (
                "aftersales_rma_replace",
                ["delivery_steps"],
                _("RMA Replacement"),
                102,
            ),
            "aftersales_rma_restock_route_id": (
                "aftersales_rma_restock",
                [],
                _("RMA Restock"),
                103,
            ),
            "aftersales_rma_vendor_route_id": (
                "aftersales_rma_vendor",
                [],
                _("Return to Vendor"),
                104,
            ),
            "aftersales_rma_vendor_stock_route_id": (
                "aftersales_rma_vendor_stock",
                [],
                _("Return to Vendor from Stock"),
                105,
            ),
            "aftersales_rma_vendor_in_route_id": (
                "aftersales_rma_vendor_in",
                ["reception_steps"],
                _("Receipt from Vendor Repair"),
                106,
            ),
        }
        return {
            field: {
                "routing_key": key,
                "depends": depends,
                "route_update_values": {
                    "name": self._format_routename(name),
                    "active": self.active,
                },
                "route_create_values": {
                    "warehouse_selectable": False,
                    "product_selectable": False,
                    "product_categ_selectable": False,
                    "company_id": self.company_id.id,
                    "sequence": sequence,
                },
                "rules_values": {"active": True, "propagate_carrier": True},
            }
            for field, (key, depends, name, sequence) in routes.items()
        }

    def _aftersales_rma_rules(self):
        """Rules of the RMA routes, keyed by routing key. The first rule of each
        route pulls; the reception and delivery steps after it are pushed,
        the way Odoo's own reception and delivery routes chain them.

        Each route has one pull rule per destination, and RMA and claim
        procurements name their route: Odoo's rule selection never has to
        choose between them (the two return-to-vendor routes differ only in
        where the unit leaves from)."""
        self.ensure_one()
        customer_loc, supplier_loc = self._get_partner_locations()
        rma_loc = self.aftersales_rma_loc_id
        in_type = self.aftersales_rma_in_type_id
        out_type = self.aftersales_rma_out_type_id
        reception = {
            "one_step": [],
            "two_steps": [
                self.Routing(
                    self.wh_input_stock_loc_id, rma_loc, self.store_type_id, "push"
                )
            ],
            "three_steps": [
                self.Routing(
                    self.wh_input_stock_loc_id,
                    self.wh_qc_stock_loc_id,
                    self.qc_type_id,
                    "push",
                ),
                self.Routing(
                    self.wh_qc_stock_loc_id, rma_loc, self.store_type_id, "push"
                ),
            ],
        }[self.reception_steps]

        def delivery(source):
            if self.delivery_steps == "ship_only":
                return [self.Routing(source, customer_loc, out_type, "pull")]
            last = [
                self.Routing(
                    self.wh_output_stock_loc_id, customer_loc, out_type, "push"
                )
            ]
            if self.delivery_steps == "pick_pack_ship":
                last.insert(
                    0,
                    self.Routing(
                        self.wh_pack_stock_loc_id,
                        self.wh_output_stock_loc_id,
                        self.pack_type_id,
                        "push",
                    ),
                )
            return [
                self.Routing(source, customer_loc, self.pick_type_id, "pull")
            ] + last

        vendor_type = self.aftersales_rma_vendor_type_id
        return {
            "aftersales_rma_in": [self.Routing(customer_loc, rma_loc, in_type, "pull")]
            + reception,
            # the RMA receipt type lands in the RMA location (one step) or in
            # Input (reception steps), as the units' first stop requires
            "aftersales_rma_vendor_in": [
                self.Routing(supplier_loc, rma_loc, in_type, "pull")
            ]
            + reception,
            "aftersales_rma_out": delivery(rma_loc),
            "aftersales_rma_replace": delivery(self.lot_stock_id),
            "aftersales_rma_restock": [
                self.Routing(rma_loc, self.lot_stock_id, self.int_type_id, "pull")
            ],
            "aftersales_rma_vendor": [
                self.Routing(rma_loc, supplier_loc, vendor_type, "pull")
            ],
            "aftersales_rma_vendor_stock": [
                self.Routing(self.lot_stock_id, supplier_loc, vendor_type, "pull")
            ],
        }

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
        warehouses.filtered(
            lambda w: not all(w[field] for field in w._aftersales_rma_routes_values())
        )._aftersales_create_rma_routes()

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

    def _aftersales_create_rma_routes(self):
        """Create the RMA routes and rules of warehouses that have none yet,
        leaving the warehouse's other routes as they are."""
        for warehouse in self.with_context(active_test=False):
            routes = warehouse._aftersales_rma_routes_values()
            rules = warehouse._aftersales_rma_rules()
            for field, route_data in routes.items():
                if warehouse[field]:
                    continue
                route = self.env["stock.route"].create(
                    dict(
                        route_data["route_create_values"],
                        **route_data["route_update_values"],
                    )
                )
                warehouse[field] = route
                warehouse._find_existing_rule_or_create(
                    warehouse._get_rule_values(
                        rules[route_data["routing_key"]],
                        values=dict(route_data["rules_values"], route_id=route.id),
                    )
                )
            # with reception steps the RMA receipt lands in Input from now on
            type_vals = warehouse._get_picking_type_update_values()
            warehouse.aftersales_rma_in_type_id.write(
                {
                    "default_location_dest_id": type_vals["aftersales_rma_in_type_id"][
                        "default_location_dest_id"
                    ]
                }
            )
