from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestWorkLog(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_labour_cost_rate = 80.0
        cls.ticket = cls._create_ticket(service_category="paid")
        cls.other_tech = new_test_user(
            cls.env,
            login="as_w_tech2",
            groups="aftersales_service.group_aftersales_user",
            name="Second Technician",
        )
        cls.Log = cls.env["aftersales.work.log"]

    def _log(self, hours, user=None, **overrides):
        user = user or self.technician
        vals = {
            "user_id": user.id,
            "date": "2026-05-04",
            "hours": hours,
            "service_category": "paid",
            "ticket_id": self.ticket.id,
        }
        vals.update(overrides)
        return self.Log.with_user(user).create(vals)

    def test_hours_must_be_positive(self):
        with self.assertRaisesRegex(ValidationError, "more than zero"):
            self._log(0.0)
        with self.assertRaisesRegex(ValidationError, "more than zero"):
            self._log(-1.0)

    def test_daily_total_may_reach_but_not_exceed_24_hours(self):
        self._log(20.0)
        self._log(4.0)
        self.assertEqual(
            sum(
                self.Log.search([("user_id", "=", self.technician.id)]).mapped("hours")
            ),
            24.0,
        )
        with self.assertRaisesRegex(ValidationError, "at most 24 hours"):
            self._log(0.5)
        # Another day and another technician are not affected.
        self._log(8.0, date="2026-05-05")
        self._log(8.0, user=self.other_tech)

    def test_editing_hours_over_the_daily_limit_is_refused(self):
        first = self._log(12.0)
        self._log(12.0)
        with self.assertRaisesRegex(ValidationError, "at most 24 hours"):
            first.hours = 13.0

    def test_ticket_required_unless_internal(self):
        with self.assertRaisesRegex(ValidationError, "choose the ticket"):
            self._log(2.0, ticket_id=False)
        internal = self._log(2.0, ticket_id=False, service_category="internal")
        self.assertFalse(internal.ticket_id)

    def test_cost_rate_is_stored_and_totals_roll_up(self):
        visit = self.env["aftersales.visit"].create(
            {
                "ticket_id": self.ticket.id,
                "user_ids": [Command.link(self.technician.id)],
                "scheduled_start": fields.Datetime.to_datetime("2026-05-04 09:00:00"),
                "scheduled_end": fields.Datetime.to_datetime("2026-05-04 12:00:00"),
            }
        )
        log = self._log(3.0, ticket_id=False, visit_id=visit.id)
        self._log(1.5)
        self.assertEqual(log.ticket_id, self.ticket, "the visit's ticket is used")
        self.assertEqual(log.sudo().labour_cost_rate, 80.0)
        self.assertEqual(log.sudo().labour_cost, 240.0)
        self.company.aftersales_labour_cost_rate = 90.0
        self.assertEqual(log.sudo().labour_cost_rate, 80.0, "rate kept at logging")
        self.assertEqual(visit.work_hours, 3.0)
        self.assertEqual(self.ticket.work_hours, 4.5)

    def test_users_see_own_logs_officers_all(self):
        mine = self._log(2.0)
        theirs = self._log(3.0, user=self.other_tech)
        self.assertEqual(self.Log.with_user(self.technician).search([]), mine)
        self.assertEqual(
            self.Log.with_user(self.leader).search([("id", "in", (mine | theirs).ids)]),
            mine | theirs,
        )

    def test_logs_of_other_company_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        log = self.Log.create(
            {
                "user_id": self.leader.id,
                "hours": 1.0,
                "service_category": "internal",
                "company_id": other_company.id,
            }
        )
        self.assertFalse(self.Log.with_user(self.leader).search([("id", "=", log.id)]))
