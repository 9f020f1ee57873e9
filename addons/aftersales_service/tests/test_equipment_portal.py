from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestEquipmentPortal(AftersalesCommon, HttpCase):
    """The customer sees their units, their warranty and designated engineer,
    and opens a ticket from a unit; another customer's unit is not found."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="as_eq_portal",
            password="as_eq_portal_pw",
            groups="base.group_portal",
            name="Equipment Portal",
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.machine = cls.env["product.product"].create(
            {
                "name": "Portal Chiller",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_equipment": True,
                "aftersales_warranty_duration": 24,
                "aftersales_warranty_unit": "month",
                "aftersales_warranty_basis": "delivery",
            }
        )
        cls.technician.partner_id.phone = "+86 21 5555 0101"
        Equipment = cls.env["aftersales.equipment"]
        cls.unit = Equipment.create(
            {
                "product_id": cls.machine.id,
                "lot_id": cls._make_lot(cls.machine, "PCH-001").id,
                "partner_id": cls.customer.id,
                "technician_id": cls.technician.id,
                "delivery_date": "2026-01-05",
            }
        )
        cls.foreign_unit = Equipment.create(
            {
                "product_id": cls.machine.id,
                "lot_id": cls._make_lot(cls.machine, "PCH-999").id,
                "partner_id": cls.other_customer.id,
            }
        )
        cls.ticket = cls._create_ticket(
            name="Compressor noise", lot_id=cls.unit.lot_id.id
        )

    def _csrf(self, page):
        marker = 'name="csrf_token" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]

    def test_portal_lists_own_units_with_warranty(self):
        self.authenticate("as_eq_portal", "as_eq_portal_pw")
        home = self.url_open("/my/home")
        self.assertIn("/my/aftersales/equipment", home.text)
        response = self.url_open("/my/aftersales/equipment")
        self.assertEqual(response.status_code, 200)
        self.assertIn("PCH-001", response.text)
        self.assertNotIn("PCH-999", response.text)
        page = self.url_open(f"/my/aftersales/equipment/{self.unit.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("In warranty", page.text)
        self.assertIn("Technician", page.text)
        self.assertIn("+86 21 5555 0101", page.text)
        self.assertIn("Compressor noise", page.text)
        self.assertIn(f"/my/aftersales/new?equipment_id={self.unit.id}", page.text)

    def test_portal_counter(self):
        self.authenticate("as_eq_portal", "as_eq_portal_pw")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["aftersales_equipment_count"]}
        )
        self.assertEqual(counters["aftersales_equipment_count"], 1)

    def test_other_customers_unit_is_not_found(self):
        self.authenticate("as_eq_portal", "as_eq_portal_pw")
        for url in (
            f"/my/aftersales/equipment/{self.foreign_unit.id}",
            "/my/aftersales/equipment/999999",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("Traceback", response.text)
            self.assertNotIn("PCH-999", response.text)

    def test_open_ticket_from_unit(self):
        self.authenticate("as_eq_portal", "as_eq_portal_pw")
        form = self.url_open(f"/my/aftersales/new?equipment_id={self.unit.id}")
        self.assertEqual(form.status_code, 200)
        self.assertIn(f'name="equipment_id" value="{self.unit.id}"', form.text)
        self.assertIn(f'value="{self.unit.lot_id.id}" selected', form.text)
        self.url_open(
            "/my/aftersales/new",
            data={
                "name": "Leaks oil",
                "equipment_id": self.unit.id,
                "csrf_token": self._csrf(form.text),
            },
        )
        ticket = self.env["aftersales.ticket"].search([("name", "=", "Leaks oil")])
        self.assertEqual(ticket.equipment_id, self.unit)
        self.assertEqual(ticket.lot_id, self.unit.lot_id)
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)

    def test_ticket_on_other_customers_unit_refused(self):
        self.authenticate("as_eq_portal", "as_eq_portal_pw")
        form = self.url_open("/my/aftersales/new")
        response = self.url_open(
            "/my/aftersales/new",
            data={
                "name": "Sneaky",
                "equipment_id": self.foreign_unit.id,
                "csrf_token": self._csrf(form.text),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("This equipment is not yours.", response.text)
        self.assertFalse(
            self.env["aftersales.ticket"].search([("name", "=", "Sneaky")])
        )
        # a tampered id is a message, not a traceback
        response = self.url_open(
            "/my/aftersales/new",
            data={
                "name": "Sneaky",
                "equipment_id": "abc",
                "csrf_token": self._csrf(form.text),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Choose the equipment", response.text)
