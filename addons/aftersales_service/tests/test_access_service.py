from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon, portal_user_of


@tagged("post_install", "-at_install")
class TestAccessService(AftersalesCommon):
    """Record rules of the visit sub-records, escalations and exclusions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="as_a_manager",
            groups="aftersales_service.group_aftersales_manager",
            name="Manager",
        )
        cls.portal_user = portal_user_of(
            cls.env, cls.customer, login="as_a_portal", name="Portal"
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.own_visit = cls._visit(cls._create_ticket())
        cls.other_visit = cls._visit(
            cls._create_ticket(partner_id=cls.other_customer.id)
        )
        cls.foreign_visit = cls._visit(
            cls.env["aftersales.ticket"].create(
                {
                    "name": "Elsewhere",
                    "partner_id": cls.customer.id,
                    "company_id": cls.other_company.id,
                }
            )
        )

    @classmethod
    def _visit(cls, ticket):
        return cls.env["aftersales.visit"].create(
            {
                "ticket_id": ticket.id,
                "scheduled_start": "2026-05-04 09:00:00",
                "scheduled_end": "2026-05-04 10:00:00",
                "line_ids": [Command.create({"product_id": cls.product.id})],
                "part_ids": [Command.create({"product_id": cls.other_product.id})],
                "expense_ids": [Command.create({"amount": 10.0})],
            }
        )

    def test_portal_reads_equipment_and_parts_of_own_visits_only(self):
        for model, field in (
            ("aftersales.visit.line", "line_ids"),
            ("aftersales.visit.part", "part_ids"),
        ):
            visible = self.env[model].with_user(self.portal_user).search([])
            self.assertEqual(visible, self.own_visit[field], model)

    def test_portal_has_no_access_to_expenses_logs_or_capa(self):
        for model in (
            "aftersales.visit.expense",
            "aftersales.work.log",
            "aftersales.capa.action",
            "aftersales.escalation",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.portal_user).search([])

    def test_visit_sub_records_of_other_company_hidden(self):
        for model, field in (
            ("aftersales.visit.line", "line_ids"),
            ("aftersales.visit.part", "part_ids"),
            ("aftersales.visit.expense", "expense_ids"),
        ):
            records = self.env[model].with_user(self.manager).search([])
            self.assertTrue(self.own_visit[field] <= records, model)
            self.assertFalse(self.foreign_visit[field] & records, model)

    def test_escalation_of_other_company_hidden(self):
        escalations = self.env["aftersales.escalation"].create(
            [
                {"ticket_id": self.own_visit.ticket_id.id, "reason": "here"},
                {"ticket_id": self.foreign_visit.ticket_id.id, "reason": "there"},
            ]
        )
        visible = (
            self.env["aftersales.escalation"]
            .with_user(self.manager)
            .search([("id", "in", escalations.ids)])
        )
        self.assertEqual(visible.mapped("reason"), ["here"])

    def test_warranty_exclusions_shared_or_per_company(self):
        Exclusion = self.env["aftersales.warranty.exclusion"]
        shared = Exclusion.create({"name": "Shared reason"})
        foreign = Exclusion.create(
            {"name": "Foreign reason", "company_id": self.other_company.id}
        )
        visible = Exclusion.with_user(self.technician).search([])
        self.assertIn(shared, visible)
        self.assertNotIn(foreign, visible)
        with self.assertRaises(AccessError):
            Exclusion.with_user(self.technician).create({"name": "Not allowed"})
