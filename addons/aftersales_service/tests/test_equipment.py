from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestEquipment(AftersalesCommon):
    """The unit in the field (REC-07): created on delivery, one per serial,
    its warranty from the product's basis, its life through guarded
    actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.machine = cls.env["product.product"].create(
            {
                "name": "Chiller C200",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_equipment": True,
                "aftersales_warranty_duration": 24,
                "aftersales_warranty_unit": "month",
                "aftersales_warranty_basis": "delivery",
            }
        )
        cls.clerk = new_test_user(
            cls.env,
            login="as_eq_clerk",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
            name="Warehouse Clerk",
        )
        cls.site = cls.env["res.partner"].create(
            {"name": "Plant 2", "type": "delivery", "parent_id": cls.customer.id}
        )

    def _sell_and_deliver(self, lot, partner=None, user=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [
                    Command.create(
                        {"product_id": lot.product_id.id, "product_uom_qty": 1.0}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(user or self.clerk)
        picking.action_assign()
        picking.move_ids.move_line_ids.write({"lot_id": lot.id, "quantity": 1.0})
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return order

    def _equipment_of(self, lot):
        return self.env["aftersales.equipment"].search([("lot_id", "=", lot.id)])

    def test_delivery_creates_one_unit_per_serial(self):
        lot = self._make_lot(self.machine, "CH-001")
        order = self._sell_and_deliver(lot)
        equipment = self._equipment_of(lot)
        self.assertEqual(len(equipment), 1)
        self.assertEqual(equipment.partner_id, self.customer)
        self.assertEqual(equipment.product_id, self.machine)
        self.assertEqual(equipment.sale_line_id, order.order_line)
        # the day of the delivery for the clerk who validated it
        self.assertEqual(
            equipment.delivery_date,
            fields.Date.context_today(equipment.with_user(self.clerk)),
        )
        self.assertEqual(equipment.state, "draft")
        self.assertEqual(equipment.warranty_state, "in_warranty")
        self.assertEqual(
            equipment.warranty_end_date,
            equipment.delivery_date + relativedelta(months=24, days=-1),
        )

    def test_untracked_product_gets_no_unit(self):
        # the fixture's product is serial-tracked but not flagged as equipment
        self.assertFalse(self._equipment_of(self.lot))

    def test_ticket_on_serial_finds_its_unit(self):
        lot = self._make_lot(self.machine, "CH-002")
        self._sell_and_deliver(lot)
        equipment = self._equipment_of(lot)
        ticket = (
            self.env["aftersales.ticket"]
            .with_user(self.technician)
            .create(self._ticket_vals(lot_id=lot.id))
        )
        self.assertEqual(ticket.equipment_id, equipment)
        self.assertEqual(ticket.product_id, self.machine)
        self.assertEqual(equipment.ticket_count, 1)
        self.assertEqual(ticket.warranty_end_date, equipment.warranty_end_date)

    def test_acceptance_basis_waits_for_signed_acceptance(self):
        self.machine.aftersales_warranty_basis = "acceptance"
        equipment = (
            self.env["aftersales.equipment"]
            .with_user(self.technician)
            .create(
                {
                    "product_id": self.machine.id,
                    "partner_id": self.customer.id,
                    "delivery_date": date(2026, 1, 5),
                }
            )
        )
        self.assertEqual(equipment.warranty_state, "pending_acceptance")
        self.assertFalse(equipment.warranty_start_date)
        equipment.acceptance_date = date(2026, 2, 1)
        self.assertEqual(equipment.warranty_start_date, date(2026, 2, 1))
        self.assertEqual(equipment.warranty_end_date, date(2028, 1, 31))

    def test_two_units_for_one_serial_refused(self):
        lot = self._make_lot(self.machine, "CH-003")
        Equipment = self.env["aftersales.equipment"].with_user(self.technician)
        Equipment.create(
            {
                "product_id": self.machine.id,
                "lot_id": lot.id,
                "partner_id": self.customer.id,
            }
        )
        # a clear message naming the serial, before the SQL constraint
        with self.assertRaisesRegex(ValidationError, "CH-003 already has"):
            Equipment.create(
                {
                    "product_id": self.machine.id,
                    "lot_id": lot.id,
                    "partner_id": self.other_customer.id,
                }
            )

    def test_bad_dates_and_sites_refused(self):
        Equipment = self.env["aftersales.equipment"].with_user(self.technician)
        with self.assertRaisesRegex(ValidationError, "before its delivery"):
            Equipment.create(
                {
                    "product_id": self.machine.id,
                    "partner_id": self.customer.id,
                    "delivery_date": date(2026, 3, 1),
                    "acceptance_date": date(2026, 2, 1),
                }
            )
        with self.assertRaisesRegex(ValidationError, "address of its owner"):
            Equipment.create(
                {
                    "product_id": self.machine.id,
                    "partner_id": self.other_customer.id,
                    "site_partner_id": self.site.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            Equipment.create(
                {
                    "product_id": self.machine.id,
                    "lot_id": self.lot.id,
                    "partner_id": self.customer.id,
                }
            )

    def test_state_changes_only_through_actions(self):
        equipment = (
            self.env["aftersales.equipment"]
            .with_user(self.technician)
            .create({"product_id": self.machine.id, "partner_id": self.customer.id})
        )
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            equipment.write({"state": "in_service"})
        self.assertTrue(equipment.can_install)
        equipment.action_install()
        self.assertEqual(equipment.state, "installed")
        self.assertFalse(equipment.can_install)
        equipment.action_put_in_service()
        equipment.action_retire()
        self.assertEqual(equipment.state, "retired")
        self.assertFalse(equipment.can_retire)
        with self.assertRaisesRegex(UserError, "cannot become"):
            equipment.action_put_in_service()

    def test_component_cannot_be_its_own_parent(self):
        Equipment = self.env["aftersales.equipment"].with_user(self.technician)
        main = Equipment.create(
            {"product_id": self.machine.id, "partner_id": self.customer.id}
        )
        part = Equipment.create(
            {
                "product_id": self.machine.id,
                "partner_id": self.customer.id,
                "parent_id": main.id,
            }
        )
        self.assertEqual(main.child_ids, part)
        # Odoo's parent store refuses the loop before our constraint does
        with self.assertRaises(UserError):
            main.parent_id = part

    def test_units_of_another_company_are_not_seen(self):
        other_company = self.env["res.company"].create({"name": "Other Plant Co."})
        foreign = (
            self.env["aftersales.equipment"]
            .with_company(other_company)
            .create(
                {
                    "product_id": self.machine.id,
                    "partner_id": self.customer.id,
                    "company_id": other_company.id,
                }
            )
        )
        own = self.env["aftersales.equipment"].create(
            {"product_id": self.machine.id, "partner_id": self.customer.id}
        )
        seen = (
            self.env["aftersales.equipment"]
            .with_user(self.technician)
            .search([("id", "in", (foreign | own).ids)])
        )
        self.assertEqual(seen, own.with_user(self.technician))
