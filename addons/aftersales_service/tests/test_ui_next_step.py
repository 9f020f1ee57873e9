# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUiNextStep(HttpCase):
    """'What do I do next', tested in a browser: the person who does the
    work walks each document from its first state to done through its form
    header, and the tour asserts at each state that the next action is a
    visible primary button (static/tests/tours/aftersales_next_step_tours.js).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # logins of 8+ characters: new_test_user's password is then the login
        cls.officer = new_test_user(
            cls.env,
            login="tour_officer",
            groups="aftersales_service.group_aftersales_officer",
            name="Tour Officer",
        )
        cls.technician = new_test_user(
            cls.env,
            login="tour_technician",
            groups="aftersales_service.group_aftersales_user",
            name="Tour Technician",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Next Step Customer", "is_company": True}
        )
        cls.ticket = cls.env["aftersales.ticket"].create(
            {
                "name": "Next step: unit beeps",
                "partner_id": cls.customer.id,
                "ticket_type_id": cls.env.ref(
                    "aftersales_service.ticket_type_consultation"
                ).id,
            }
        )

    def _url(self, action, record):
        return f"/odoo/action-{action}/{record.id}"

    def test_ticket_next_steps(self):
        self.assertTrue(self.ticket.stage_id.is_new)
        self.assertFalse(self.ticket.user_id)
        self.start_tour(
            self._url("aftersales_service.action_aftersales_ticket", self.ticket),
            "aftersales_next_step_ticket",
            login=self.officer.login,
        )
        self.assertEqual(self.ticket.user_id, self.officer)
        self.assertEqual(
            self.ticket.stage_id, self.env.ref("aftersales_service.stage_closed")
        )
        self.assertTrue(self.ticket.first_response_date)

    def test_visit_next_steps(self):
        start = fields.Datetime.now() + timedelta(days=1)
        visit = self.env["aftersales.visit"].create(
            {
                "ticket_id": self.ticket.id,
                "user_ids": [(6, 0, self.technician.ids)],
                "scheduled_start": start,
                "scheduled_end": start + timedelta(hours=2),
            }
        )
        self.start_tour(
            self._url("aftersales_service.action_aftersales_visit", visit),
            "aftersales_next_step_visit",
            login=self.technician.login,
        )
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.approved_by_id, self.technician)
        self.assertIn("controller board", visit.work_performed)
        self.assertEqual(visit.signed_by, self.customer.name)
        self.assertTrue(visit.signature)
