# Copyright 2026 After-Sales Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesCommon

STEPS = ("submit", "review_done", "assessment_done", "approve", "send_back")


@tagged("post_install", "-at_install")
class TestCapaDocument(AftersalesCommon):
    """The CAPA of a complaint as its own document (aftersales.capa): steps by
    their owners, guarded state and approval, buttons from can_* fields."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reviewer = new_test_user(
            cls.env,
            login="as_cd_reviewer",
            groups="aftersales_service.group_aftersales_quality_reviewer,"
            "aftersales_service.group_aftersales_officer",
            name="Quality Manager",
        )
        cls.manager = new_test_user(
            cls.env,
            login="as_cd_manager",
            groups="aftersales_service.group_aftersales_manager,"
            "aftersales_service.group_aftersales_general_manager",
            name="General Manager",
        )

    def _complaint(self):
        ticket = self._create_ticket(
            ticket_type_id=self.type_complaint.id,
            root_cause="Seal worn",
            responsibility="supplier",
        )
        self.env["aftersales.capa.action"].with_user(self.technician).create(
            {
                "capa_id": ticket.capa_id.id,
                "description": "Replace seal",
                "user_id": self.technician.id,
                "date_deadline": "2026-06-01",
            }
        )
        return ticket

    def _can(self, capa, user):
        capa = capa.with_user(user)
        capa.invalidate_recordset()
        return {step for step in STEPS if capa[f"can_{step}"]}

    def test_complaint_gets_its_capa_on_creation(self):
        ticket = self._create_ticket(ticket_type_id=self.type_complaint.id)
        self.assertTrue(ticket.capa_id)
        self.assertEqual(ticket.capa_id.ticket_id, ticket)
        self.assertEqual(ticket.capa_state, "analysis")
        repair = self._create_ticket()
        self.assertFalse(repair.capa_id)
        # turning a ticket into a complaint brings it into the CAPA flow
        repair.ticket_type_id = self.type_complaint
        self.assertEqual(repair.capa_id.state, "analysis")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.env["aftersales.capa"].create({"ticket_id": ticket.id})

    def test_full_walk_on_the_capa_by_step_owners(self):
        ticket = self._complaint()
        capa = ticket.capa_id
        capa.with_user(self.technician).action_submit()
        self.assertEqual(capa.state, "quality_review")
        capa.with_user(self.reviewer).quality_opinion = "Block the batch"
        capa.with_user(self.reviewer).action_review_done()
        capa.with_user(self.reviewer).verification_result = "Supplier assessed"
        capa.with_user(self.reviewer).action_assessment_done()
        self.assertEqual(capa.state, "approval")
        capa.with_user(self.manager).action_approve()
        self.assertEqual(capa.state, "archived")
        self.assertEqual(capa.approved_by_id, self.manager)
        self.assertTrue(capa.approved_date)
        # the ticket shows the same values under its old names
        self.assertEqual(ticket.capa_state, "archived")
        self.assertEqual(ticket.capa_approved_by_id, self.manager)
        self.assertEqual(ticket.capa_quality_opinion, "Block the batch")
        self.assertEqual(ticket.capa_action_ids, capa.action_ids)
        self.assertEqual(capa.action_ids.ticket_id, ticket)

    def test_state_and_approval_not_writable_over_rpc(self):
        capa = self._complaint().capa_id
        for user, vals in (
            (self.technician, {"state": "archived"}),
            (self.technician, {"approved_by_id": self.technician.id}),
            (self.reviewer, {"approved_date": "2026-01-01 10:00:00"}),
            (self.reviewer, {"state": "quality_review"}),
        ):
            with self.assertRaises(UserError, msg=vals):
                capa.with_user(user).write(vals)
        self.assertEqual(capa.state, "analysis")
        self.assertFalse(capa.approved_by_id)
        # nor by creating a CAPA that is already approved
        repair = self._create_ticket()
        with self.assertRaisesRegex(UserError, "buttons"):
            self.env["aftersales.capa"].with_user(self.technician).create(
                {"ticket_id": repair.id, "approved_by_id": self.technician.id}
            )
        # the ticket's related fields are refused the same way
        with self.assertRaisesRegex(UserError, "buttons"):
            capa.ticket_id.with_user(self.reviewer).write(
                {"capa_approved_by_id": self.reviewer.id}
            )

    def test_buttons_match_the_allowed_steps(self):
        capa = self._complaint().capa_id
        expected = {
            "analysis": {
                self.technician: {"submit"},
                self.reviewer: {"submit"},
                self.manager: {"submit"},
            },
            "quality_review": {
                self.technician: set(),
                self.reviewer: {"review_done", "send_back"},
                self.manager: {"review_done", "send_back"},
            },
            "assessment": {
                self.technician: set(),
                self.reviewer: {"assessment_done", "send_back"},
                self.manager: {"assessment_done", "send_back"},
            },
            "approval": {
                self.technician: set(),
                self.reviewer: {"send_back"},
                self.manager: {"approve", "send_back"},
            },
            "archived": {
                self.technician: set(),
                self.reviewer: set(),
                self.manager: set(),
            },
        }
        capa.write({"quality_opinion": "x", "verification_result": "y"})
        for state, by_user in expected.items():
            capa.sudo().state = state
            for user, steps in by_user.items():
                self.assertEqual(self._can(capa, user), steps, f"{state} {user.name}")
                # and each action does exactly what its button promises
                for step in STEPS:
                    with self.cr.savepoint() as savepoint:
                        try:
                            getattr(capa.with_user(user), f"action_{step}")()
                            done = capa.state != state
                        except UserError:
                            done = False
                        savepoint.rollback()
                    self.assertEqual(done, step in steps, f"{state} {user.name} {step}")
        # a ticket that stopped being a complaint moves no CAPA step
        capa.sudo().state = "analysis"
        capa.ticket_id.ticket_type_id = self.type_repair
        self.assertEqual(self._can(capa, self.manager), set())

    def test_ticket_form_buttons_delegate_to_the_capa(self):
        ticket = self._complaint()
        ticket.with_user(self.technician).action_capa_submit()
        self.assertEqual(ticket.capa_id.state, "quality_review")
        ticket.with_user(self.reviewer).action_capa_send_back()
        self.assertEqual(ticket.capa_id.state, "analysis")
        action = ticket.with_user(self.technician).action_view_capa()
        self.assertEqual(action["res_model"], "aftersales.capa")
        self.assertEqual(action["res_id"], ticket.capa_id.id)

    def test_portal_user_cannot_read_capa(self):
        portal = new_test_user(
            self.env, login="as_cd_portal", groups="base.group_portal"
        )
        capa = self._complaint().capa_id
        with self.assertRaises(AccessError):
            capa.with_user(portal).read(["state"])
        with self.assertRaises(AccessError):
            self.env["aftersales.capa"].with_user(portal).search([])

    def test_capa_of_other_company_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co CAPA"})
        ticket = self.env["aftersales.ticket"].create(
            {
                "name": "Elsewhere",
                "partner_id": self.customer.id,
                "company_id": other_company.id,
                "ticket_type_id": self.type_complaint.id,
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
        self.assertEqual(ticket.capa_id.company_id, other_company)
        self.assertFalse(
            self.env["aftersales.capa"]
            .with_user(self.manager)
            .search([("id", "=", ticket.capa_id.id)])
        )
