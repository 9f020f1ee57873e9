from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestRevisit(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Revisit = cls.env["aftersales.revisit"]
        cls.revisit_type = cls.env.ref("aftersales_survey.mail_activity_type_revisit")
        # Only this test's customers are due.
        cls.env["res.partner"].search(
            [("aftersales_revisit_tier", "!=", False)]
        ).aftersales_revisit_tier = False
        cls.customer.write(
            {
                "aftersales_revisit_tier": "important",
                "aftersales_revisit_start_date": date(2026, 1, 10),
                "aftersales_revisit_user_id": cls.technician.id,
            }
        )

    def test_tier_sets_interval(self):
        self.assertEqual(self.customer.aftersales_revisit_interval, 6)
        self.other_customer.aftersales_revisit_tier = "long_term"
        self.assertEqual(self.other_customer.aftersales_revisit_interval, 12)
        self.assertTrue(self.other_customer.aftersales_next_revisit_date)

    @freeze_time("2026-01-09")
    def test_not_due_yet(self):
        self.assertFalse(self.Revisit._cron_schedule_revisits())

    @freeze_time("2026-01-12")
    def test_due_customer_gets_revisit_and_activity(self):
        revisits = self.Revisit._cron_schedule_revisits()
        self.assertEqual(revisits.partner_id, self.customer)
        self.assertEqual(revisits.date_due, date(2026, 1, 10))
        self.assertEqual(revisits.user_id, self.technician)
        self.assertTrue(revisits.is_overdue)
        self.assertIn(revisits, self.Revisit.search([("is_overdue", "=", True)]))
        activity = revisits.activity_ids
        self.assertEqual(activity.activity_type_id, self.revisit_type)
        self.assertEqual(activity.user_id, self.technician)
        # A planned revisit is not planned twice.
        self.assertFalse(self.Revisit._cron_schedule_revisits())

    @freeze_time("2026-01-12")
    def test_ticket_mode_creates_consultation_ticket(self):
        self.env.company.aftersales_revisit_mode = "ticket"
        revisit = self.Revisit._cron_schedule_revisits()
        self.assertTrue(revisit.ticket_id)
        self.assertEqual(revisit.ticket_id.ticket_type_id, self.type_consultation)
        self.assertEqual(revisit.ticket_id.partner_id, self.customer)
        self.assertFalse(revisit.activity_ids)

    @freeze_time("2026-01-12")
    def test_done_revisit_moves_next_date(self):
        revisit = self.Revisit._cron_schedule_revisits()
        with self.assertRaises(UserError):
            revisit.action_done()
        revisit.write(
            {
                "channel": "visit",
                "finding_ids": [
                    (0, 0, {"category": "assembly", "description": "Loose bracket"}),
                    (0, 0, {"category": "design", "description": "Door too heavy"}),
                ],
            }
        )
        revisit.action_done()
        self.assertEqual(revisit.state, "done")
        self.assertEqual(revisit.date_done, date(2026, 1, 12))
        self.assertFalse(revisit.activity_ids)
        self.assertFalse(revisit.is_overdue)
        self.assertEqual(self.customer.aftersales_last_revisit_date, date(2026, 1, 12))
        self.assertEqual(self.customer.aftersales_next_revisit_date, date(2026, 7, 12))
        self.assertEqual(
            set(revisit.finding_ids.mapped("category")), {"assembly", "design"}
        )
        self.assertFalse(self.Revisit._cron_schedule_revisits())

    @freeze_time("2026-01-12")
    def test_revisit_survey_answer(self):
        revisit = self.Revisit._cron_schedule_revisits()
        action = revisit.action_start_survey()
        answer = revisit.survey_user_input_id
        self.assertEqual(answer.partner_id, self.customer)
        self.assertEqual(answer.aftersales_channel, "phone")
        self.assertEqual(action["url"], answer.get_start_url())
