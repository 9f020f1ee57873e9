from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestEquipmentHistory(AftersalesCommon):
    """The unit's whole life on its form (REC-07): its tickets, visits, parts
    replaced and a timeline, newest first; import-friendly by serial."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.machine = cls.env["product.product"].create(
            {
                "name": "Screen P3",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_equipment": True,
                "aftersales_warranty_duration": 12,
                "aftersales_warranty_unit": "month",
                "aftersales_warranty_basis": "delivery",
            }
        )
        cls.fan = cls.env["product.product"].create({"name": "Cooling fan"})
        cls.lot_a = cls._make_lot(cls.machine, "SCR-A")
        cls.unit = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.machine.id,
                "lot_id": cls.lot_a.id,
                "partner_id": cls.customer.id,
                "delivery_date": "2026-01-05",
                "installation_date": "2026-01-10",
            }
        )

    def _visit(self, ticket, start, **vals):
        return self.env["aftersales.visit"].create(
            dict(
                {
                    "ticket_id": ticket.id,
                    "scheduled_start": start,
                    "scheduled_end": start.replace("09:", "11:"),
                },
                **vals,
            )
        )

    def test_form_shows_tickets_visits_parts_and_timeline(self):
        ticket = (
            self.env["aftersales.ticket"]
            .with_user(self.technician)
            .create(self._ticket_vals(lot_id=self.lot_a.id, name="Dead pixels"))
        )
        self.assertEqual(ticket.equipment_id, self.unit)
        visit = self._visit(
            ticket,
            "2026-03-02 09:00:00",
            part_ids=[(0, 0, {"product_id": self.fan.id, "quantity": 2.0})],
        )
        cancelled = self._visit(
            ticket,
            "2026-03-09 09:00:00",
            part_ids=[(0, 0, {"product_id": self.machine.id, "quantity": 1.0})],
        )
        cancelled.action_cancel()
        unit = self.unit.with_user(self.technician)
        self.assertEqual(unit.visit_count, 2)
        self.assertEqual(unit.visit_ids, visit | cancelled)
        # parts of a cancelled visit were never fitted
        self.assertEqual(unit.visit_part_ids.product_id, self.fan)
        events = unit._aftersales_timeline_events()
        self.assertEqual(
            sorted(e["kind"] for e in events),
            ["delivery", "installation", "ticket", "visit"],
        )
        html = str(unit.timeline_html)
        # newest first: the visit, then the ticket (today), delivery last
        self.assertLess(html.index("Visit"), html.index("Installed"))
        self.assertLess(html.index("Installed"), html.index("Delivered"))
        self.assertIn(f"/odoo/aftersales.ticket/{ticket.id}", html)
        self.assertIn("Dead pixels", html)

    def test_timeline_escapes_labels(self):
        self.env["aftersales.ticket"].create(
            self._ticket_vals(lot_id=self.lot_a.id, name="<script>x</script>")
        )
        html = str(self.unit.timeline_html)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)

    def test_timeline_is_batched(self):
        lots = [self._make_lot(self.machine, f"SCR-B{i}") for i in range(5)]
        units = self.env["aftersales.equipment"].create(
            [
                {
                    "product_id": self.machine.id,
                    "lot_id": lot.id,
                    "partner_id": self.customer.id,
                }
                for lot in lots
            ]
        )
        for lot in lots:
            self.env["aftersales.ticket"].create(self._ticket_vals(lot_id=lot.id))

        def queries(records):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            records.mapped("timeline_html")
            return self.cr.sql_log_count - before

        # one search per source, whatever the number of units
        self.assertEqual(queries(units), queries(units[:1]))
        self.assertTrue(all("Ticket" in str(h) for h in units.mapped("timeline_html")))

    def test_import_second_unit_for_serial_is_a_clear_error(self):
        """Importing units sold before the addon: a serial already recorded
        (even archived) is refused by name, no SQL traceback."""
        self.unit.active = False
        Equipment = self.env["aftersales.equipment"].with_user(self.technician)
        result = Equipment.load(
            ["product_id/.id", "lot_id/.id", "partner_id/.id"],
            [[str(self.machine.id), str(self.lot_a.id), str(self.other_customer.id)]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("SCR-A already has", result["messages"][0]["message"])
        # a new serial imports fine
        lot = self._make_lot(self.machine, "SCR-D")
        result = Equipment.load(
            ["product_id/.id", "lot_id/.id", "partner_id/.id"],
            [[str(self.machine.id), str(lot.id), str(self.customer.id)]],
        )
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        # the same serial in one import batch
        lot = self._make_lot(self.machine, "SCR-C")
        with self.assertRaisesRegex(ValidationError, "SCR-C already has"):
            self.env["aftersales.equipment"].create(
                [
                    {
                        "product_id": self.machine.id,
                        "lot_id": lot.id,
                        "partner_id": self.customer.id,
                    }
                ]
                * 2
            )
