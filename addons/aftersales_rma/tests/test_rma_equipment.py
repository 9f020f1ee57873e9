# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command, fields
from odoo.tests import new_test_user

from .common_delivery import RmaDeliveryCommon, validate_open_as


class TestRmaEquipment(RmaDeliveryCommon):
    """The unit in the field follows its RMA (REC-07, WTY-13): received for
    repair it is under repair, shipped back it is in service again; a
    replacement takes its place with the warranty the company's setting
    says. Transfers are validated by the warehouse clerk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.drive.write(
            {
                "aftersales_track_equipment": True,
                "aftersales_warranty_duration": 12,
                "aftersales_warranty_unit": "month",
                "aftersales_warranty_basis": "delivery",
            }
        )
        cls.wh_clerk = new_test_user(
            cls.env, login="rma_eq_wh_clerk", groups="stock.group_stock_user"
        )
        cls.engineer = new_test_user(
            cls.env,
            login="rma_eq_engineer",
            groups="aftersales_service.group_aftersales_user",
        )
        cls.sn_returned, cls.sn_other, cls.sn_stock = cls.serials
        cls.site = cls.env["res.partner"].create(
            {"name": "RMA Plant", "type": "delivery", "parent_id": cls.customer.id}
        )
        cls.main = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.product.id,
                "partner_id": cls.customer.id,
            }
        )
        # a unit sold before the addon, recorded by hand and in service
        cls.unit = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.drive.id,
                "lot_id": cls.sn_returned.id,
                "partner_id": cls.customer.id,
                "site_partner_id": cls.site.id,
                "parent_id": cls.main.id,
                "technician_id": cls.engineer.id,
                "delivery_date": date(2026, 1, 5),
                "installation_date": date(2026, 1, 6),
            }
        )
        cls.unit.action_put_in_service()

    def _drive_rma(self, decision):
        rma = self._rma(
            [
                {
                    "product_id": self.drive.id,
                    "lot_id": self.sn_returned.id,
                    "product_uom_qty": 1.0,
                }
            ],
            sale_order_id=self.order.id,
        )
        rma.line_ids.decision = decision
        rma.with_user(self.rma_clerk).action_confirm()
        return rma

    def _validate_open(self, pickings):
        return validate_open_as(self, pickings, self.wh_clerk)

    def _replace(self):
        rma = self._drive_rma("replace")
        self._validate_open(rma.in_picking_ids)
        self.assertEqual(self.unit.state, "under_repair")
        rma.with_user(self.rma_clerk).action_process()
        out = self._validate_open(rma.out_picking_ids)
        self.assertEqual(out.move_line_ids.lot_id, self.sn_stock)
        new = self.env["aftersales.equipment"].search(
            [("lot_id", "=", self.sn_stock.id)]
        )
        self.assertEqual(len(new), 1)
        return rma, new

    def test_rma_line_carries_the_unit(self):
        rma = self._drive_rma("repair")
        self.assertEqual(rma.line_ids.equipment_id, self.unit)
        self.assertEqual(self.unit.rma_count, 1)
        self.assertEqual(self.unit.action_view_rmas()["domain"][0][2], self.unit.id)

    def test_repair_puts_unit_under_repair_then_back_in_service(self):
        rma = self._drive_rma("repair")
        self._validate_open(rma.in_picking_ids)
        self.assertEqual(self.unit.state, "under_repair")
        rma.with_user(self.rma_clerk).action_process()
        repair = rma.line_ids.repair_id
        self.assertEqual(self.unit.repair_ids, repair)
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(self.unit.state, "under_repair")
        self._validate_open(rma.out_picking_ids)
        self.assertEqual(self.unit.state, "in_service")
        self.assertEqual(self.unit.repair_count, 1)
        kinds = {e["kind"] for e in self.unit._aftersales_timeline_events()}
        self.assertTrue({"rma", "repair", "delivery"} <= kinds)
        self.unit.invalidate_recordset(["timeline_html"])
        self.assertIn(rma.name, str(self.unit.timeline_html))
        # no second unit for the serial that came back
        self.assertEqual(
            self.env["aftersales.equipment"].search_count(
                [("lot_id", "=", self.sn_returned.id)]
            ),
            1,
        )
        self.assertEqual(self.unit.delivery_date, date(2026, 1, 5))

    def test_replacement_keeps_the_rest_of_the_warranty(self):
        self.env.company.aftersales_replacement_warranty = "rest"
        rma, new = self._replace()
        self.assertEqual(self.unit.state, "retired")
        self.assertEqual(self.unit.replaced_by_id, new)
        self.assertEqual(new.replaces_id, self.unit)
        self.assertEqual(new.state, "in_service")
        self.assertEqual(new.partner_id, self.customer)
        self.assertEqual(new.site_partner_id, self.site)
        self.assertEqual(new.parent_id, self.main)
        self.assertEqual(new.technician_id, self.engineer)
        self.assertEqual(new.warranty_start_date, date(2026, 1, 5))
        self.assertEqual(new.warranty_end_date, self.unit.warranty_end_date)
        self.assertEqual(rma.state, "done")
        self.assertIn(new, self.main.child_ids)
        # the retired unit keeps its history under the main unit
        self.assertEqual(
            self.main.child_ids.filtered(lambda u: u.state != "retired"), new
        )

    def test_replacement_starts_a_new_warranty(self):
        self.env.company.aftersales_replacement_warranty = "new"
        _rma, new = self._replace()
        # the day of the delivery for the clerk who validated it
        today = fields.Date.context_today(new.with_user(self.wh_clerk))
        self.assertEqual(self.unit.state, "retired")
        self.assertEqual(new.replaces_id, self.unit)
        self.assertEqual(new.delivery_date, today)
        self.assertEqual(new.warranty_start_date, today)
        self.assertEqual(new.warranty_state, "in_warranty")
        kinds = [e["kind"] for e in new._aftersales_timeline_events()]
        self.assertIn("replacement", kinds)

    def test_replacement_joins_the_unit_s_service_contract(self):
        today = fields.Date.context_today(self.unit)
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "equipment_ids": [Command.set(self.unit.ids)],
                "date_start": today.replace(day=1),
                "date_end": today.replace(day=1, year=today.year + 1),
                "price": 1000.0,
            }
        )
        contract.action_activate()
        self.assertEqual(self.unit.contract_id, contract)
        _rma, new = self._replace()
        self.assertIn(new, contract.equipment_ids)
        self.assertEqual(new.contract_id, contract)

    def test_scrapped_unit_is_retired(self):
        rma = self._drive_rma("scrap")
        self._validate_open(rma.in_picking_ids)
        self.assertEqual(self.unit.state, "under_repair")
        rma.with_user(self.rma_clerk).action_process()
        self.assertEqual(rma.line_ids.scrap_ids.state, "done")
        self.assertEqual(self.unit.state, "retired")
        self.assertIn(rma.name, self.unit.message_ids[:1].body)
        # processing again neither fails nor posts a second note
        notes = len(self.unit.message_ids)
        rma.line_ids._process_decision()
        self.assertEqual(len(self.unit.message_ids), notes)

    def test_unit_taken_back_for_a_refund_is_retired(self):
        billing = new_test_user(
            self.env,
            login="rma_eq_billing",
            groups="aftersales_service.group_aftersales_user,"
            "stock.group_stock_user,account.group_account_invoice,"
            "sales_team.group_sale_salesman_all_leads",
        )
        self.drive.invoice_policy = "delivery"
        self.ticket.user_id = billing
        self.order._create_invoices().action_post()
        rma = self._drive_rma("refund")
        self._validate_open(rma.in_picking_ids)
        rma.with_user(billing).action_process()
        self.assertEqual(rma.line_ids.qty_refunded, 1.0)
        self.assertEqual(self.unit.state, "retired")
        self.assertIn(rma.name, self.unit.message_ids[:1].body)

    def test_repaired_unit_is_not_retired(self):
        rma = self._drive_rma("repair")
        self._validate_open(rma.in_picking_ids)
        rma.with_user(self.rma_clerk).action_process()
        self.assertEqual(self.unit.state, "under_repair")

    def test_replacement_goes_on_with_the_unit_s_maintenance(self):
        today = fields.Date.context_today(self.unit)
        due = today.replace(year=today.year + 1, day=1)
        plan = self.env["aftersales.maintenance.plan"].create(
            {
                "equipment_id": self.unit.id,
                "interval_number": 3,
                "interval_unit": "month",
                "start_date": due,
            }
        )
        _rma, new = self._replace()
        self.assertFalse(plan.active)
        follow = self.env["aftersales.maintenance.plan"].search(
            [("equipment_id", "=", new.id)]
        )
        self.assertEqual(len(follow), 1)
        self.assertEqual((follow.interval_number, follow.interval_unit), (3, "month"))
        self.assertEqual(follow.next_due_date, due)
        self.assertEqual(follow.technician_id, self.engineer)
        self.assertIn(new.display_name, follow.name)
        self.assertIn(follow.name, plan.message_ids[:1].body)
