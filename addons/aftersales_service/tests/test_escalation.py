from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestEscalation(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="as_e_manager",
            groups="aftersales_service.group_aftersales_manager",
            name="After-Sales Manager",
        )
        cls.expert_leader = new_test_user(
            cls.env,
            login="as_e_expert",
            groups="aftersales_service.group_aftersales_officer",
            name="Expert Leader",
        )
        cls.expert_team = cls.env["aftersales.team"].create(
            {"name": "Experts", "user_id": cls.expert_leader.id}
        )

    def _escalate(self, ticket, reason, team=None):
        action = ticket.with_user(self.technician).action_open_escalate_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.technician)
            .with_context(**action["context"])
        )
        wizard.reason = reason
        if team:
            wizard.team_id = team
        return wizard.save().action_escalate()

    def test_escalate_to_other_team_keeps_history_and_notifies(self):
        ticket = self._create_ticket(user_id=self.technician.id)
        self._escalate(ticket, "Needs a firmware expert", self.expert_team)
        self.assertTrue(ticket.is_escalated)
        self.assertEqual(ticket.team_id, self.expert_team)
        self.assertFalse(ticket.user_id)
        self.assertEqual(ticket.escalation_ids.from_team_id, self.team)
        self.assertEqual(ticket.escalation_ids.to_team_id, self.expert_team)
        self.assertEqual(ticket.escalation_ids.reason, "Needs a firmware expert")
        message = ticket.message_ids.filtered(lambda m: "firmware" in (m.body or ""))
        self.assertIn(self.manager.partner_id, message.partner_ids)
        self.assertIn(self.expert_leader.partner_id, message.partner_ids)

    def test_escalate_to_managers_keeps_team(self):
        ticket = self._create_ticket()
        self._escalate(ticket, "Customer threatens legal action")
        self.assertTrue(ticket.is_escalated)
        self.assertEqual(ticket.team_id, self.team)
        major = self._create_ticket(is_major_issue=True)
        quiet = self._create_ticket()
        action = self.env.ref("aftersales_service.action_aftersales_ticket_escalated")
        listed = self.env["aftersales.ticket"].search(safe_eval(action.domain))
        self.assertIn(ticket, listed)
        self.assertIn(major, listed)
        self.assertNotIn(quiet, listed)

    def test_escalate_to_own_team_refused(self):
        ticket = self._create_ticket(user_id=self.technician.id)
        with self.assertRaisesRegex(UserError, "already handled by team"):
            ticket.with_user(self.technician).action_escalate("Loop", self.team)
        self.assertFalse(ticket.is_escalated)
        self.assertFalse(ticket.escalation_ids)

    def test_closed_ticket_cannot_be_escalated(self):
        ticket = self._create_ticket(quality_issue="not_confirmed")
        ticket.stage_id = self.stage_closed
        with self.assertRaisesRegex(UserError, "reopen"):
            ticket.action_escalate("late", None)
        self.assertFalse(ticket.is_escalated)
        self.assertFalse(ticket.escalation_ids)
