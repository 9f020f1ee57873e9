from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestCapa(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reviewer = new_test_user(
            cls.env,
            login="as_c_reviewer",
            groups="aftersales_service.group_aftersales_quality_reviewer,"
            "aftersales_service.group_aftersales_officer",
            name="Quality Manager",
        )
        cls.manager = new_test_user(
            cls.env,
            login="as_c_manager",
            groups="aftersales_service.group_aftersales_manager,"
            "aftersales_service.group_aftersales_general_manager",
            name="General Manager",
        )

    def _complaint(self):
        return self._create_ticket(
            ticket_type_id=self.type_complaint.id,
            root_cause="Fan bearing out of tolerance",
            responsibility="supplier",
            capa_action_ids=[
                Command.create(
                    {
                        "action_type": "corrective",
                        "description": "Replace fan",
                        "user_id": self.technician.id,
                        "date_deadline": "2026-06-01",
                    }
                )
            ],
        )

    def test_full_capa_track_by_step_owners(self):
        ticket = self._complaint()
        self.assertEqual(ticket.capa_state, "analysis")
        ticket.with_user(self.technician).action_capa_submit()
        self.assertEqual(ticket.capa_state, "quality_review")
        ticket.with_user(self.reviewer).capa_quality_opinion = "Block batch"
        ticket.with_user(self.reviewer).action_capa_review_done()
        ticket.with_user(self.reviewer).capa_verification_result = "Assessed"
        ticket.with_user(self.reviewer).action_capa_assessment_done()
        self.assertEqual(ticket.capa_state, "approval")
        ticket.with_user(self.manager).action_capa_approve()
        self.assertEqual(ticket.capa_state, "archived")
        self.assertEqual(ticket.capa_approved_by_id, self.manager)

    def test_submit_requires_analysis(self):
        ticket = self._create_ticket(ticket_type_id=self.type_complaint.id)
        with self.assertRaisesRegex(UserError, "root cause"):
            ticket.with_user(self.technician).action_capa_submit()
        self.assertEqual(ticket.capa_state, "analysis")

    def test_technician_cannot_do_quality_review(self):
        ticket = self._complaint()
        ticket.with_user(self.technician).action_capa_submit()
        ticket.capa_quality_opinion = "Opinion"
        with self.assertRaisesRegex(UserError, "quality reviewer"):
            ticket.with_user(self.technician).action_capa_review_done()
        with self.assertRaisesRegex(UserError, "quality reviewer"):
            ticket.with_user(self.technician).write({"capa_state": "assessment"})
        self.assertEqual(ticket.capa_state, "quality_review")

    def _at_approval(self):
        ticket = self._complaint()
        ticket.with_user(self.technician).action_capa_submit()
        ticket.with_user(self.reviewer).capa_quality_opinion = "Block batch"
        ticket.with_user(self.reviewer).action_capa_review_done()
        ticket.with_user(self.reviewer).capa_verification_result = "Assessed"
        ticket.with_user(self.reviewer).action_capa_assessment_done()
        self.assertEqual(ticket.capa_state, "approval")
        return ticket

    def test_reviewer_cannot_give_final_approval(self):
        ticket = self._at_approval()
        with self.assertRaisesRegex(UserError, "general manager"):
            ticket.with_user(self.reviewer).action_capa_approve()
        self.assertEqual(ticket.capa_state, "approval")

    def test_after_sales_administrator_is_not_the_general_manager(self):
        """CMP-06: the close-out is the general manager's, a right of its
        own that no after-sales group implies."""
        admin = new_test_user(
            self.env,
            login="as_c_admin_only",
            groups="aftersales_service.group_aftersales_manager",
        )
        self.assertFalse(
            admin.has_group("aftersales_service.group_aftersales_general_manager")
        )
        ticket = self._at_approval()
        with self.assertRaisesRegex(UserError, "general manager"):
            ticket.with_user(admin).action_capa_approve()
        self.assertEqual(ticket.capa_state, "approval")
        self.assertFalse(ticket.capa_approved_by_id)
        ticket.with_user(self.manager).action_capa_approve()
        self.assertEqual(ticket.capa_approved_by_id, self.manager)

    def test_steps_cannot_be_skipped(self):
        ticket = self._complaint()
        with self.assertRaisesRegex(UserError, "not at"):
            ticket.with_user(self.manager).action_capa_approve()

    def test_non_complaint_has_no_capa(self):
        ticket = self._create_ticket(root_cause="x", responsibility="design")
        with self.assertRaisesRegex(UserError, "not a complaint"):
            ticket.action_capa_submit()

    def test_capa_action_of_other_company_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        ticket = self.env["aftersales.ticket"].create(
            {
                "name": "Elsewhere",
                "partner_id": self.customer.id,
                "company_id": other_company.id,
                "capa_action_ids": [
                    Command.create(
                        {
                            "description": "x",
                            "user_id": self.manager.id,
                            "date_deadline": "2026-06-01",
                        }
                    )
                ],
            }
        )
        self.assertFalse(
            self.env["aftersales.capa.action"]
            .with_user(self.manager)
            .search([("id", "in", ticket.capa_action_ids.ids)])
        )

    def test_technician_cannot_record_the_managers_approval(self):
        ticket = self._complaint()
        ticket.with_user(self.technician).action_capa_submit()
        with self.assertRaisesRegex(UserError, "buttons"):
            ticket.with_user(self.technician).write(
                {"capa_approved_by_id": self.manager.id}
            )
        with self.assertRaisesRegex(UserError, "buttons"):
            ticket.with_user(self.reviewer).write({"capa_approved_date": "2026-01-01"})
        self.assertFalse(ticket.capa_approved_by_id)
        self.assertEqual(ticket.capa_state, "quality_review")
