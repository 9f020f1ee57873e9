from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import format_date

from .common import AftersalesCommon, portal_user_of


@tagged("post_install", "-at_install")
class TestEquipmentPortal(AftersalesCommon, HttpCase):
    """The customer sees their units, their warranty and designated engineer,
    and opens a ticket from a unit; another customer's unit is not found."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = portal_user_of(
            cls.env,
            cls.customer,
            login="as_eq_portal",
            name="Equipment Portal",
            password="as_eq_portal_pw",
        )
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

    def _contract(self, unit, start, **values):
        contract = self.env["aftersales.contract"].create(
            dict(
                {
                    "partner_id": unit.partner_id.id,
                    "title": f"Care of {unit.lot_id.name}",
                    "equipment_ids": [Command.set(unit.ids)],
                    "date_start": start,
                    "date_end": start + relativedelta(years=1, days=-1),
                    "price": 900.0,
                },
                **values,
            )
        )
        contract.action_activate()
        return contract

    def test_portal_shows_the_unit_s_contract_never_another_customer_s(self):
        today = fields.Date.today()
        contract = self._contract(self.unit, today - timedelta(days=30))
        foreign = self._contract(self.foreign_unit, today - timedelta(days=30))
        self.assertNotEqual(contract.name, foreign.name)
        end = format_date(self.env, contract.date_end)
        self.authenticate("as_eq_portal", "as_eq_portal_pw")
        listing = self.url_open("/my/aftersales/equipment")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(contract.name, listing.text)
        self.assertIn(end, listing.text)
        page = self.url_open(f"/my/aftersales/equipment/{self.unit.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(contract.name, page.text)
        self.assertIn("Care of PCH-001", page.text)
        self.assertIn("Active", page.text)
        self.assertIn(end, page.text)
        for response in (listing, page):
            self.assertNotIn(foreign.name, response.text)
            self.assertNotIn("Care of PCH-999", response.text)

    def test_portal_shows_an_ended_contract_as_ended(self):
        today = fields.Date.today()
        page = self._unit_page()
        self.assertIn("No service contract.", page)
        ended = self._contract(self.unit, today - timedelta(days=30))
        ended.date_end = today - timedelta(days=1)
        self.env["aftersales.contract"]._cron_contract_daily()
        self.assertEqual(ended.state, "expired")
        page = self._unit_page()
        self.assertIn(ended.name, page)
        self.assertIn("Ended", page)
        self.assertIn(format_date(self.env, ended.date_end), page)
        self.assertNotIn("No service contract.", page)

    def test_portal_shows_the_unit_s_visits_and_next_maintenance(self):
        today = fields.Date.today()
        plan = self.env["aftersales.maintenance.plan"].create(
            {"equipment_id": self.unit.id, "start_date": today}
        )
        page = self._unit_page()
        self.assertIn("No service visit on this unit yet.", page)
        self.assertIn(format_date(self.env, today), page)
        plan._cron_create_due_visits()
        visit = plan.visit_ids
        self.assertEqual(len(visit), 1)
        # a visit still to be approved is not the customer's to see yet
        self.assertNotIn(visit.name, self._unit_page())
        visit.action_approve()
        page = self._unit_page()
        self.assertIn(visit.name, page)
        self.assertIn(visit.access_url, page)
        self.assertIn("Preventive maintenance", page)
        self.assertNotIn("No service visit on this unit yet.", page)

    def _unit_page(self):
        self.authenticate("as_eq_portal", "as_eq_portal_pw")
        page = self.url_open(f"/my/aftersales/equipment/{self.unit.id}")
        self.assertEqual(page.status_code, 200)
        return page.text

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
