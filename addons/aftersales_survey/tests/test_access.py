from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AftersalesSurveyCommon


@tagged("post_install", "-at_install")
class TestAccess(AftersalesSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env,
            login="as_outsider",
            groups="aftersales_service.group_aftersales_user",
            name="Other Team Member",
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="as_portal",
            groups="base.group_portal",
            name="Li Wei Portal",
            partner_id=cls.contact.id,
        )
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Chen Jing",
                "parent_id": cls.customer.id,
                "email": "chen@example.com",
            }
        )
        cls.ticket = cls._create_ticket()
        cls.ticket.user_id = cls.technician
        cls.ticket.stage_id = cls.stage_closed
        cls.answer = cls.ticket.survey_user_input_ids
        cls.other_ticket = cls._create_ticket(partner_id=cls.other_contact.id)
        cls.other_ticket.stage_id = cls.stage_closed
        cls.other_answer = cls.other_ticket.survey_user_input_ids

    def _visible(self, user):
        return (
            self.env["survey.user_input"]
            .with_user(user)
            .search([("id", "in", (self.answer | self.other_answer).ids)])
        )

    def test_team_member_sees_team_ticket_answers(self):
        self.assertEqual(
            self._visible(self.technician), self.answer | self.other_answer
        )
        self.answer.with_user(self.technician).read(["aftersales_csat_score"])
        # Answers are the customer's: agents read them, they do not edit them.
        with self.assertRaises(AccessError):
            self.answer.with_user(self.technician).write(
                {"aftersales_channel": "email"}
            )

    def test_user_outside_the_team_sees_nothing(self):
        self.assertFalse(self._visible(self.outsider))
        with self.assertRaises(AccessError):
            self.answer.with_user(self.outsider).read(["aftersales_csat_score"])

    def test_officer_sees_all(self):
        self.team.write({"member_ids": [(5, 0, 0)], "user_id": False})
        self.assertEqual(self._visible(self.leader), self.answer | self.other_answer)

    def test_portal_customer_answers_through_the_link_only(self):
        """As in Odoo's survey app, a customer answers through the survey
        link (its token), never by reading answers through the ORM: not even
        their own, let alone another customer's."""
        self.assertEqual(len(self.answer), 1)
        self.assertEqual(self.answer.partner_id, self.portal_user.partner_id)
        self.assertTrue(self.answer.access_token)
        for answer in (self.answer, self.other_answer):
            with self.assertRaises(AccessError):
                answer.with_user(self.portal_user).read(["state"])
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.portal_user).search([])
        with self.assertRaises(AccessError):
            self.answer.with_user(self.portal_user).write({"state": "done"})

    def test_other_company_answers_are_hidden(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        self.technician.write(
            {"company_ids": [(4, company_b.id)], "company_id": company_b.id}
        )
        visible = (
            self.env["survey.user_input"]
            .with_user(self.technician)
            .with_context(allowed_company_ids=[company_b.id])
            .search([("id", "in", self.answer.ids)])
        )
        self.assertFalse(visible)

    def test_technician_records_followup_of_team_ticket(self):
        ticket = self.other_ticket.with_user(self.technician)
        ticket.action_record_followup()
        self.assertEqual(self.other_answer.aftersales_channel, "phone")
        with self.assertRaises(AccessError):
            self.other_ticket.with_user(self.outsider).action_record_followup()

    def test_revisits_of_others_are_hidden_from_users(self):
        Revisit = self.env["aftersales.revisit"]
        own = Revisit.create(
            {"partner_id": self.customer.id, "user_id": self.technician.id}
        )
        other = Revisit.create(
            {"partner_id": self.customer.id, "user_id": self.leader.id}
        )
        visible = Revisit.with_user(self.technician).search(
            [("id", "in", (own | other).ids)]
        )
        self.assertEqual(visible, own)
        findings = self.env["aftersales.revisit.finding"].create(
            [
                {"revisit_id": own.id, "category": "design", "description": "A"},
                {"revisit_id": other.id, "category": "process", "description": "B"},
            ]
        )
        self.assertEqual(
            findings.with_user(self.technician)
            .search([("id", "in", findings.ids)])
            .revisit_id,
            own,
        )
        self.assertEqual(
            Revisit.with_user(self.leader).search([("id", "in", (own | other).ids)]),
            own | other,
        )
