from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon, portal_user_of


@tagged("post_install", "-at_install")
class TestAccess(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env,
            login="as_outsider",
            groups="aftersales_service.group_aftersales_user",
            name="Outsider",
        )
        cls.officer = new_test_user(
            cls.env,
            login="as_officer",
            groups="aftersales_service.group_aftersales_officer",
            name="Officer",
        )
        cls.manager = new_test_user(
            cls.env,
            login="as_manager",
            groups="aftersales_service.group_aftersales_manager",
            name="Manager",
        )
        cls.plain_employee = new_test_user(
            cls.env, login="as_employee", groups="base.group_user", name="Employee"
        )
        cls.portal_user = portal_user_of(
            cls.env, cls.customer, login="as_portal", name="Portal Contact"
        )
        cls.other_team = cls.env["aftersales.team"].create({"name": "Other Team"})
        cls.team_ticket = cls._create_ticket(name="Team ticket")
        cls.own_ticket = cls._create_ticket(
            name="Own ticket", team_id=cls.other_team.id, user_id=cls.outsider.id
        )
        cls.foreign_ticket = cls._create_ticket(
            name="Other team ticket",
            team_id=cls.other_team.id,
            partner_id=cls.other_customer.id,
        )
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.team_b = cls.env["aftersales.team"].create(
            {"name": "Team B", "company_id": cls.company_b.id}
        )
        cls.ticket_b = (
            cls.env["aftersales.ticket"]
            .with_company(cls.company_b)
            .create(
                {
                    "name": "Company B ticket",
                    "partner_id": cls.customer.id,
                    "company_id": cls.company_b.id,
                    "team_id": cls.team_b.id,
                }
            )
        )
        cls.all_tickets = (
            cls.team_ticket | cls.own_ticket | cls.foreign_ticket | cls.ticket_b
        )

    def _visible(self, user):
        return (
            self.env["aftersales.ticket"]
            .with_user(user)
            .with_context(allowed_company_ids=[self.company.id])
            .search([("id", "in", self.all_tickets.ids)])
        )

    def test_user_sees_own_team_tickets_only(self):
        self.assertEqual(self._visible(self.technician), self.team_ticket)
        with self.assertRaises(AccessError):
            self.foreign_ticket.with_user(self.technician).read(["name"])

    def test_user_sees_tickets_assigned_to_them(self):
        self.assertEqual(self._visible(self.outsider), self.own_ticket)

    def test_user_can_edit_but_not_delete(self):
        self.team_ticket.with_user(self.technician).write({"priority": "2"})
        self.assertEqual(self.team_ticket.priority, "2")
        with self.assertRaises(AccessError):
            self.team_ticket.with_user(self.technician).unlink()

    def test_user_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.sla.policy"].with_user(self.technician).create(
                {"name": "Mine", "response_hours": 1}
            )
        with self.assertRaises(AccessError):
            self.stage_new.with_user(self.technician).write({"name": "Renamed"})

    def test_officer_sees_all_tickets_of_allowed_companies(self):
        self.assertEqual(
            self._visible(self.officer),
            self.team_ticket | self.own_ticket | self.foreign_ticket,
        )

    def test_other_company_visible_only_when_allowed(self):
        self.officer.write({"company_ids": [Command.link(self.company_b.id)]})
        visible = (
            self.env["aftersales.ticket"]
            .with_user(self.officer)
            .with_context(allowed_company_ids=[self.company.id, self.company_b.id])
            .search([("id", "in", self.all_tickets.ids)])
        )
        self.assertIn(self.ticket_b, visible)
        self.assertNotIn(self.ticket_b, self._visible(self.officer))

    def test_manager_configures_and_deletes(self):
        policy = (
            self.env["aftersales.sla.policy"]
            .with_user(self.manager)
            .create({"name": "Manager policy", "response_hours": 2})
        )
        self.assertTrue(policy.exists())
        self.foreign_ticket.with_user(self.manager).unlink()
        self.assertFalse(self.foreign_ticket.exists())

    def test_employee_without_group_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.ticket"].with_user(self.plain_employee).search([])

    def test_new_user_gets_no_aftersales_rights(self):
        # created as Settings does, with the default groups of a new user
        user = self.env["res.users"].create(
            {"name": "New Hire", "login": "as_new_hire"}
        )
        self.assertTrue(user.has_group("base.group_user"))
        self.assertFalse(user.has_group("aftersales_service.group_aftersales_user"))

    def test_portal_reads_own_company_tickets_only(self):
        visible = self._visible(self.portal_user)
        self.assertEqual(visible, self.team_ticket | self.own_ticket)
        with self.assertRaises(AccessError):
            self.foreign_ticket.with_user(self.portal_user).read(["name"])

    def test_portal_cannot_write_or_create(self):
        with self.assertRaises(AccessError):
            self.team_ticket.with_user(self.portal_user).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            self.env["aftersales.ticket"].with_user(self.portal_user).create(
                {"name": "New", "partner_id": self.portal_user.partner_id.id}
            )

    def test_team_of_other_company_hidden(self):
        teams = (
            self.env["aftersales.team"]
            .with_user(self.officer)
            .with_context(allowed_company_ids=[self.company.id])
            .search([])
        )
        self.assertNotIn(self.team_b, teams)
